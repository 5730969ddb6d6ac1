using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Blocks;

/// <summary>Coinbase maturity: the payouts recorded by the block `maturity` blocks back are credited, and their record removed.</summary>
public sealed class MaturedPayoutsHook : IBlockHook
{
    public BlockHookStage Stage => BlockHookStage.BeforeTransactions;

    public void Run(BlockContext context)
    {
        var p = context.Network;
        if (context.Height < p.CoinbaseMaturity) return;
        uint matured = context.Height - (uint)p.CoinbaseMaturity;
        var state = context.State;
        foreach (var payout in state.GetPendingPayouts(matured))
        {
            var account = state.GetAccount(payout.To);
            state.SetAccount(payout.To, account with { Balance = account.Balance + payout.Amount });
        }
        state.SetPendingPayouts(matured, []);
    }
}
