using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Operations;

namespace Hashmint.Ledger.State;

/// <summary>
/// The state transition (state, block) → state', in the steps that the chain, the block assembler and the test
/// builders share: <see cref="Begin"/> (hooks before the transactions: matured payouts, block NFTs), one
/// <see cref="ApplyTransaction"/> per transaction in block order, <see cref="End"/> (hooks after them), then
/// <see cref="ApplyCoinbase"/> (checked against subsidy plus fees, payouts recorded as pending). Signatures are
/// checked elsewhere (in parallel, before anything is written).
/// </summary>
public sealed class BlockStateTransition(ChainParams network, OperationRegistry operations)
{
    public ChainParams Network { get; } = network;
    public OperationRegistry Operations { get; } = operations;

    public BlockContext ContextFor(StateOverlay state, Block block) =>
        new(state, Network, block.Height, block.Header.PreviousHash, block.Header.Time, block.Header.Bits, block.Coinbase.NftRecipient);

    /// <summary>The whole block. Returns the fees its transactions paid.</summary>
    /// <exception cref="RejectedException">the block breaks a rule; the message names the transaction.</exception>
    public Amount Apply(StateOverlay state, Block block)
    {
        var context = ContextFor(state, block);
        Begin(context);
        var fees = Amount.Zero;
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            try { fees += ApplyTransaction(context, tx); }
            catch (RejectedException e) { throw new RejectedException(e.Rejection.Code, $"transaction {i + 1} ({tx.Id}): {e.Rejection.Message}"); }
        }
        End(context);
        ApplyCoinbase(state, block.Coinbase, fees);
        return fees;
    }

    public void Begin(BlockContext context)
    {
        foreach (var hook in Operations.BeforeTransactions) hook.Run(context);
    }

    public void End(BlockContext context)
    {
        foreach (var hook in Operations.AfterTransactions) hook.Run(context);
    }

    /// <summary>
    /// One signed transaction: chain id and shape, expiry, nonce, fee, then its operations in order. All or nothing:
    /// on a rejection every write it made is reverted. Returns its fee.
    /// </summary>
    /// <exception cref="RejectedException">with the rule's code.</exception>
    public Amount ApplyTransaction(BlockContext block, Transaction tx)
    {
        Operations.CheckStateless(tx, Network);
        if (tx.ExpiryHeight != 0 && block.Height > tx.ExpiryHeight)
            throw new RejectedException(RejectCodes.Expired, $"transaction expired at height {tx.ExpiryHeight}, block is {block.Height}");
        var state = block.State;
        int checkpoint = state.Checkpoint();
        try
        {
            var sender = state.GetAccount(tx.Sender);
            if (tx.Nonce < sender.Nonce) throw new RejectedException(RejectCodes.NonceTooLow, $"nonce {tx.Nonce} already used (account nonce is {sender.Nonce})");
            if (tx.Nonce > sender.Nonce) throw new RejectedException(RejectCodes.NonceGap, $"nonce {tx.Nonce} is ahead of the account nonce {sender.Nonce}");
            // The fee first; each operation then checks that the sender can pay what it takes, in order.
            if (sender.Balance < tx.Fee) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {sender.Balance} cannot pay the fee {tx.Fee}");
            state.SetAccount(tx.Sender, new AccountState(sender.Balance - tx.Fee, sender.Nonce + 1));
            var context = new OperationContext(state, tx.Sender, Network, block.Height, block.Time, tx.Id);
            foreach (var op in tx.Operations) Operations.For(op).Apply(op, context);
            return tx.Fee;
        }
        catch
        {
            state.RevertTo(checkpoint);
            throw;
        }
    }

    /// <summary>The most a coinbase at this height may pay: the subsidy (capped by the remaining supply) plus fees.</summary>
    public Amount MaxCoinbasePayout(StateOverlay state, uint height, Amount fees)
    {
        var remaining = Network.MaxSupply - state.GetSupply();
        var subsidy = Network.SubsidyAt(height);
        if (subsidy > remaining) subsidy = remaining;
        return subsidy + fees;
    }

    /// <exception cref="RejectedException">bad payouts, or more paid than subsidy plus fees.</exception>
    public void ApplyCoinbase(StateOverlay state, Coinbase cb, Amount fees)
    {
        int limit = cb.CommitsPayouts ? Network.MaxCommittedPayouts : Network.MaxCoinbasePayouts;
        if (cb.Payouts.Count > limit)
            throw new RejectedException(RejectCodes.BadCoinbase, $"{cb.Payouts.Count} payouts exceed the limit of {limit}");
        foreach (var payout in cb.Payouts)
        {
            if (payout.Amount.Units == 0) throw new RejectedException(RejectCodes.BadCoinbase, "a payout must be positive");
            if (payout.To.IsNone) throw new RejectedException(RejectCodes.BadCoinbase, "a payout must name an account");
        }
        Amount paid;
        try { paid = cb.TotalPaid(); }
        catch (OverflowException) { throw new RejectedException(RejectCodes.CoinbaseOverpays, "payouts overflow"); }
        var max = MaxCoinbasePayout(state, cb.Height, fees);
        if (paid > max) throw new RejectedException(RejectCodes.CoinbaseOverpays, $"coinbase pays {paid}, at most {max} (subsidy plus fees) allowed");

        // Coins in existence: fees left circulation with the transactions and come back only as far as paid out.
        state.SetSupply(state.GetSupply() - fees + paid);
        if (cb.Payouts.Count > 0) state.SetPendingPayouts(cb.Height, cb.Payouts);
    }
}
