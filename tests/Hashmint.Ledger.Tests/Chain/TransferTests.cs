using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

public class TransferTests
{
    [Fact]
    public void TransfersMoveBalancesAndNoncesAndFeesGoToTheMiner()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(9); // key 1's 25 coins mature
        var t1 = TestKeys.Transfer(1, 2, 300_000_000, nonce: 0, fee: 2_000);
        var t2 = TestKeys.Transfer(1, 3, 100_000_000, nonce: 1, fee: 3_000);
        var block = node.Mine(9, t1, t2);

        Assert.Equal([t1.Id, t2.Id], block.Transactions.Select(t => t.Id));
        Assert.Equal(Amount.Coins(25) + new Amount(5_000), block.Coinbase.TotalPaid());
        Assert.Equal(new AccountStateView(Amount.Coins(25) - new Amount(400_000_000 + 5_000), 2), View(node.Account(1)));
        Assert.Equal(new AccountStateView(new Amount(300_000_000), 0), View(node.Account(2)));
        Assert.Equal(new AccountStateView(new Amount(100_000_000), 0), View(node.Account(3)));
        Assert.Equal(0, node.Mempool.Count);
        StateInspector.AssertSupplyInvariant(node);

        node.Mine(9);
        Assert.Equal(Amount.Coins(50) + new Amount(5_000), node.Account(9).Balance); // fees matured with the payout
        StateInspector.AssertSupplyInvariant(node);
    }

    [Fact]
    public void MultiOperationTransactionAppliesAllOrNothing()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(9);
        var ok = Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(1), 0, new Amount(5_000), 0,
            [new TransferOperation(TestKeys.Id(2), Amount.Coins(10)), new TransferOperation(TestKeys.Id(3), Amount.Coins(5))]);
        node.Mine(9, ok);
        Assert.Equal(Amount.Coins(10), node.Account(2).Balance);
        Assert.Equal(Amount.Coins(5), node.Account(3).Balance);

        // Second operation overspends: the first must not apply either, and the block is invalid.
        var bad = Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(2), 0, new Amount(5_000), 0,
            [new TransferOperation(TestKeys.Id(4), Amount.Coins(6)), new TransferOperation(TestKeys.Id(5), Amount.Coins(6))]);
        Assert.Equal(RejectCodes.InsufficientFunds, node.Reject(BlockBuilder.Build(node, [bad])).Code);
        Assert.Equal(Amount.Coins(10), node.Account(2).Balance);
        Assert.Equal(Amount.Zero, node.Account(4).Balance);
    }

    [Fact]
    public void SupplyInvariantHoldsAfterEveryBlockOfARandomWorkload()
    {
        using var node = new TestNode();
        var rng = new Random(2024);
        const int accounts = 6;
        var nonces = new ulong[accounts];
        for (int height = 1; height <= 40; height++)
        {
            var txs = new List<Transaction>();
            for (int k = 0; k < accounts; k++)
            {
                var balance = node.Account(k).Balance.Units;
                if (balance < 10_000 || rng.Next(3) == 0) continue;
                int to = (k + 1 + rng.Next(accounts - 1)) % accounts;
                ulong fee = (ulong)rng.Next(200, 5_000);
                ulong amount = 1 + (ulong)rng.NextInt64((long)Math.Min(balance - fee, 5_000_000_000UL));
                txs.Add(TestKeys.Transfer(k, to, amount, nonces[k]++, fee));
            }
            node.Mine(rng.Next(accounts), [.. txs]);
            StateInspector.AssertSupplyInvariant(node);
            for (int k = 0; k < accounts; k++) Assert.Equal(nonces[k], node.Account(k).Nonce);
        }
        Assert.Equal(StateInspector.RecomputeRoot(node.Store), node.Tip.StateRoot);
    }

    private sealed record AccountStateView(Amount Balance, ulong Nonce);
    private static AccountStateView View(Hashmint.Ledger.State.AccountState s) => new(s.Balance, s.Nonce);
}
