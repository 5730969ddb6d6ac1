using System.Security.Cryptography;

namespace Hashmint.Storage.Tests;

/// <summary>
/// The tree's rules computed from scratch over a whole key set, independent of the production
/// code: 0 leaves = 32 zero bytes, 1 leaf = SHA256(0x00 || key || value), more = SHA256(0x01 ||
/// left || right) split on the key bit at this depth (most significant bit of byte 0 first).
/// </summary>
public static class ReferenceSmt
{
    public static byte[] Root(IReadOnlyDictionary<byte[], byte[]> leaves) =>
        Build(0, [.. leaves.Select(pair => (pair.Key, pair.Value))]);

    /// <summary>How many internal nodes the canonical tree has.</summary>
    public static int InternalNodeCount(IEnumerable<byte[]> keys) => CountInternal(0, [.. keys]);

    private static byte[] Build(int depth, List<(byte[] Key, byte[] Value)> leaves)
    {
        if (leaves.Count == 0) return new byte[32];
        if (leaves.Count == 1) return SHA256.HashData([0x00, .. leaves[0].Key, .. leaves[0].Value]);
        var left = leaves.Where(leaf => Bit(leaf.Key, depth) == 0).ToList();
        var right = leaves.Where(leaf => Bit(leaf.Key, depth) == 1).ToList();
        return SHA256.HashData([0x01, .. Build(depth + 1, left), .. Build(depth + 1, right)]);
    }

    private static int CountInternal(int depth, List<byte[]> keys)
    {
        if (keys.Count < 2) return 0;
        return 1 + CountInternal(depth + 1, keys.Where(k => Bit(k, depth) == 0).ToList())
                 + CountInternal(depth + 1, keys.Where(k => Bit(k, depth) == 1).ToList());
    }

    private static int Bit(byte[] key, int depth) => (key[depth / 8] >> (7 - depth % 8)) & 1;
}
