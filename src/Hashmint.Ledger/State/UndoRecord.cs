using Hashmint.Core.Encoding;

namespace Hashmint.Ledger.State;

/// <summary>
/// What disconnecting a block needs: the value every changed state key had before the block (null = absent).
/// Encoding: varint count | (varbytes key | u8 present | [varbytes value])*.
/// </summary>
public sealed record UndoRecord(IReadOnlyList<KeyValuePair<byte[], byte[]?>> PriorValues)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(64 + PriorValues.Count * 64).VarInt((ulong)PriorValues.Count);
        foreach (var (key, value) in PriorValues)
        {
            w.VarBytes(key).Bool(value is not null);
            if (value is not null) w.VarBytes(value);
        }
        return w.ToArray();
    }

    public static UndoRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        int n = r.ReadLength(10_000_000, "undo entries");
        // Every entry takes at least two bytes (key length, presence flag): size the list by what the input can hold.
        var list = new List<KeyValuePair<byte[], byte[]?>>(Math.Min(n, r.Remaining / 2));
        for (int i = 0; i < n; i++)
        {
            var key = r.ReadVarBytes(1024, "state key").ToArray();
            byte[]? value = r.ReadBool() ? r.ReadVarBytes(1 << 20, "state value").ToArray() : null;
            list.Add(new(key, value));
        }
        r.EnsureEnd();
        return new UndoRecord(list);
    }
}
