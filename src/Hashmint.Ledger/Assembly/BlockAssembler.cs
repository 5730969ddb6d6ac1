using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Assembly;

/// <summary>
/// Builds block templates on the current tip: mempool transactions by fee rate, each re-applied to a scratch
/// state (a transaction that no longer applies is left out), the coinbase paying subsidy plus fees, and the
/// post-state root computed without writing anything.
/// </summary>
public sealed class BlockAssembler(ChainManager chain, Mempool mempool, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Bytes kept free for the header and the coinbase.</summary>
    private const int CoinbaseReserve = 4096;

    public BlockTemplate Create(AccountId payTo, AccountId nftRecipient, string message)
    {
        var p = chain.Params;
        var candidates = mempool.SelectForBlock(p.MaxBlockBytes - CoinbaseReserve, p.MaxBlockTransactions - 1);
        return chain.WithTipLocked((tip, tipState) =>
        {
            uint height = tip.Height + 1;
            var overlay = new StateOverlay(tipState);
            var included = new List<Transaction>(candidates.Count);
            var fees = Amount.Zero;
            uint time = (uint)Math.Max(_clock.GetUtcNow().ToUnixTimeSeconds(), tip.MedianTimePast() + 1L);
            uint bits = DifficultyRules.NextBits(tip, null, p);
            // Matured payouts and the previous block's NFT come before transactions, as in BlockApplier.
            BlockApplier.CreditMaturedPayouts(overlay, height, p);
            Nft.NftExecutor.MintBlockNft(overlay, new Core.Blocks.Block(new Core.Blocks.BlockHeader(1, tip.Hash, Hash256.Zero, time, bits, 0),
                new Coinbase(p.ChainId, height, 0, [], AccountId.None, Hash256.Zero, []), []));
            foreach (var tx in candidates)
            {
                try
                {
                    fees += TransactionExecutor.Apply(overlay, tx, height, p, time);
                    included.Add(tx);
                }
                catch (RejectedException) { /* stale against this tip; the mempool drops it on the next update */ }
            }
            var total = BlockApplier.MaxCoinbasePayout(overlay, height, fees, p);
            IReadOnlyList<Payout> payouts = total.Units > 0 && !payTo.IsNone ? [new Payout(payTo, total)] : [];
            var msg = System.Text.Encoding.UTF8.GetBytes(message);
            if (msg.Length > Coinbase.MaxMessageBytes) msg = msg[..Coinbase.MaxMessageBytes];
            var coinbase = new Coinbase(p.ChainId, height, 0, payouts, nftRecipient, Hash256.Zero, msg);

            // Apply the whole block to a fresh overlay for the exact post-state (coinbase records included).
            var full = new StateOverlay(tipState);
            var draft = new Core.Blocks.Block(new Core.Blocks.BlockHeader(1, tip.Hash, Hash256.Zero, time, bits, 0), coinbase, included);
            BlockApplier.Apply(full, draft, p);
            using var scratch = chain.Blocks.Store.CreateBatch(); // never written: the root is all we want
            var root = chain.Commitment.Apply(tip.StateRoot, full.Changes(), scratch);
            return new BlockTemplate(tip, height, bits, time, coinbase.WithStateRoot(root), included, fees);
        });
    }
}
