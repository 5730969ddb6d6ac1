using System.Buffers.Binary;

namespace Hashmint.Storage;

/// <summary>
/// The proof byte format: terminal kind (1 byte: 0 = empty subtree, 1 = leaf), depth d
/// (2 bytes big-endian, at most 256), d sibling hashes of 32 bytes from the root down, then for a
/// leaf its 32-byte key and 32-byte value hash. Nothing may follow.
/// </summary>
internal static class SmtProofCodec
{
    private const byte EmptyTerminal = 0;
    private const byte LeafTerminal = 1;
    private const int HeaderSize = 3;
    private const int LeafSize = SmtHashing.KeySize + SmtHashing.HashSize;

    public static byte[] Encode(SmtProof proof)
    {
        var bytes = new byte[HeaderSize + proof.Depth * SmtHashing.HashSize + (proof.Leaf is null ? 0 : LeafSize)];
        bytes[0] = proof.Leaf is null ? EmptyTerminal : LeafTerminal;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1, 2), (ushort)proof.Depth);
        var offset = HeaderSize;
        foreach (var sibling in proof.Siblings)
        {
            sibling.CopyTo(bytes, offset);
            offset += SmtHashing.HashSize;
        }
        if (proof.Leaf is { } leaf)
        {
            leaf.Key.CopyTo(bytes, offset);
            leaf.ValueHash.CopyTo(bytes, offset + SmtHashing.KeySize);
        }
        return bytes;
    }

    public static SmtProof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
            throw new SmtProofFormatException($"{bytes.Length} bytes is shorter than the {HeaderSize}-byte header");
        var terminal = bytes[0];
        if (terminal is not (EmptyTerminal or LeafTerminal))
            throw new SmtProofFormatException($"unknown terminal kind {terminal} (expected 0 = empty or 1 = leaf)");
        int depth = BinaryPrimitives.ReadUInt16BigEndian(bytes[1..3]);
        if (depth > SmtProof.MaxDepth)
            throw new SmtProofFormatException($"depth {depth} exceeds the maximum {SmtProof.MaxDepth}");
        var expected = HeaderSize + depth * SmtHashing.HashSize + (terminal == LeafTerminal ? LeafSize : 0);
        if (bytes.Length < expected)
            throw new SmtProofFormatException($"truncated: {bytes.Length} bytes, expected {expected} for depth {depth}");
        if (bytes.Length > expected)
            throw new SmtProofFormatException($"{bytes.Length - expected} trailing bytes after the proof");

        var siblings = new byte[depth][];
        var offset = HeaderSize;
        for (var i = 0; i < depth; i++, offset += SmtHashing.HashSize)
            siblings[i] = bytes.Slice(offset, SmtHashing.HashSize).ToArray();
        var leaf = terminal == LeafTerminal
            ? new SmtLeaf(bytes.Slice(offset, SmtHashing.KeySize).ToArray(), bytes.Slice(offset + SmtHashing.KeySize, SmtHashing.HashSize).ToArray())
            : null;
        return new SmtProof(siblings, leaf);
    }
}
