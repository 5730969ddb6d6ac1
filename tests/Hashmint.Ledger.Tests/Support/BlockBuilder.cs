using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// Builds blocks by hand, for the blocks the assembler would never make. On the tip, the coinbase pays subsidy
/// plus fees and commits to the real post-state root whenever the transactions apply (through the same state
/// transition steps as the chain and the assembler); then the edits run, the merkle root is (re)computed unless an
/// edit is meant to break it, and the nonce is solved.
/// </summary>
internal static class BlockBuilder
{
    public static Block Build(TestNode node, IReadOnlyList<Transaction> txs, ChainEntry? parent = null,
        Func<Coinbase, Coinbase>? editCoinbase = null, Func<BlockHeader, BlockHeader>? editHeader = null,
        bool editsMerkleRoot = false, bool solve = true, int payToKey = 99, Amount? payout = null, uint? time = null, uint? bits = null)
    {
        var chain = node.Chain;
        var p = chain.Params;
        parent ??= chain.Tip;
        uint height = parent.Height + 1;
        var payTo = TestKeys.Id(payToKey);
        uint blockTime = time ?? parent.Header.Time + 1;
        uint blockBits = bits ?? DifficultyRules.NextBits(parent, null, p);
        // The state transition reads the header's previous hash, time and bits (block NFTs): draft with the real ones.
        var draftHeader = new BlockHeader(1, parent.Hash, Hash256.Zero, blockTime, blockBits, 0);

        var coinbase = new Coinbase(p.ChainId, height, 0, [new Payout(payTo, p.SubsidyAt(height))], payTo, Hash256.Zero, "built by hand"u8.ToArray());
        if (parent == chain.Tip)
        {
            coinbase = chain.WithTipLocked((_, state) =>
            {
                var transition = chain.Transition;
                var overlay = new StateOverlay(state);
                try
                {
                    var context = new BlockContext(overlay, p, height, parent.Hash, blockTime, blockBits, payTo);
                    transition.Begin(context);
                    var fees = Amount.Zero;
                    foreach (var tx in txs) fees += transition.ApplyTransaction(context, tx);
                    transition.End(context);
                    var amount = payout ?? transition.MaxCoinbasePayout(overlay, height, fees);
                    IReadOnlyList<Payout> payouts = amount.Units == 0 ? [] : [new Payout(payTo, amount)];
                    var cb = new Coinbase(p.ChainId, height, 0, payouts, payTo, Hash256.Zero, "built by hand"u8.ToArray());
                    transition.ApplyCoinbase(overlay, cb, fees);
                    using var scratch = chain.Blocks.Store.CreateBatch();
                    return cb.WithStateRoot(chain.Commitment.Apply(parent.StateRoot, overlay.Changes(), scratch));
                }
                catch (RejectedException)
                {
                    return coinbase; // the block is invalid anyway; the root does not matter
                }
            });
        }
        if (editCoinbase is not null) coinbase = editCoinbase(coinbase);

        var ids = new List<Hash256> { coinbase.Id };
        ids.AddRange(txs.Select(t => t.Id));
        var header = draftHeader with { MerkleRoot = MerkleTree.ComputeRoot(ids) };
        if (editHeader is not null)
        {
            var edited = editHeader(header);
            header = editsMerkleRoot ? edited : edited with { MerkleRoot = header.MerkleRoot };
        }
        if (solve) header = Pow.Solve(header);
        return new Block(header, coinbase, txs);
    }
}
