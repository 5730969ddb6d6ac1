using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Assembly;

/// <summary>
/// Builds block templates on the current tip, in one pass of the shared state transition: the start-of-block hooks,
/// mempool transactions by fee rate (one that no longer applies is left out), the end-of-block hooks, then a coinbase
/// that splits subsidy plus fees among the requested payees, and the post-state root, computed without writing.
/// Called under the ledger's lock.
/// </summary>
internal sealed class BlockAssembler(ChainManager chain, Mempool mempool, TimeProvider clock)
{
    /// <summary>Bytes kept free for the header and the coinbase.</summary>
    private const int CoinbaseReserve = 8192;

    public BlockTemplate Create(TemplateRequest request)
    {
        var p = chain.Params;
        int limit = request.CommitPayouts ? p.MaxCommittedPayouts : p.MaxCoinbasePayouts;
        if (request.Payees.Count > limit)
            throw new ArgumentException($"a block pays at most {limit} accounts, {request.Payees.Count} were asked");
        var transition = chain.Transition;
        var tip = chain.Tip;
        uint height = tip.Height + 1;
        uint time = NextBlockTime(tip, clock);
        uint bits = chain.NextBits();
        var overlay = new StateOverlay(chain.TipState);
        var context = new BlockContext(overlay, p, height, tip.Hash, time, bits, request.NftRecipient);

        transition.Begin(context);
        var candidates = mempool.SelectForBlock(p.MaxBlockBytes - CoinbaseReserve, p.MaxBlockTransactions - 1);
        var included = new List<Transaction>(candidates.Count);
        var fees = Amount.Zero;
        foreach (var tx in candidates)
        {
            try
            {
                fees += transition.ApplyTransaction(context, tx);
                included.Add(tx);
            }
            catch (RejectedException) { /* stale against this tip (another sender took what it needs); it stays pending */ }
        }
        transition.End(context);

        var payouts = request.Split(transition.MaxCoinbasePayout(overlay, height, fees));
        var coinbase = new Coinbase(p.ChainId, height, 0, payouts, request.NftRecipient, Hash256.Zero,
            CoinbaseMessage(request.Message, request.CommitPayouts ? Coinbase.MaxCommittedMessageBytes : Coinbase.MaxMessageBytes), request.CommitPayouts);
        transition.ApplyCoinbase(overlay, coinbase, fees);
        using var scratch = chain.Blocks.Store.CreateBatch(); // never written: the root is all we want
        var root = chain.Commitment.Apply(tip.StateRoot, overlay.Changes(), scratch);
        return new BlockTemplate(ChainPoint.Of(tip), height, bits, time, coinbase.WithStateRoot(root), included, fees, BlockTemplate.BranchFor(included));
    }

    /// <summary>Now, but never at or before the median time past (a block must be later than it).</summary>
    public static uint NextBlockTime(ChainEntry tip, TimeProvider clock) =>
        (uint)Math.Max(clock.GetUtcNow().ToUnixTimeSeconds(), tip.MedianTimePast() + 1L);

    /// <summary>The message as UTF-8, cut to the coinbase limit without splitting a character.</summary>
    public static byte[] CoinbaseMessage(string message, int max = Coinbase.MaxMessageBytes)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        if (bytes.Length <= max) return bytes;
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // back off continuation bytes
        return bytes[..end];
    }
}
