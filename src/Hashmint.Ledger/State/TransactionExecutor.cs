using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.State;

/// <summary>
/// Applies one signed transaction to the state (signatures are checked elsewhere, in parallel). All of a
/// transaction's effects apply or none do: a failure reverts the overlay to where the transaction started.
/// </summary>
public static class TransactionExecutor
{
    /// <summary>Checks that depend only on the transaction and the network.</summary>
    public static void CheckStateless(Transaction tx, ChainParams p)
    {
        if (tx.ChainId != p.ChainId) throw new RejectedException(RejectCodes.WrongChain, $"transaction is for chain {tx.ChainId:x8}, this is {p.Name} ({p.ChainId:x8})");
        foreach (var op in tx.Operations)
        {
            if (op is TransferOperation t)
            {
                if (t.Amount.Units == 0) throw new RejectedException(RejectCodes.ZeroAmount, "a transfer must move a positive amount");
                if (t.To == tx.Sender) throw new RejectedException(RejectCodes.SelfTransfer, "a transfer to the sender itself is not allowed");
            }
        }
        try { _ = tx.TotalOutflow(); }
        catch (OverflowException) { throw new RejectedException(RejectCodes.InsufficientFunds, "amounts overflow"); }
    }

    /// <param name="blockTime">time of the including block; uint.MaxValue when not known yet (mempool checks)</param>
    public static Amount Apply(StateOverlay state, Transaction tx, uint height, ChainParams p, uint blockTime = uint.MaxValue)
    {
        CheckStateless(tx, p);
        if (tx.ExpiryHeight != 0 && height > tx.ExpiryHeight)
            throw new RejectedException(RejectCodes.Expired, $"transaction expired at height {tx.ExpiryHeight}, block is {height}");
        int checkpoint = state.Checkpoint();
        try
        {
            var sender = state.GetAccount(tx.Sender);
            if (tx.Nonce < sender.Nonce) throw new RejectedException(RejectCodes.NonceTooLow, $"nonce {tx.Nonce} already used (account nonce is {sender.Nonce})");
            if (tx.Nonce > sender.Nonce) throw new RejectedException(RejectCodes.NonceGap, $"nonce {tx.Nonce} is ahead of the account nonce {sender.Nonce}");
            var outflow = tx.TotalOutflow();
            if (sender.Balance < outflow) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {sender.Balance} is less than {outflow} (amounts plus fee)");
            state.SetAccount(tx.Sender, new AccountState(sender.Balance - tx.Fee, sender.Nonce + 1));
            var ctx = new Nft.NftContext(p, height, blockTime, tx.Id);
            foreach (var op in tx.Operations) ApplyOperation(state, tx, op, ctx);
            return tx.Fee;
        }
        catch
        {
            state.RevertTo(checkpoint);
            throw;
        }
    }

    private static void ApplyOperation(StateOverlay state, Transaction tx, Operation op, Nft.NftContext ctx)
    {
        switch (op)
        {
            case TransferOperation t:
                var source = state.GetAccount(tx.Sender);
                if (source.Balance < t.Amount) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {source.Balance} is less than {t.Amount}");
                state.SetAccount(tx.Sender, source with { Balance = source.Balance - t.Amount });
                var to = state.GetAccount(t.To);
                state.SetAccount(t.To, to with { Balance = to.Balance + t.Amount });
                break;
            default:
                Nft.NftExecutor.Apply(state, tx.Sender, op, ctx);
                break;
        }
    }
}
