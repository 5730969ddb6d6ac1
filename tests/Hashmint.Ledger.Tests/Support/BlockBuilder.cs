using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// Builds blocks by hand, for the blocks the assembler would never make. On the tip, the coinbase pays subsidy
/// plus fees and commits to the real post-state root whenever the transactions apply; then the edits run, the
/// merkle root is (re)computed unless an edit is meant to break it, and the nonce is solved.
/// </summary>
public static class BlockBuilder
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
                var overlay = new StateOverlay(state);
                try
                {
                    var fees = Amount.Zero;
                    var withoutCoinbasePayouts = new Coinbase(p.ChainId, height, 0, [], payTo, Hash256.Zero, []);
                    // Everything the block does before its coinbase, to learn the fees it may collect.
                    BlockApplier.CreditMaturedPayouts(overlay, height, p);
                    Hashmint.Ledger.Nft.NftExecutor.MintBlockNft(overlay, new Block(draftHeader, withoutCoinbasePayouts, []));
                    foreach (var tx in txs) fees += TransactionExecutor.Apply(overlay, tx, height, p, blockTime);
                    var amount = payout ?? BlockApplier.MaxCoinbasePayout(overlay, height, fees, p);
                    IReadOnlyList<Payout> payouts = amount.Units == 0 ? [] : [new Payout(payTo, amount)];
                    var cb = new Coinbase(p.ChainId, height, 0, payouts, payTo, Hash256.Zero, "built by hand"u8.ToArray());
                    var full = new StateOverlay(state);
                    BlockApplier.Apply(full, new Block(draftHeader, cb, txs), p);
                    using var scratch = chain.Blocks.Store.CreateBatch();
                    return cb.WithStateRoot(chain.Commitment.Apply(parent.StateRoot, full.Changes(), scratch));
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
