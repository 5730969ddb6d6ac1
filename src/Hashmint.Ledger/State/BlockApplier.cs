using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.State;

/// <summary>
/// The state transition (state, block) → state'. Order: matured coinbase payouts are credited, the previous
/// block's NFT is minted (and this block's recorded), then the transactions apply in block order, then the
/// coinbase is checked and its payouts recorded as pending.
/// Signatures are not checked here (the validator checks them in parallel first).
/// </summary>
public static class BlockApplier
{
    /// <returns>The fees the block's transactions paid.</returns>
    public static Amount Apply(StateOverlay state, Block block, ChainParams p)
    {
        uint height = block.Height;
        CreditMaturedPayouts(state, height, p);
        Nft.NftExecutor.MintBlockNft(state, block);

        var fees = Amount.Zero;
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            try { fees += TransactionExecutor.Apply(state, tx, height, p, block.Header.Time); }
            catch (RejectedException e) { throw new RejectedException(e.Rejection.Code, $"transaction {i + 1} ({tx.Id}): {e.Rejection.Message}"); }
        }

        ApplyCoinbase(state, block.Coinbase, fees, p);
        return fees;
    }

    /// <summary>The most a coinbase at this height may pay: the subsidy (capped by the remaining supply) plus fees.</summary>
    public static Amount MaxCoinbasePayout(StateOverlay state, uint height, Amount fees, ChainParams p)
    {
        var supply = state.GetSupply();
        var remaining = p.MaxSupply - supply;
        var subsidy = p.SubsidyAt(height);
        if (subsidy > remaining) subsidy = remaining;
        return subsidy + fees;
    }

    public static void CreditMaturedPayouts(StateOverlay state, uint height, ChainParams p)
    {
        if (height < p.CoinbaseMaturity) return;
        uint matured = height - (uint)p.CoinbaseMaturity;
        var payouts = state.GetPendingPayouts(matured);
        foreach (var payout in payouts)
        {
            var account = state.GetAccount(payout.To);
            state.SetAccount(payout.To, account with { Balance = account.Balance + payout.Amount });
        }
        state.SetPendingPayouts(matured, []);
    }

    private static void ApplyCoinbase(StateOverlay state, Coinbase cb, Amount fees, ChainParams p)
    {
        if (cb.Payouts.Count > p.MaxCoinbasePayouts)
            throw new RejectedException(RejectCodes.BadCoinbase, $"{cb.Payouts.Count} payouts exceed the limit of {p.MaxCoinbasePayouts}");
        foreach (var payout in cb.Payouts)
        {
            if (payout.Amount.Units == 0) throw new RejectedException(RejectCodes.BadCoinbase, "a payout must be positive");
            if (payout.To.IsNone) throw new RejectedException(RejectCodes.BadCoinbase, "a payout must name an account");
        }
        Amount paid;
        try { paid = cb.TotalPaid(); }
        catch (OverflowException) { throw new RejectedException(RejectCodes.CoinbaseOverpays, "payouts overflow"); }
        var max = MaxCoinbasePayout(state, cb.Height, fees, p);
        if (paid > max) throw new RejectedException(RejectCodes.CoinbaseOverpays, $"coinbase pays {paid}, at most {max} (subsidy plus fees) allowed");

        // Coins in existence: fees left circulation with the transactions and come back only as far as paid out.
        state.SetSupply(state.GetSupply() - fees + paid);
        if (cb.Payouts.Count > 0) state.SetPendingPayouts(cb.Height, cb.Payouts);
    }
}
