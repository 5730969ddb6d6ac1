using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Storage;

namespace Hashmint.Network.Wire;

/// <summary>
/// A chunk of the state tree is a subtree: the tree keys (SHA256 of state keys) whose first <c>depth</c> bits are
/// <c>path</c> (an integer below 2^depth whose lowest bit is the last bit of the path).
/// </summary>
public static class StatePaths
{
    /// <summary>Paths are u32: at most 32 bits.</summary>
    public const int MaxDepth = 32;

    /// <summary>The 32-byte key whose first <paramref name="depth"/> bits are <paramref name="path"/>, the rest zero.</summary>
    public static byte[] Key(int depth, uint path)
    {
        var key = new byte[32];
        if (depth == 0) return key;
        uint bits = depth == 32 ? path : path << (32 - depth);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(key, bits);
        return key;
    }

    public static bool IsValid(int depth, uint path) => depth is >= 0 and <= MaxDepth && (depth == 32 || path < 1UL << depth);
}

/// <summary>getstate: asks for the chunk (depth, path) of the state at a block (the server's tip).</summary>
public sealed record GetStateMessage(Hash256 Block, byte Depth, uint Path)
{
    public const int Size = 32 + 1 + 4;

    public byte[] Encode() => new ByteWriter(Size).Hash(Block).U8(Depth).U32(Path).ToArray();

    public static GetStateMessage Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        var m = new GetStateMessage(r.ReadHash(), r.ReadU8(), r.ReadU32());
        r.EnsureEnd();
        if (!StatePaths.IsValid(m.Depth, m.Path)) throw new DecodeException($"state path {m.Path} does not fit in {m.Depth} bits (depth at most {StatePaths.MaxDepth})");
        return m;
    }
}

public enum StateChunkStatus : byte
{
    /// <summary>The chunk follows, with its proof.</summary>
    Ok = 0,
    /// <summary>The block is not the server's tip (it serves only the state it has).</summary>
    Unavailable = 1,
    /// <summary>The chunk is over the message cap: ask for its two halves (depth + 1).</summary>
    TooLarge = 2,
}

/// <summary>
/// statechunk: the answer to a getstate. When Ok: the sibling hashes from the root down the path (as many as the depth,
/// fewer when the path ends early in an empty subtree or a single leaf), the leaf that ends the path when it lies
/// beside it, and every state pair under the path in ascending tree-key order.
/// </summary>
public sealed record StateChunkMessage(Hash256 Block, byte Depth, uint Path, StateChunkStatus Status, IReadOnlyList<byte[]> Siblings, SmtLeaf? Terminal,
    IReadOnlyList<KeyValuePair<byte[], byte[]>> Pairs)
{
    public const int MaxPairs = 100_000;
    public const int MaxStateKeyBytes = 1024;
    /// <summary>The message cap: a block's.</summary>
    public const int MaxBytes = Commands.MaxBlockBytes;

    public static StateChunkMessage Refusal(GetStateMessage m, StateChunkStatus status) => new(m.Block, m.Depth, m.Path, status, [], null, []);

    public byte[] Encode()
    {
        var w = new ByteWriter(64 + Siblings.Count * 32 + Pairs.Sum(p => p.Key.Length + p.Value.Length + 8));
        w.Hash(Block).U8(Depth).U32(Path).U8((byte)Status);
        if (Status != StateChunkStatus.Ok) return w.ToArray();
        w.VarInt((ulong)Siblings.Count);
        foreach (var s in Siblings) w.Bytes(s);
        if (Terminal is { } t) w.U8(1).Bytes(t.Key).Bytes(t.ValueHash);
        else w.U8(0);
        w.VarInt((ulong)Pairs.Count);
        foreach (var (k, v) in Pairs) w.VarBytes(k).VarBytes(v);
        return w.ToArray();
    }

    public static StateChunkMessage Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        var block = r.ReadHash();
        byte depth = r.ReadU8();
        uint path = r.ReadU32();
        if (!StatePaths.IsValid(depth, path)) throw new DecodeException($"state path {path} does not fit in {depth} bits");
        byte status = r.ReadU8();
        if (status > (byte)StateChunkStatus.TooLarge) throw new DecodeException($"unknown state chunk status {status}");
        if (status != (byte)StateChunkStatus.Ok)
        {
            r.EnsureEnd();
            return new StateChunkMessage(block, depth, path, (StateChunkStatus)status, [], null, []);
        }
        int k = r.ReadLength(depth, "siblings");
        var siblings = new byte[k][];
        for (int i = 0; i < k; i++) siblings[i] = r.ReadBytes(32).ToArray();
        SmtLeaf? terminal = r.ReadU8() switch
        {
            0 => null,
            1 => new SmtLeaf(r.ReadBytes(32).ToArray(), r.ReadBytes(32).ToArray()),
            var b => throw new DecodeException($"terminal flag {b} is neither 0 nor 1"),
        };
        int n = r.ReadLength(MaxPairs, "state pairs");
        var pairs = new KeyValuePair<byte[], byte[]>[n];
        for (int i = 0; i < n; i++)
        {
            var key = r.ReadVarBytes(MaxStateKeyBytes, "state key").ToArray();
            var value = r.ReadVarBytes(MaxBytes, "state value").ToArray();
            pairs[i] = new(key, value);
        }
        r.EnsureEnd();
        return new StateChunkMessage(block, depth, path, StateChunkStatus.Ok, siblings, terminal, pairs);
    }
}
