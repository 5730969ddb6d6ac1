using Hashmint.Core.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>
/// Two miners share a prefix and then build competing branches; an observer sees the lighter branch first and
/// must end up exactly where a node that only ever saw the heavier branch is.
/// </summary>
public class ReorgTests
{
    // Keys: 1, 2, 3 are funded by the prefix; 4 mines the prefix; 5, 6 receive; 7, 8 mine the branches.
    private sealed class Scenario : IDisposable
    {
        public readonly TestNode MinerA = new();
        public readonly TestNode MinerB = new();
        public readonly List<Block> Prefix;
        public readonly List<Block> BranchA = [];
        public readonly List<Block> BranchB = [];
        public readonly Hashmint.Core.Transactions.Transaction T1, T2, T3, T5;

        public Scenario()
        {
            Prefix = [MinerA.Mine(1), MinerA.Mine(2), MinerA.Mine(3), MinerA.Mine(4)];
            foreach (var b in Prefix) Assert.Equal(BlockOutcome.Connected, MinerB.Submit(b).Outcome);

            T1 = TestKeys.Transfer(1, 5, 100_000_000, nonce: 0);      // only in branch A, conflicts with T3
            T2 = TestKeys.Transfer(2, 5, 200_000_000, nonce: 0);      // in both branches
            T5 = TestKeys.Transfer(3, 6, 300_000_000, nonce: 0);      // only in branch A
            T3 = TestKeys.Transfer(1, 6, 400_000_000, nonce: 0);      // only in branch B, same sender and nonce as T1

            BranchA.Add(MinerA.Mine(7, T1, T2, T5));
            BranchA.Add(MinerA.Mine(7));
            BranchB.Add(MinerB.Mine(8, T2, T3));
            BranchB.Add(MinerB.Mine(8));
            BranchB.Add(MinerB.Mine(8));
        }

        public void Dispose() { MinerA.Dispose(); MinerB.Dispose(); }
    }

    [Fact]
    public void TheHeavierBranchWinsAndTheStateMatchesANodeThatOnlySawIt()
    {
        using var s = new Scenario();
        using var observer = new TestNode();
        observer.SubmitAll(s.Prefix);
        foreach (var tx in new[] { s.T1, s.T2, s.T5 }) observer.AddToMempool(tx);
        observer.SubmitAll(s.BranchA);
        Assert.Equal(s.BranchA[^1].Hash, observer.Tip.Hash);
        Assert.Equal(0, observer.Mempool.Count);

        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(s.BranchB[0]).Outcome);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(s.BranchB[1]).Outcome); // equal work: first seen stays
        Assert.Equal(s.BranchA[^1].Hash, observer.Tip.Hash);

        var result = observer.Submit(s.BranchB[2]);
        Assert.Equal(BlockOutcome.Connected, result.Outcome);
        Assert.Equal([s.BranchA[1].Hash, s.BranchA[0].Hash], result.Update.Disconnected.Select(b => b.Hash));
        Assert.Equal(s.BranchB.Select(b => b.Hash), result.Update.Connected.Select(b => b.Hash));

        using var fresh = new TestNode();
        fresh.SubmitAll(s.Prefix.Concat(s.BranchB));
        Assert.Equal(fresh.Tip.Hash, observer.Tip.Hash);
        Assert.Equal(fresh.Tip.StateRoot, observer.Tip.StateRoot);
        Assert.Equal(fresh.Tip.ChainWork, observer.Tip.ChainWork);
        foreach (int key in new[] { 1, 2, 3, 4, 5, 6, 7, 8 }) Assert.Equal(fresh.Account(key), observer.Account(key));
        StateInspector.AssertSameState(fresh.Store, observer.Store);
        Assert.Equal(StateInspector.RecomputeRoot(observer.Store), observer.Tip.StateRoot);
        StateInspector.AssertSupplyInvariant(observer);

        // The main-chain index and the transaction index follow the winner.
        for (uint h = 0; h <= observer.Tip.Height; h++) Assert.Equal(fresh.Chain.MainChainAt(h)!.Hash, observer.Chain.MainChainAt(h)!.Hash);
        Assert.Null(observer.Chain.MainChainAt(observer.Tip.Height + 1));
        Assert.Null(observer.Chain.Blocks.ReadTxLocation(s.T1.Id));
        Assert.Equal(s.BranchB[0].Hash, observer.Chain.Blocks.ReadTxLocation(s.T2.Id)!.Value.Block);
        Assert.False(observer.Chain.IsOnMainChain(observer.Chain.GetEntry(s.BranchA[0].Hash)!));
    }

    [Fact]
    public void LosingBranchTransactionsReturnToTheMempoolUnlessTheWinnerHasThemOrTheirNonce()
    {
        using var s = new Scenario();
        using var observer = new TestNode();
        observer.SubmitAll(s.Prefix);
        observer.SubmitAll(s.BranchA);
        observer.SubmitAll(s.BranchB);

        Assert.Equal(s.BranchB[^1].Hash, observer.Tip.Hash);
        Assert.True(observer.Mempool.Contains(s.T5.Id), "T5 was only in the losing branch and is still valid");
        Assert.False(observer.Mempool.Contains(s.T2.Id), "T2 is in the winning branch");
        Assert.False(observer.Mempool.Contains(s.T3.Id), "T3 is in the winning branch");
        Assert.False(observer.Mempool.Contains(s.T1.Id), "T1's nonce was used by T3 on the winning branch");
        Assert.Equal(1, observer.Mempool.Count);

        // The returned transaction is minable on the new tip.
        var next = observer.Mine(8);
        Assert.Equal([s.T5.Id], next.Transactions.Select(t => t.Id));
        Assert.Equal(0, observer.Mempool.Count);
    }

    [Fact]
    public void ReorganisingBackAndForthEndsOnTheHeaviestBranch()
    {
        using var s = new Scenario();
        using var observer = new TestNode();
        observer.SubmitAll(s.Prefix);
        observer.SubmitAll(s.BranchB);
        Assert.Equal(s.BranchB[^1].Hash, observer.Tip.Hash);

        // Branch A grows to be the heaviest: its blocks come from miner A, which extends its own branch.
        observer.SubmitAll(s.BranchA);
        Assert.Equal(s.BranchB[^1].Hash, observer.Tip.Hash);
        var a3 = s.MinerA.Mine(7);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(a3).Outcome);
        var a4 = s.MinerA.Mine(7);
        var result = observer.Submit(a4);
        Assert.Equal(BlockOutcome.Connected, result.Outcome);
        Assert.Equal(3, result.Update.Disconnected.Count);
        Assert.Equal(4, result.Update.Connected.Count);

        Assert.Equal(s.MinerA.Tip.Hash, observer.Tip.Hash);
        StateInspector.AssertSameState(s.MinerA.Store, observer.Store);
        Assert.False(observer.Mempool.Contains(s.T3.Id), "T3 conflicts with T1 on branch A");
        StateInspector.AssertSupplyInvariant(observer);
    }

    [Fact]
    public void HandBuiltSideBranchWithWrongStateRootsNeverBecomesTheTip()
    {
        // Blocks for a side branch built by hand on a non-tip parent of the same node.
        using var node = new TestNode();
        node.MineMany(3, 1);
        var fork = node.Chain.MainChainAt(1)!;
        var side1 = BlockBuilder.Build(node, [], parent: fork);
        Assert.Equal(BlockOutcome.SideBranch, node.Submit(side1).Outcome);
        var side2 = BlockBuilder.Build(node, [], parent: node.Chain.GetEntry(side1.Hash));
        Assert.Equal(BlockOutcome.SideBranch, node.Submit(side2).Outcome);
        var side3 = BlockBuilder.Build(node, [], parent: node.Chain.GetEntry(side2.Hash));
        // Hand-built side blocks commit to the zero state root, so connecting them fails and the node stays put.
        var tip = node.Tip;
        var result = node.Submit(side3);
        Assert.Equal(BlockOutcome.Invalid, result.Outcome);
        Assert.Equal(RejectCodes.BadStateRoot, result.Rejection!.Code);
        Assert.Same(tip, node.Tip);
        Assert.Equal(StateInspector.RecomputeRoot(node.Store), node.Tip.StateRoot);
    }
}
