using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Chain;

namespace Hashmint.Ledger.Assembly;

/// <summary>
/// Everything of a candidate block except the proof of work. The state root is already in the coinbase: it does
/// not depend on the extranonce, so a miner may roll the extranonce freely.
/// </summary>
public sealed record BlockTemplate(ChainEntry Parent, uint Height, uint Bits, uint Time, Coinbase Coinbase, IReadOnlyList<Transaction> Transactions, Amount Fees)
{
    public BlockHeader HeaderFor(ulong extranonce, uint nonce = 0)
    {
        var cb = Coinbase.WithExtranonce(extranonce);
        var ids = new Hash256[Transactions.Count + 1];
        ids[0] = cb.Id;
        for (int i = 0; i < Transactions.Count; i++) ids[i + 1] = Transactions[i].Id;
        return new BlockHeader(1, Parent.Hash, MerkleTree.ComputeRoot(ids), Time, Bits, nonce);
    }

    public Block BuildBlock(ulong extranonce, uint nonce) =>
        new(HeaderFor(extranonce, nonce), Coinbase.WithExtranonce(extranonce), Transactions);
}
