using System.Buffers.Binary;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Encoding;

/// <summary>
/// Bounds-checked reader over a byte span. Every read checks the remaining length and throws
/// <see cref="DecodeException"/>; variable-length integers must use their shortest form.
/// </summary>
public ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Position => _pos;
    public readonly int Remaining => _data.Length - _pos;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) throw new DecodeException($"truncated: needed {count} bytes at offset {_pos}, {Remaining} left");
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    public byte ReadU8() => ReadBytes(1)[0];
    public ushort ReadU16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));
    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));
    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));
    public Hash256 ReadHash() => new(ReadBytes(Hash256.Size));

    public bool ReadBool()
    {
        byte b = ReadU8();
        if (b > 1) throw new DecodeException($"boolean must be 0 or 1, got {b}");
        return b == 1;
    }

    /// <summary>Bitcoin's CompactSize, rejected unless minimally encoded.</summary>
    public ulong ReadVarInt()
    {
        byte first = ReadU8();
        ulong value;
        ulong min;
        switch (first)
        {
            case < 0xfd: return first;
            case 0xfd: value = ReadU16(); min = 0xfd; break;
            case 0xfe: value = ReadU32(); min = 0x1_0000; break;
            default: value = ReadU64(); min = 0x1_0000_0000; break;
        }
        if (value < min) throw new DecodeException("non-canonical variable-length integer");
        return value;
    }

    /// <summary>A count or length bounded by <paramref name="max"/>, checked before anything is allocated.</summary>
    public int ReadLength(int max, string what)
    {
        ulong n = ReadVarInt();
        if (n > (ulong)max) throw new DecodeException($"{what}: {n} exceeds the limit of {max}");
        return (int)n;
    }

    public ReadOnlySpan<byte> ReadVarBytes(int max, string what) => ReadBytes(ReadLength(max, what));

    /// <summary>UTF-8 text; invalid UTF-8 is rejected so that every string has one encoding.</summary>
    public string ReadString(int maxBytes, string what)
    {
        var bytes = ReadVarBytes(maxBytes, what);
        try { return StrictUtf8.GetString(bytes); }
        catch (ArgumentException) { throw new DecodeException($"{what}: invalid UTF-8"); }
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0) throw new DecodeException($"{Remaining} trailing bytes");
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);
}
