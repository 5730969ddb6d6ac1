using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>A heavier branch with an invalid block in it: the node tries it, fails, and returns to the best valid chain.</summary>
public class InvalidBranchTests
{
    [Fact]
    public void NodeReturnsToTheBestValidChainAndKeepsItsMempool()
    {
        using var minerA = new TestNode();
        using var minerC = new TestNode();
        using var observer = new TestNode();
        var prefix = minerA.MineMany(3, 1);
        minerC.SubmitAll(prefix);
        observer.SubmitAll(prefix);

        var a1 = minerA.Mine(7);
        var a2 = minerA.Mine(7);
        observer.SubmitAll([a1, a2]);

        // Branch C: c1 valid (carries tc), c2 commits to a wrong state root, c3 and c4 build on c2.
        var tc = TestKeys.Transfer(1, 5, 123_456, nonce: 0);
        var c1 = minerC.Mine(8, tc);
        var c2 = BlockBuilder.Build(minerC, [], editCoinbase: cb => cb.WithStateRoot(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000dd")));
        Assert.Equal(BlockOutcome.Invalid, minerC.Submit(c2).Outcome);
        var c2Entry = minerC.Chain.GetEntry(c2.Hash)!;
        Assert.Equal(BlockStatus.Invalid, c2Entry.Status);
        var c3 = BlockBuilder.Build(minerC, [], parent: c2Entry);
        var c3Entry = new ChainEntry(c3.Header, c2Entry.Height + 1, c2Entry.ChainWork, c2Entry, Hash256.Zero, BlockStatus.Stored);
        var c4 = BlockBuilder.Build(minerC, [], parent: c3Entry);

        observer.AddToMempool(tc);
        var stateBefore = StateInspector.All(observer.Store);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(c1).Outcome);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(c2).Outcome); // equal work: not tried yet
        var result = observer.Submit(c3);

        Assert.Equal(BlockOutcome.Invalid, result.Outcome);
        Assert.Equal(RejectCodes.BadStateRoot, result.Rejection!.Code);
        Assert.Equal(a2.Hash, observer.Tip.Hash);
        Assert.Equal(BlockStatus.Invalid, observer.Chain.GetEntry(c2.Hash)!.Status);
        Assert.Equal(BlockStatus.Invalid, observer.Chain.GetEntry(c3.Hash)!.Status);
        Assert.Equal(BlockStatus.Valid, observer.Chain.GetEntry(c1.Hash)!.Status); // c1 itself was fine
        StateInspector.AssertSameState(minerA.Store, observer.Store);
        Assert.Equal(stateBefore.Count, StateInspector.All(observer.Store).Count);
        Assert.Equal(StateInspector.RecomputeRoot(observer.Store), observer.Tip.StateRoot);
        Assert.Null(observer.Chain.Blocks.ReadTxLocation(tc.Id));

        // tc rode in c1, which was connected and then disconnected again: it is not on the main chain and
        // must still be waiting in the mempool.
        Assert.True(observer.Mempool.Contains(tc.Id), "a transaction of a block that was connected and then rolled back left the mempool");

        // Descendants of an invalid block are refused outright.
        var ex = Assert.Throws<RejectedException>(() => observer.Chain.ProcessBlock(c4));
        Assert.Equal(RejectCodes.InvalidParent, ex.Rejection.Code);
        Assert.Equal(a2.Hash, observer.Tip.Hash);

        // The valid chain keeps growing and the waiting transaction gets mined.
        var next = observer.Mine(7);
        Assert.Contains(tc.Id, next.Transactions.Select(t => t.Id));
        StateInspector.AssertSupplyInvariant(observer);
    }

    [Fact]
    public void AnInvalidBranchThatIsTheOnlyHeavierOneLeavesTheTipUntouched()
    {
        using var node = new TestNode();
        node.MineMany(2, 1);
        var tip = node.Tip;
        var bad = BlockBuilder.Build(node, [TestKeys.Transfer(1, 5, Amount.Coins(1000), nonce: 0)]);
        var result = node.Submit(bad);
        Assert.Equal(BlockOutcome.Invalid, result.Outcome);
        Assert.Equal(RejectCodes.InsufficientFunds, result.Rejection!.Code);
        Assert.False(result.Update.TipChanged);
        Assert.Same(tip, node.Tip);
        var child = BlockBuilder.Build(node, [], parent: new ChainEntry(bad.Header, tip.Height + 1, tip.ChainWork, tip, Hash256.Zero, BlockStatus.Stored));
        Assert.Equal(RejectCodes.InvalidParent, Assert.Throws<RejectedException>(() => node.Chain.ProcessBlock(child)).Rejection.Code);
    }
}
