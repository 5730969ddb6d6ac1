using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Blocks;

/// <summary>Bitcoin's Merkle root over txids: pairs hashed with SHA-256d, the last one paired with itself on odd levels.</summary>
public static class MerkleTree
{
    public static Hash256 ComputeRoot(IReadOnlyList<Hash256> leaves)
    {
        if (leaves.Count == 0) return Hash256.Zero;
        var level = leaves.ToArray();
        Span<byte> pair = stackalloc byte[64];
        Span<byte> digest = stackalloc byte[32];
        int count = level.Length;
        while (count > 1)
        {
            int next = 0;
            for (int i = 0; i < count; i += 2)
            {
                level[i].CopyTo(pair);
                level[Math.Min(i + 1, count - 1)].CopyTo(pair[32..]);
                Sha256d.Hash(pair, digest);
                level[next++] = new Hash256(digest);
            }
            count = next;
        }
        return level[0];
    }

    /// <summary>The branch a Stratum miner needs to fold the coinbase hash up to the root (coinbase at index 0).</summary>
    public static IReadOnlyList<Hash256> CoinbaseBranch(IReadOnlyList<Hash256> txids)
    {
        var branch = new List<Hash256>();
        var level = txids.ToList();
        Span<byte> pair = stackalloc byte[64];
        Span<byte> digest = stackalloc byte[32];
        while (level.Count > 1)
        {
            branch.Add(level[1]);
            var next = new List<Hash256>((level.Count + 1) / 2);
            for (int i = 0; i < level.Count; i += 2)
            {
                level[i].CopyTo(pair);
                level[Math.Min(i + 1, level.Count - 1)].CopyTo(pair[32..]);
                Sha256d.Hash(pair, digest);
                next.Add(new Hash256(digest));
            }
            level = next;
        }
        return branch;
    }
}
