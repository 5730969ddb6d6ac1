using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

public class MiningTests
{
    [Fact]
    public void AFreshChainStartsAtGenesisWithAnEmptyState()
    {
        using var node = new TestNode();
        Assert.Equal(0u, node.Tip.Height);
        Assert.Same(node.Chain.GenesisEntry, node.Tip);
        Assert.True(node.Tip.StateRoot.IsZero);
        Assert.Empty(StateInspector.All(node.Store));
    }

    [Fact]
    public void MinedBlocksPayTheSubsidyAfterMaturity()
    {
        using var node = new TestNode();
        var miner = TestKeys.Id(1);
        var b1 = node.Mine(miner);
        Assert.Equal(1u, node.Tip.Height);
        Assert.Equal(b1.Hash, node.Tip.Hash);
        Assert.Equal(Amount.Coins(25), b1.Coinbase.TotalPaid());
        Assert.Equal(Amount.Zero, node.Account(miner).Balance);   // pending until maturity (1 block on regtest)

        node.Mine(miner);
        Assert.Equal(Amount.Coins(25), node.Account(miner).Balance);
        node.Mine(miner);
        Assert.Equal(Amount.Coins(50), node.Account(miner).Balance);
        StateInspector.AssertSupplyInvariant(node);
    }

    [Fact]
    public void CoinbasePayoutIsSpendableOnlyAfterCoinbaseMaturityBlocks()
    {
        var p = ChainParams.Regtest with { CoinbaseMaturity = 3 };
        using var node = new TestNode(p);
        node.Mine(1);                                        // block 1 pays key 1, matures when block 4 connects
        for (int i = 0; i < 2; i++) node.Mine(2);            // blocks 2, 3
        Assert.Equal(Amount.Zero, node.Account(1).Balance);

        var spend = TestKeys.Transfer(1, 3, 1_000_000, nonce: 0);
        // At height 3 (a sibling of the tip, built on block 2) the payout has not matured: refused.
        var early = BlockBuilder.Build(node, [spend], parent: node.Chain.MainChainAt(2));
        Assert.Equal(RejectCodes.InsufficientFunds, ConnectSiblingAndGetRejection(node, early));
        // The mempool judges against the state the next block (4) starts from, where the payout has matured: it takes
        // the spend, and the next template carries it.
        node.AddToMempool(spend);
        Assert.Contains(spend, node.Template(TestKeys.Id(2), TestKeys.Id(2), "").Transactions);

        // Block 4 credits the payout before its transactions: the same spend is valid there.
        var onTime = BlockBuilder.Build(node, [spend]);
        Assert.Equal(BlockOutcome.Connected, node.Submit(onTime).Outcome);
        Assert.Equal(4u, node.Tip.Height);
        Assert.Equal(Amount.Coins(25) - new Amount(1_000_000 + 1_000), node.Account(1).Balance);
        Assert.Equal(new Amount(1_000_000), node.Account(3).Balance);
        StateInspector.AssertSupplyInvariant(node);
    }

    /// <summary>Connects a sibling block by giving its branch more work; returns why it was refused.</summary>
    private static string ConnectSiblingAndGetRejection(TestNode node, Hashmint.Core.Blocks.Block sibling)
    {
        var tip = node.Tip;
        Assert.Equal(BlockOutcome.SideBranch, node.Submit(sibling).Outcome);
        var child = BlockBuilder.Build(node, [], parent: node.Chain.GetEntry(sibling.Hash));
        var result = node.Submit(child);
        Assert.Equal(BlockOutcome.Invalid, result.Outcome);
        Assert.Same(tip, node.Tip);
        return result.Rejection!.Code;
    }

    [Fact]
    public void SubsidyHalvesAtTheHalvingInterval()
    {
        using var node = new TestNode();
        var blocks = node.MineMany(152, 1);
        Assert.Equal(150, node.Params.HalvingInterval);
        Assert.Equal(Amount.Coins(25), blocks[148].Coinbase.TotalPaid());   // height 149
        Assert.Equal(149u, blocks[148].Height);
        Assert.Equal(new Amount(1_250_000_000), blocks[149].Coinbase.TotalPaid()); // height 150
        Assert.Equal(new Amount(1_250_000_000), blocks[151].Coinbase.TotalPaid());
        StateInspector.AssertSupplyInvariant(node);
        // Everything but the last block's payout has matured to the miner.
        Assert.Equal(new Amount(149 * 2_500_000_000UL + 2 * 1_250_000_000UL), node.Account(1).Balance);
    }

    [Fact]
    public void ACoinbaseMayPayLessThanAllowedAndTheRestIsNeverIssued()
    {
        using var node = new TestNode();
        Assert.Equal(BlockOutcome.Connected, node.Submit(BlockBuilder.Build(node, [], payout: Amount.Coins(1))).Outcome);
        Assert.Equal(BlockOutcome.Connected, node.Submit(BlockBuilder.Build(node, [], payout: Amount.Zero)).Outcome);
        Assert.Equal(BlockOutcome.Connected, node.Submit(BlockBuilder.Build(node, [])).Outcome);
        var totals = StateInspector.Sum(node.Store);
        Assert.Equal(Amount.Coins(26).Units, totals.Supply);
        Assert.Equal(totals.Supply, totals.Balances + totals.Pending);
        Assert.Equal(Amount.Coins(1), node.Account(99).Balance);
    }

    [Fact]
    public void SubsidyStopsAtTheSupplyCapButFeesAreStillPaid()
    {
        var p = ChainParams.Regtest with { MaxSupply = Amount.Coins(60) };
        using var node = new TestNode(p);
        var b1 = node.Mine(1);
        var b2 = node.Mine(1);
        var b3 = node.Mine(1);
        Assert.Equal(Amount.Coins(25), b1.Coinbase.TotalPaid());
        Assert.Equal(Amount.Coins(25), b2.Coinbase.TotalPaid());
        Assert.Equal(Amount.Coins(10), b3.Coinbase.TotalPaid());

        var overCap = BlockBuilder.Build(node, [], payout: Amount.Coins(1));
        Assert.Equal(RejectCodes.CoinbaseOverpays, node.Reject(overCap).Code);

        var tx = TestKeys.Transfer(1, 2, 1_000, nonce: 0, fee: 4_321);
        var b4 = node.Mine(1, tx);
        Assert.Equal(new Amount(4_321), b4.Coinbase.TotalPaid());
        var totals = StateInspector.Sum(node.Store);
        Assert.Equal(Amount.Coins(60).Units, totals.Supply);
        Assert.Equal(totals.Supply, totals.Balances + totals.Pending);
        Assert.Empty(node.Mine(1).Coinbase.Payouts);
    }
}
