using System.Security.Cryptography;

namespace Hashmint.Storage;

/// <summary>
/// The state tree's node encodings and hashes. A node's stored bytes are exactly its hash
/// preimage, so a node is addressed by SHA-256 of its own bytes:
/// leaf = 0x00 || key || valueHash, internal = 0x01 || left || right (65 bytes each).
/// </summary>
internal static class SmtHashing
{
    public const int HashSize = 32;
    public const int KeySize = 32;
    public const int NodeSize = 1 + 2 * HashSize;
    public const byte LeafTag = 0x00;
    public const byte InternalTag = 0x01;

    public static byte[] EncodeLeaf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> valueHash) => Encode(LeafTag, key, valueHash);

    public static byte[] EncodeInternal(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => Encode(InternalTag, left, right);

    public static byte[] Hash(ReadOnlySpan<byte> encodedNode) => SHA256.HashData(encodedNode);

    public static byte[] HashLeaf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> valueHash) => Hash(EncodeLeaf(key, valueHash));

    public static byte[] HashInternal(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => Hash(EncodeInternal(left, right));

    /// <summary>True for the empty-subtree hash (32 zero bytes).</summary>
    public static bool IsEmpty(ReadOnlySpan<byte> hash) => !hash.ContainsAnyExcept((byte)0);

    private static byte[] Encode(byte tag, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var node = new byte[NodeSize];
        node[0] = tag;
        first.CopyTo(node.AsSpan(1, HashSize));
        second.CopyTo(node.AsSpan(1 + HashSize, HashSize));
        return node;
    }
}
