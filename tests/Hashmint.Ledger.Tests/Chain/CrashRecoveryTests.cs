using Hashmint.Core.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>
/// A crash at any write of a reorganisation leaves a consistent store; the restarted node finishes the job (or,
/// when the deciding block was never stored, does it when the block arrives again) and ends exactly on the
/// heavier branch. The deciding block is written together with its own connect (one batch), so the writes are:
/// two disconnects, then three connects.
/// </summary>
public class CrashRecoveryTests
{
    [Theory]
    [InlineData(1)] // first disconnect
    [InlineData(2)] // second disconnect
    [InlineData(3)] // first connect
    [InlineData(4)] // second connect
    [InlineData(5)] // last connect, which also stores the deciding block
    public void CrashDuringAReorganisation(int failingWrite)
    {
        using var minerA = new TestNode();
        using var minerB = new TestNode();
        var prefix = minerA.MineMany(2, 1);
        minerB.SubmitAll(prefix);
        var branchA = new List<Block> { minerA.Mine(2, TestKeys.Transfer(1, 5, 1_000_000, nonce: 0)), minerA.Mine(2) };
        var branchB = new List<Block> { minerB.Mine(3, TestKeys.Transfer(1, 6, 2_000_000, nonce: 0)), minerB.Mine(3), minerB.Mine(3) };

        using var disk = new MemoryKeyValueStore();
        var faulty = new FaultyStore(disk);
        var clock = new ManualClock(minerA.Clock.UnixSeconds + 1000);
        using (var node = new TestNode(store: faulty, clock: clock))
        {
            node.SubmitAll(prefix.Concat(branchA).Concat(branchB.Take(2)));
            faulty.FailAtWrite = faulty.Writes + failingWrite;
            Assert.Throws<IOException>(() => node.Chain.ProcessBlock(branchB[2]));
        }

        using var restarted = new TestNode(store: new FaultyStore(disk), clock: clock);
        if (restarted.Tip.Hash != branchB[^1].Hash)
        {
            Assert.Equal(5, failingWrite); // only a block that never reached the store can be missing
            // Without it, both branches have equal work: the node stays where the crash left it, on either tip.
            Assert.True(restarted.Tip.Hash == branchA[^1].Hash || restarted.Tip.Hash == branchB[1].Hash);
            Assert.Equal(BlockOutcome.Connected, restarted.Submit(branchB[2]).Outcome);
        }
        Assert.Equal(branchB[^1].Hash, restarted.Tip.Hash);
        StateInspector.AssertSameState(minerB.Store, restarted.Store);
        Assert.Equal(StateInspector.RecomputeRoot(restarted.Store), restarted.Tip.StateRoot);
        for (uint h = 0; h <= restarted.Tip.Height; h++) Assert.Equal(minerB.Chain.MainChainAt(h)!.Hash, restarted.Chain.MainChainAt(h)!.Hash);
        restarted.Mine(4);
        StateInspector.AssertSupplyInvariant(restarted);
    }
}
