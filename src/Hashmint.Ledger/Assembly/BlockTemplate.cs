using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Chain;

namespace Hashmint.Ledger.Assembly;

/// <summary>
/// Everything of a candidate block except the proof of work. The state root is already in the coinbase: it does not
/// depend on the extranonce, so a miner may roll the extranonce freely; the header for each extranonce folds the
/// coinbase's id up the <see cref="MerkleBranch"/> (computed once) instead of rebuilding the tree, exactly as a
/// Stratum miner does with coinb1 | extranonce | coinb2.
/// </summary>
public sealed record BlockTemplate(ChainPoint Parent, uint Height, uint Bits, uint Time, Coinbase Coinbase, IReadOnlyList<Transaction> Transactions,
    Amount Fees, IReadOnlyList<Hash256> MerkleBranch)
{
    public const uint HeaderVersion = 1;

    public static IReadOnlyList<Hash256> BranchFor(IReadOnlyList<Transaction> transactions)
    {
        var ids = new Hash256[transactions.Count + 1];
        for (int i = 0; i < transactions.Count; i++) ids[i + 1] = transactions[i].Id;
        return MerkleTree.CoinbaseBranch(ids); // the branch never reads the coinbase's own slot
    }

    /// <summary>The Merkle root for a coinbase id: the id folded with each branch hash, the running hash on the left.</summary>
    public Hash256 MerkleRootFor(Hash256 coinbaseId)
    {
        Span<byte> pair = stackalloc byte[64];
        Span<byte> digest = stackalloc byte[32];
        coinbaseId.CopyTo(digest);
        foreach (var sibling in MerkleBranch)
        {
            digest.CopyTo(pair);
            sibling.CopyTo(pair[32..]);
            Sha256d.Hash(pair, digest);
        }
        return new Hash256(digest);
    }

    public BlockHeader HeaderFor(ulong extranonce, uint nonce = 0) =>
        new(HeaderVersion, Parent.Hash, MerkleRootFor(Coinbase.WithExtranonce(extranonce).Id), Time, Bits, nonce);

    public Block BuildBlock(ulong extranonce, uint nonce) =>
        new(HeaderFor(extranonce, nonce), Coinbase.WithExtranonce(extranonce), Transactions);
}
