using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Assembly;

public class BlockAssemblerTests
{
    [Fact]
    public void TemplatePaysSubsidyPlusFeesAndCommitsToThePostState()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(9);
        node.AddToMempool(TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 700));
        node.AddToMempool(TestKeys.Transfer(1, 3, 1_000, nonce: 1, fee: 800));
        var t = node.Template(TestKeys.Id(9), TestKeys.Id(8), new string('x', 300));

        Assert.Equal(node.Tip.Hash, t.Parent.Hash);
        Assert.Equal(3u, t.Height);
        Assert.Equal(node.Chain.NextBits(), t.Bits);
        Assert.Equal(new Amount(1_500), t.Fees);
        Assert.Equal(2, t.Transactions.Count);
        Assert.Equal([new Hashmint.Core.Transactions.Payout(TestKeys.Id(9), Amount.Coins(25) + new Amount(1_500))], t.Coinbase.Payouts);
        Assert.Equal(TestKeys.Id(8), t.Coinbase.NftRecipient);
        Assert.Equal(100, t.Coinbase.Message.Length); // truncated to the limit
        Assert.True(t.Time > node.Tip.MedianTimePast());

        // The state root does not depend on the extranonce: any roll of it gives a valid block.
        var block = t.BuildBlock(0xfeedface12345678, Pow.Solve(t.HeaderFor(0xfeedface12345678)).Nonce);
        Assert.Equal(BlockOutcome.Connected, node.Submit(block).Outcome);
        Assert.Equal(t.Coinbase.StateRoot, node.Tip.StateRoot);
        Assert.Equal(0xfeedface12345678UL, block.Coinbase.Extranonce);
    }

    [Fact]
    public void TransactionsThatNoLongerApplyAreLeftOut()
    {
        // The mempool admits against the tip; a conflicting pair can only arise across tips, so feed the assembler
        // a mempool that was checked against an older, richer state.
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(9);
        var spendAll = TestKeys.Transfer(1, 3, Amount.Coins(25) - new Amount(1_000), nonce: 0, fee: 1_000);
        node.AddToMempool(spendAll);
        using var other = new TestNode();
        other.SubmitAll(node.Chain.MainChainBlocks(1));
        var block = other.Mine(9, TestKeys.Transfer(1, 4, 5_000, nonce: 0));
        Assert.Equal(BlockOutcome.Connected, node.Chain.ProcessBlock(block).Outcome); // mempool deliberately not told
        var t = node.Template(TestKeys.Id(9), TestKeys.Id(9), "");
        Assert.Empty(t.Transactions);
        Assert.Equal(Amount.Coins(25), t.Coinbase.TotalPaid());
    }

    [Fact]
    public void PayingNobodyGivesAnEmptyPayoutList()
    {
        using var node = new TestNode();
        var t = node.Template(AccountId.None, AccountId.None, "burn");
        Assert.Empty(t.Coinbase.Payouts);
        var block = t.BuildBlock(0, Pow.Solve(t.HeaderFor(0)).Nonce);
        Assert.Equal(BlockOutcome.Connected, node.Submit(block).Outcome);
        Assert.Equal(0UL, StateInspector.Sum(node.Store).Supply);
    }
}
