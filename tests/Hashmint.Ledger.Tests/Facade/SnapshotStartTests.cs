using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Market;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>
/// A ledger started from a proven state snapshot (headers up to the snapshot block, its body, the state pairs at it):
/// it has the state root of a node that replayed every block, follows the chain above it like any node, refuses a
/// reorganisation below it, says "not yet backfilled" for older bodies, and survives a crash at the write.
/// </summary>
public sealed class SnapshotStartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hashmint-snapshot-start-" + Guid.NewGuid().ToString("N"));
    private static readonly RocksDbStoreOptions SmallStore = new() { BlockCacheBytes = 8L << 20, WriteBufferBytes = 4L << 20, TotalWriteBufferBytes = 16L << 20, SyncWrites = false };
    private readonly TestNode _source = new();
    private readonly List<Block> _chain;

    public SnapshotStartTests()
    {
        _source.MineMany(2, 1);
        _source.AddToMempool(TestKeys.Transfer(1, 3, 5_000, nonce: 0));
        _source.MineMany(2, 2);
        // The snapshot block has transactions of its own.
        _source.Mine(2, TestKeys.Transfer(1, 4, 7_000, nonce: 1));
        _chain = [.. _source.Chain.MainChainBlocks(1)];
        Assert.NotEmpty(_chain[^1].Transactions);
    }

    public void Dispose()
    {
        _source.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        foreach (var scratch in ScratchDirectories()) Directory.Delete(scratch, recursive: true);
    }

    private string[] ScratchDirectories() => Directory.GetDirectories(Path.GetDirectoryName(_dir)!, Path.GetFileName(_dir) + ReplayScratch.DirectoryInfix + "*");

    private List<BlockHeader> Headers => _chain.Select(b => b.Header).ToList();
    private Block SnapshotBlock => _chain[^1];

    [Fact]
    public void A_ledger_started_from_a_snapshot_has_the_replayed_root_and_follows_the_chain()
    {
        using var node = new TestNode(clock: _source.Clock);
        var tip = node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, StateInspector.All(_source.Store));

        Assert.Equal(_source.Tip.Hash, tip.Hash);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
        StateInspector.AssertSameState(_source.Store, node.Store);
        Assert.Equal(_source.Tip.StateRoot, StateInspector.RecomputeRoot(node.Store));
        Assert.Equal((SnapshotBlock.Height, SnapshotBlock.Hash), (node.Ledger.ValidatedFrom!.Height, node.Ledger.ValidatedFrom.Hash));
        Assert.Equal(_source.Account(3).Balance, node.Account(3).Balance);

        // Below the snapshot: headers on the main chain, no bodies.
        var old = node.Ledger.BlockAt(1)!;
        Assert.Equal(_chain[0].Hash, old.Hash);
        Assert.Null(node.Ledger.GetBlock(old.Hash));
        Assert.True(node.Ledger.IsNotBackfilled(old));
        Assert.False(node.Ledger.IsNotBackfilled(node.Ledger.Tip));
        Assert.NotNull(node.Ledger.GetBlock(SnapshotBlock.Hash));
        var e = Assert.Throws<NotBackfilledException>(() => node.Ledger.MainChainBlocks(1).ToList());
        Assert.Equal(1u, e.Height);
        Assert.Throws<NotBackfilledException>(() => node.Ledger.VerifyState());
        Assert.Empty(node.Ledger.MissingBlocks(100));

        // Above it: blocks with transactions connect with the same roots as on the node that replayed.
        var more = new List<Block> { _source.Mine(2, TestKeys.Transfer(3, 5, 1_000, nonce: 0)), _source.Mine(1) };
        foreach (var b in more) Assert.Equal(BlockOutcome.Connected, node.Submit(b).Outcome);
        Assert.Equal(_source.Tip.Hash, node.Tip.Hash);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
        StateInspector.AssertSameState(_source.Store, node.Store);
        Assert.Equal(more.Select(b => b.Hash), node.Ledger.MainChainBlocks(SnapshotBlock.Height + 1).Select(b => b.Hash));

        // Mempool, templates and mining work on it; then the node that replayed accepts what it mined.
        node.AddToMempool(TestKeys.Transfer(4, 6, 1_000, nonce: 0));
        var mined = node.Mine(6);
        Assert.Single(mined.Transactions);
        Assert.Equal(BlockOutcome.Connected, _source.Submit(mined).Outcome);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
    }

    [Fact]
    public void Backfilled_bodies_are_checked_and_stored_and_a_replay_from_genesis_confirms_the_snapshot()
    {
        using var node = new TestNode(clock: _source.Clock);
        node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, StateInspector.All(_source.Store));
        var below = _chain.Take(_chain.Count - 1).ToList();
        Assert.Equal(new BackfillStatus(SnapshotBlock.Height, below.Count, false), node.Ledger.Backfill);
        Assert.Empty(node.Ledger.MissingBlocks(100));
        Assert.Equal(below.Select(b => b.Hash), node.Ledger.MissingBlocks(100, backfill: true));
        Assert.Throws<InvalidOperationException>(() => node.Ledger.VerifySnapshot());

        // A body that is not its header's is refused; the right ones are stored (newest first: order does not matter).
        var stripped = new Block(below[2].Header, below[2].Coinbase, []);
        Assert.NotEmpty(below[2].Transactions);
        Assert.Equal(RejectCodes.BadMerkleRoot, node.Reject(stripped).Code);
        foreach (var b in below.AsEnumerable().Reverse()) Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(b).Outcome);
        Assert.Equal(0, node.Ledger.Backfill!.Missing);
        Assert.Empty(node.Ledger.MissingBlocks(100, backfill: true));
        Assert.Equal(SnapshotBlock.Hash, node.Tip.Hash);
        Assert.False(node.Ledger.IsNotBackfilled(node.Ledger.BlockAt(1)!));
        Assert.Equal(_chain.Select(b => b.Hash), node.Ledger.MainChainBlocks(1).Select(b => b.Hash));

        var (verified, detail) = node.Ledger.VerifySnapshot();
        Assert.True(verified, detail);
        Assert.True(node.Ledger.Backfill.Verified);
        // Still no reorganisation below the snapshot: there are no undo records there.
        Assert.Equal(SnapshotBlock.Height, node.Ledger.ValidatedFrom!.Height);
        Assert.Equal(BlockOutcome.Connected, node.Submit(_source.Mine(2)).Outcome);
    }

    [Fact]
    public void Verify_state_on_a_backfilled_snapshot_node_replays_from_genesis_and_finds_a_corrupted_pair()
    {
        using var node = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: _source.Clock);
        node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, StateInspector.All(_source.Store));
        var below = _chain.Take(_chain.Count - 1).ToList();

        // Part of the backfill: still refused, naming the first body missing.
        Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(below[0]).Outcome);
        Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(below[2]).Outcome);
        var e = Assert.Throws<NotBackfilledException>(() => node.Ledger.VerifyState());
        Assert.Equal(2u, e.Height);
        Assert.Equal($"block 2 is not yet backfilled: this node started from a snapshot at height {SnapshotBlock.Height} and has no bodies below it", e.Message);

        foreach (var b in below.Skip(1)) Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(b).Outcome);
        Assert.Equal(0, node.Ledger.Backfill!.Missing);
        Assert.Equal(BlockOutcome.Connected, node.Submit(_source.Mine(2, TestKeys.Transfer(3, 5, 1_000, nonce: 0))).Outcome); // and a block above the floor

        var report = node.Ledger.VerifyState();
        Assert.True(report.Consistent, report.ToString());
        Assert.Equal(SnapshotBlock.Height, report.ValidatedFrom);
        Assert.Equal((node.Tip.Height, node.Tip.StateRoot.ToHexInternal()), (report.Height, report.ReplayedRoot));
        Assert.Equal(StateInspector.All(node.Store).Count, report.StateKeys);
        Assert.Equal(0, report.MismatchedKeys);
        Assert.Empty(ScratchDirectories());

        // A pair the snapshot wrote, changed behind the ledger's back: only a pair-by-pair comparison sees it.
        var pair = StateInspector.All(node.Store)[1];
        using (var batch = node.Store.CreateBatch())
        {
            batch.Put(LedgerColumns.State, pair.Key, [.. pair.Value, 0]);
            node.Store.Write(batch);
        }
        var bad = node.Ledger.VerifyState();
        Assert.False(bad.Consistent);
        Assert.Equal(1, bad.MismatchedKeys);
        Assert.Equal(bad.StoredRoot, bad.ReplayedRoot);
    }

    [Fact]
    public void Once_the_replay_confirms_the_snapshot_old_transactions_are_found_and_a_crash_midway_is_redone()
    {
        var below = _chain.Take(_chain.Count - 1).ToList();
        var old = below.SelectMany(b => b.TransactionIds().Select((id, i) => (Id: id, Block: b, Position: i))).ToList();
        Assert.Contains(old, t => t.Position > 0); // a transfer, not only coinbases
        var memory = new MemoryKeyValueStore();
        var faulty = new FaultyStore(memory);
        var node = new TestNode(store: faulty, clock: _source.Clock);
        node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, StateInspector.All(_source.Store));
        foreach (var b in below) Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(b).Outcome);
        Assert.All(old, t => Assert.Null(node.Ledger.FindTransaction(t.Id)));

        // Two blocks a batch: the second batch fails as a crash would, after the first was written.
        node.Chain.IndexBlocksPerBatch = 2;
        faulty.FailAtWrite = faulty.Writes + 2;
        Assert.Throws<IOException>(() => node.Ledger.VerifySnapshot());
        var reopened = new TestNode(store: new FaultyStore(memory), clock: _source.Clock);
        Assert.False(reopened.Ledger.Backfill!.Verified); // not confirmed: the next start replays again
        Assert.Equal(SnapshotBlock.Hash, reopened.Tip.Hash);
        Assert.Equal(reopened.Tip.StateRoot, StateInspector.RecomputeRoot(memory));
        var found = old.Where(t => reopened.Ledger.FindTransaction(t.Id) is not null).ToList();
        Assert.Equal(old.TakeWhile(t => t.Block.Height <= 2), found);

        reopened.Chain.IndexBlocksPerBatch = 2;
        var (verified, detail) = reopened.Ledger.VerifySnapshot();
        Assert.True(verified, detail);
        Assert.Contains($"{old.Count} transactions below it indexed", detail);
        Assert.True(reopened.Ledger.Backfill!.Verified);
        foreach (var t in old) Assert.Equal(new TransactionLocation(t.Block.Hash, t.Block.Height, t.Position), reopened.Ledger.FindTransaction(t.Id));
        Assert.NotNull(reopened.Ledger.FindTransaction(SnapshotBlock.Transactions[0].Id)); // the snapshot block's, as before
    }

    [Fact]
    public void Pairs_that_do_not_give_the_committed_root_are_refused_and_nothing_is_written()
    {
        using var node = new TestNode(clock: _source.Clock);
        var genesisState = StateInspector.All(node.Store);
        var pairs = StateInspector.All(_source.Store);
        var changed = pairs.Select((p, i) => i == 3 ? new KeyValuePair<byte[], byte[]>(p.Key, [.. p.Value, 0]) : p).ToList();
        var missing = pairs.Skip(1).ToList();
        foreach (var wrong in new[] { changed, missing, [.. pairs, pairs[0]] })
        {
            var e = Assert.Throws<RejectedException>(() => node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, wrong));
            Assert.Equal(RejectCodes.BadStateRoot, e.Rejection.Code);
            Assert.Equal(0u, node.Tip.Height);
            Assert.Null(node.Ledger.ValidatedFrom);
            Assert.Equal(genesisState.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)),
                StateInspector.All(node.Store).Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)));
        }
        // A body that is not the block's.
        var stripped = new Block(SnapshotBlock.Header, SnapshotBlock.Coinbase, []);
        Assert.Throws<RejectedException>(() => node.Ledger.StartFromSnapshot(Headers, stripped, pairs));
        // The right ones still work afterwards; a second start is refused.
        node.Ledger.StartFromSnapshot([], SnapshotBlock, pairs);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
        Assert.Throws<InvalidOperationException>(() => node.Ledger.StartFromSnapshot([], SnapshotBlock, pairs));
    }

    [Fact]
    public void A_reorganisation_below_the_snapshot_is_refused_and_one_above_it_works()
    {
        // A rival that shares the first two blocks and then mines a heavier branch of its own.
        using var rival = new TestNode(clock: _source.Clock);
        rival.SubmitAll(_chain.Take(2));
        var rivalBranch = rival.MineMany(_chain.Count, 7); // two blocks more than the snapshot's branch above the fork

        using var node = new TestNode(clock: _source.Clock);
        node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, StateInspector.All(_source.Store));
        var headers = node.Ledger.ProcessHeaders(rivalBranch.Select(b => b.Header).ToList());
        Assert.Equal(0, headers.Added);
        Assert.Equal(RejectCodes.ForkBelowSnapshot, headers.Rejection!.Code);
        Assert.Contains("below the snapshot", headers.Rejection.Message);
        var e = Assert.Throws<RejectedException>(() => node.Submit(rivalBranch[0]));
        Assert.Equal(RejectCodes.ForkBelowSnapshot, e.Rejection.Code);
        Assert.Equal(SnapshotBlock.Hash, node.Tip.Hash);
        Assert.Equal(SnapshotBlock.Hash, node.Ledger.BestHeader.Hash);

        // Above the floor: the node mines its own block, the source's heavier branch from the snapshot block replaces it.
        var own = node.Mine(8);
        var branch = _source.MineMany(2, 9);
        node.SubmitAll(branch);
        Assert.Equal(_source.Tip.Hash, node.Tip.Hash);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
        Assert.False(node.Ledger.IsOnMainChain(own.Hash));
        StateInspector.AssertSameState(_source.Store, node.Store);
    }

    [Fact]
    public void The_snapshot_start_survives_a_restart_and_a_crash_at_its_write_leaves_the_fresh_chain()
    {
        var pairs = StateInspector.All(_source.Store);
        using (var disk = RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All))
        {
            var faulty = new FaultyStore(disk);
            var node = new TestNode(store: faulty, clock: _source.Clock);
            faulty.FailAtWrite = faulty.Writes + 2; // the headers' batch, then the snapshot's
            Assert.Throws<IOException>(() => node.Ledger.StartFromSnapshot(Headers, SnapshotBlock, pairs));
        }
        using (var reopened = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: _source.Clock))
        {
            Assert.Equal(0u, reopened.Tip.Height);
            Assert.Null(reopened.Ledger.ValidatedFrom);
            Assert.Equal(reopened.Tip.StateRoot, StateInspector.RecomputeRoot(reopened.Store));
            Assert.Equal(SnapshotBlock.Hash, reopened.Ledger.BestHeader.Hash); // the headers' batch was written
            reopened.Ledger.StartFromSnapshot([], SnapshotBlock, pairs);
        }
        var next = _source.Mine(2);
        using (var reopened = new TestNode(store: RocksDbKeyValueStore.Open(_dir, SmallStore, LedgerColumns.All), clock: _source.Clock))
        {
            Assert.Equal(SnapshotBlock.Hash, reopened.Tip.Hash);
            Assert.Equal(SnapshotBlock.Height, reopened.Ledger.ValidatedFrom!.Height);
            Assert.Equal(reopened.Tip.StateRoot, StateInspector.RecomputeRoot(reopened.Store));
            Assert.True(reopened.Ledger.IsNotBackfilled(reopened.Ledger.BlockAt(1)!));
            Assert.Equal(BlockOutcome.Connected, reopened.Submit(next).Outcome);
            Assert.Equal(_source.Tip.StateRoot, reopened.Tip.StateRoot);
            StateInspector.AssertSameState(_source.Store, reopened.Store);
        }
    }

    [Fact]
    public void Once_the_replay_confirms_the_snapshot_account_activity_goes_back_to_genesis_as_on_a_node_that_replayed()
    {
        // A chain of its own with transfers, mints (signed and mined), token moves and market operations below the floor.
        using var source = new TestNode();
        foreach (int key in new[] { 1, 2, 3, 4, 5 }) source.Mine(key);
        source.Queue(1, Create(Art()));
        source.Queue(2, Create(Pow(bits: 0x207fffff, spacing: 2, halfLife: 20)));
        source.Mine(9);
        source.Queue(1, Mint("art", 2), Mint("art", 3), new TransferOperation(TestKeys.Id(4), new Amount(5_000)));
        source.Queue(5, source.Proof("mined", minterKey: 3));
        source.Mine(9);
        source.Queue(2, MarketSupport.ListFixed("art", 1, 100_000));
        source.Queue(5, new MakeOfferOperation(OfferTarget.ForCollection("art"), new Amount(50_000), 1, 0));
        source.Queue(3, new ApproveOperation("art", 2, TestKeys.Id(6)));
        source.Mine(6);
        source.Queue(4, MarketSupport.Buy("art", 1, 100_000));
        source.Queue(3, new TransferTokenOperation("art", 2, TestKeys.Id(5)), new SetOperatorOperation("art", TestKeys.Id(7), true));
        source.Mine(7);
        source.Queue(1, new TransferOperation(TestKeys.Id(6), new Amount(7_000)));
        var snapshot = source.Mine(8);
        var chain = source.Chain.MainChainBlocks(1).ToList();
        var below = chain.Take(chain.Count - 1).ToList();
        Assert.Equal(snapshot.Hash, chain[^1].Hash);
        Assert.All(below.Skip(5), b => Assert.NotEmpty(b.Transactions));

        static uint HeightOf(byte[] key) => BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(32));
        static List<(string Key, string Value)> Raw(IKeyValueStore store, Func<uint, bool> heights) =>
            store.Iterate(LedgerColumns.Activity, []).Where(kv => heights(HeightOf(kv.Key)))
                .Select(kv => (Convert.ToHexString(kv.Key), Convert.ToHexString(kv.Value))).ToList();
        var replayed = Raw(source.Store, _ => true);
        var belowFloor = source.Store.Iterate(LedgerColumns.Activity, []).Where(kv => HeightOf(kv.Key) is > 0 and < 10)
            .Select(kv => (ActivityRoles)kv.Value[32]).Aggregate(ActivityRoles.None, (a, r) => a | r);
        Assert.Equal(ActivityRoles.Sender | ActivityRoles.Participant | ActivityRoles.Payee | ActivityRoles.BlockNftRecipient, belowFloor);

        var memory = new MemoryKeyValueStore();
        var faulty = new FaultyStore(memory);
        var node = new TestNode(store: faulty, clock: source.Clock);
        node.Ledger.StartFromSnapshot(below.Select(b => b.Header).Append(snapshot.Header).ToList(), snapshot, StateInspector.All(source.Store));
        foreach (var b in below) Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(b).Outcome);
        uint floor = snapshot.Height;
        // Before the confirmation: genesis's entries and the snapshot block's, none between.
        Assert.Equal(Raw(source.Store, h => h == 0 || h >= floor), Raw(memory, _ => true));

        // Two blocks a batch: the third batch fails as a crash would; the first two blocks' pairs of entries stay, each exact.
        node.Chain.IndexBlocksPerBatch = 2;
        faulty.FailAtWrite = faulty.Writes + 3;
        Assert.Throws<IOException>(() => node.Ledger.VerifySnapshot());
        var reopened = new TestNode(store: new FaultyStore(memory), clock: source.Clock);
        Assert.False(reopened.Ledger.Backfill!.Verified);
        Assert.Equal(Raw(source.Store, h => h <= 4 || h >= floor), Raw(memory, _ => true));

        reopened.Chain.IndexBlocksPerBatch = 2;
        var (verified, detail) = reopened.Ledger.VerifySnapshot();
        Assert.True(verified, detail);
        Assert.Equal(replayed, Raw(memory, _ => true));
        foreach (int key in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })
        {
            var expected = source.Ledger.Activity(TestKeys.Id(key), null, 1000).Select(a => a.Entry).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, reopened.Ledger.Activity(TestKeys.Id(key), null, 1000).Select(a => a.Entry));
        }
    }
}
