using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Chain;

public sealed class RestartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hashmint-ledger-restart-" + Guid.NewGuid().ToString("N"));
    private static readonly RocksDbStoreOptions SmallStore = new() { BlockCacheBytes = 8L << 20, WriteBufferBytes = 4L << 20, TotalWriteBufferBytes = 16L << 20, SyncWrites = false };

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ReopenedChainHasTheSameTipStateAndIndexes()
    {
        var clock = new ManualClock(ChainParams().GenesisTime + 100);
        Hash256 tipHash, tipRoot;
        uint tipHeight;
        List<KeyValuePair<byte[], byte[]>> state;
        List<Hashmint.Core.Blocks.Block> mined = [];
        var tx = TestKeys.Transfer(1, 2, 700_000_000, nonce: 0);
        using (var node = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: clock))
        {
            mined.AddRange(node.MineMany(3, 1));
            mined.Add(node.Mine(3, tx));
            mined.AddRange(node.MineMany(2, 3));
            tipHash = node.Tip.Hash;
            tipRoot = node.Tip.StateRoot;
            tipHeight = node.Tip.Height;
            state = StateInspector.All(node.Store);
        }

        using (var reopened = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: clock))
        {
            Assert.Equal(tipHash, reopened.Tip.Hash);
            Assert.Equal(tipHeight, reopened.Tip.Height);
            Assert.Equal(tipRoot, reopened.Tip.StateRoot);
            Assert.Equal(BlockStatus.Valid, reopened.Tip.Status);
            Assert.Equal(state.Count, StateInspector.All(reopened.Store).Count);
            Assert.Equal(new Amount(700_000_000), reopened.Account(2).Balance);
            Assert.Equal(1UL, reopened.Account(1).Nonce);
            for (uint h = 1; h <= tipHeight; h++) Assert.Equal(mined[(int)h - 1].Hash, reopened.Chain.MainChainAt(h)!.Hash);
            Assert.Equal(mined[3].Hash, reopened.Chain.Blocks.ReadTxLocation(tx.Id)!.Value.Block);
            Assert.Equal(StateInspector.RecomputeRoot(reopened.Store), reopened.Tip.StateRoot);

            // Replaying the stored main chain into a fresh in-memory node gives the same root and state.
            using var replay = new TestNode(clock: clock);
            replay.SubmitAll(reopened.Chain.MainChainBlocks(1));
            Assert.Equal(tipHash, replay.Tip.Hash);
            Assert.Equal(tipRoot, replay.Tip.StateRoot);
            StateInspector.AssertSameState(reopened.Store, replay.Store);

            // The reopened node keeps working, including disconnecting blocks connected before the restart.
            reopened.Mine(4);
            StateInspector.AssertSupplyInvariant(reopened);
        }
    }

    [Fact]
    public void ReopenedChainCanReorganiseAcrossTheRestart()
    {
        var clock = new ManualClock(ChainParams().GenesisTime + 100);
        using var other = new TestNode(clock: new ManualClock(ChainParams().GenesisTime + 100));
        var shared = other.MineMany(2, 1);
        var otherBranch = other.MineMany(4, 5);
        using (var node = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: clock))
        {
            node.SubmitAll(shared);
            node.MineMany(3, 6);
        }
        using (var reopened = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: clock))
        {
            Assert.Equal(5u, reopened.Tip.Height);
            var result = reopened.SubmitAll(otherBranch);
            Assert.Equal(BlockOutcome.Connected, result.Outcome);
            Assert.Equal(other.Tip.Hash, reopened.Tip.Hash);
            StateInspector.AssertSameState(other.Store, reopened.Store);
        }
    }

    private static Hashmint.Core.Consensus.ChainParams ChainParams() => Hashmint.Core.Consensus.ChainParams.Regtest;
}
