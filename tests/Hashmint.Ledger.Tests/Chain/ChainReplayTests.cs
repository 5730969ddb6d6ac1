using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>
/// The one replay from genesis (verify-state and the snapshot's confirming replay): it reports a normal chain's state
/// pair by pair, and beside a RocksDB ledger it runs in a scratch RocksDB that is gone afterwards, also after a crash.
/// </summary>
public sealed class ChainReplayTests : IDisposable
{
    private static readonly RocksDbStoreOptions SmallStore = new() { BlockCacheBytes = 8L << 20, WriteBufferBytes = 4L << 20, TotalWriteBufferBytes = 16L << 20, SyncWrites = false };
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hashmint-replay-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_root, "db");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string[] ScratchDirectories() => Directory.Exists(_root) ? Directory.GetDirectories(_root, "db" + ReplayScratch.DirectoryInfix + "*") : [];

    private static void MineWithTransfers(TestNode node)
    {
        node.MineMany(2, 1);
        node.Mine(2, TestKeys.Transfer(1, 3, 5_000, nonce: 0), TestKeys.Transfer(1, 4, 6_000, nonce: 1));
        node.Mine(3, TestKeys.Transfer(3, 5, 1_000, nonce: 0));
    }

    [Fact]
    public void A_normal_chain_is_reported_consistent_and_every_changed_missing_or_extra_pair_counts()
    {
        using var node = new TestNode();
        MineWithTransfers(node);
        var pairs = StateInspector.All(node.Store);

        var report = node.Ledger.VerifyState();
        Assert.True(report.Consistent, report.ToString());
        Assert.Equal(new StateReport(node.Tip.Height, node.Tip.Hash.ToString(), node.Tip.StateRoot.ToHexInternal(), node.Tip.StateRoot.ToHexInternal(), pairs.Count, 0, true), report);

        // One value changed, one key gone, one key that no block wrote: three mismatches, the key count unchanged.
        using (var batch = node.Store.CreateBatch())
        {
            batch.Put(LedgerColumns.State, pairs[0].Key, [.. pairs[0].Value, 1]);
            batch.Delete(LedgerColumns.State, pairs[^1].Key);
            batch.Put(LedgerColumns.State, [.. pairs[^1].Key, 0], [7]);
            node.Store.Write(batch);
        }
        var bad = node.Ledger.VerifyState();
        Assert.False(bad.Consistent);
        Assert.Equal(3, bad.MismatchedKeys);
        Assert.Equal(pairs.Count, bad.StateKeys);
        Assert.Equal(bad.StoredRoot, bad.ReplayedRoot); // the tree was not touched: only the pairs tell
    }

    [Fact]
    public void A_rocksdb_ledger_replays_into_a_scratch_rocksdb_beside_its_database_that_is_gone_afterwards()
    {
        using var node = new TestNode(store: RocksDbKeyValueStore.Open(Db, SmallStore, LedgerColumns.All));
        MineWithTransfers(node);

        string scratch;
        using (var run = ChainReplay.Run(node.Chain, node.Tip.Height))
        {
            Assert.Null(run.Failure);
            scratch = run.ScratchDirectory!;
            Assert.Equal(_root, Path.GetDirectoryName(scratch));
            Assert.StartsWith("db" + ReplayScratch.DirectoryInfix, Path.GetFileName(scratch));
            Assert.True(Directory.Exists(scratch));
            Assert.Equal(scratch, Assert.IsType<RocksDbKeyValueStore>(run.Chain.Blocks.Store).Directory);
            Assert.Equal(node.Tip.Hash, run.Chain.Tip.Hash);
            Assert.Equal(node.Tip.StateRoot, run.Chain.Tip.StateRoot);
        }
        Assert.False(Directory.Exists(scratch));

        Assert.True(node.Ledger.VerifyState().Consistent);
        Assert.Empty(ScratchDirectories());
    }

    [Fact]
    public void A_cancelled_replay_deletes_its_scratch()
    {
        using var node = new TestNode(store: RocksDbKeyValueStore.Open(Db, SmallStore, LedgerColumns.All));
        MineWithTransfers(node);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => ChainReplay.Run(node.Chain, node.Tip.Height, cancel.Token));
        Assert.Empty(ScratchDirectories());
    }

    [Fact]
    public void A_scratch_directory_left_by_a_crash_is_removed_when_the_ledger_opens_and_nothing_else_is()
    {
        using (var node = new TestNode(store: RocksDbKeyValueStore.Open(Db, SmallStore, LedgerColumns.All))) MineWithTransfers(node);
        // What a process killed mid-replay leaves: a scratch database with a chain in it, never closed by the replay.
        var stale = Db + ReplayScratch.DirectoryInfix + "0123456789ab";
        using (var leftover = new TestNode(store: RocksDbKeyValueStore.Open(stale, SmallStore, LedgerColumns.All))) leftover.MineMany(2, 1);
        // Names the pattern would catch but this class never makes: kept.
        var unrelated = Db + ReplayScratch.DirectoryInfix + "backup";
        var unrelatedHex = Db + ReplayScratch.DirectoryInfix + "0123456789ab.bak";
        Directory.CreateDirectory(unrelated);
        Directory.CreateDirectory(unrelatedHex);
        Assert.Equal(new[] { stale, unrelated, unrelatedHex }.Order(), ScratchDirectories().Order());

        using var reopened = new TestNode(store: RocksDbKeyValueStore.Open(Db, SmallStore, LedgerColumns.All));
        Assert.Equal(new[] { unrelated, unrelatedHex }.Order(), ScratchDirectories().Order());
        Assert.True(Directory.Exists(unrelated));
        Assert.True(Directory.Exists(unrelatedHex));
        Assert.Equal(4u, reopened.Tip.Height);
    }

    [Fact]
    public void A_memory_ledger_replays_in_memory()
    {
        using var node = new TestNode();
        MineWithTransfers(node);
        using var run = ChainReplay.Run(node.Chain, node.Tip.Height);
        Assert.Null(run.ScratchDirectory);
        Assert.IsType<MemoryKeyValueStore>(run.Chain.Blocks.Store);
        Assert.Equal(node.Tip.StateRoot, run.Chain.Tip.StateRoot);
    }
}
