using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

public class OrphanTests
{
    [Fact]
    public void ChildBeforeParentIsHeldThenConnectedWhenTheParentArrives()
    {
        using var miner = new TestNode();
        var blocks = miner.MineMany(4, 1);
        using var node = new TestNode();
        node.Submit(blocks[0]);

        Assert.Equal(BlockOutcome.Orphan, node.Submit(blocks[3]).Outcome);
        Assert.Equal(BlockOutcome.Orphan, node.Submit(blocks[2]).Outcome);
        Assert.Equal(BlockOutcome.Duplicate, node.Submit(blocks[2]).Outcome);
        Assert.Equal(1u, node.Tip.Height);
        Assert.Null(node.Chain.GetEntry(blocks[2].Hash));

        var result = node.Submit(blocks[1]);
        Assert.Equal(BlockOutcome.Connected, result.Outcome);
        Assert.Equal(blocks.Skip(1).Select(b => b.Hash), result.Update.Connected.Select(b => b.Hash));
        Assert.Equal(blocks[3].Hash, node.Tip.Hash);
        StateInspector.AssertSameState(miner.Store, node.Store);
    }

    [Fact]
    public void BlocksInReverseOrderAllConnectWithTheFirstOne()
    {
        using var miner = new TestNode();
        var blocks = miner.MineMany(12, 2);
        using var node = new TestNode();
        for (int i = blocks.Count - 1; i >= 1; i--) Assert.Equal(BlockOutcome.Orphan, node.Submit(blocks[i]).Outcome);
        var result = node.Submit(blocks[0]);
        Assert.Equal(12, result.Update.Connected.Count);
        Assert.Equal(miner.Tip.Hash, node.Tip.Hash);
        Assert.Equal(miner.Tip.StateRoot, node.Tip.StateRoot);
    }

    [Fact]
    public void AnOrphanIsStillCheckedForContextFreeRules()
    {
        using var miner = new TestNode();
        var blocks = miner.MineMany(2, 1);
        var broken = new Hashmint.Core.Blocks.Block(Pow.Fail(blocks[1].Header), blocks[1].Coinbase, blocks[1].Transactions);
        using var node = new TestNode();
        Assert.Equal(RejectCodes.BadProofOfWork, Assert.Throws<RejectedException>(() => node.Chain.ProcessBlock(broken)).Rejection.Code);
    }
}
