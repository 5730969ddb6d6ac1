using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Keeps the block tree and the main chain: checks incoming headers and blocks, stores them, follows the branch with
/// the most cumulative work among those whose blocks are all here, and connects or disconnects blocks one atomic
/// write batch at a time, so a crash at any instant leaves the store on some consistent tip. All mutation happens
/// under one lock; the <see cref="LedgerFacade"/> is its only caller.
/// </summary>
internal sealed class ChainManager
{
    private readonly object _sync = new();
    private readonly ChainStore _chainStore;
    private readonly StateCommitment _commitment;
    private readonly StoreStateReader _tipState;
    private readonly BlockStateTransition _transition;
    private readonly ActivityIndex _activity;
    private readonly TimeProvider _clock;
    private readonly Dictionary<Hash256, ChainEntry> _entries = [];
    private readonly OrphanPool _orphans;
    private readonly Dictionary<uint, ChainEntry> _mainChain = [];
    /// <summary>Blocks stored whose branch still lacks an earlier body, by the hash of the parent they wait on.</summary>
    private readonly Dictionary<Hash256, List<ChainEntry>> _waitingForData = [];
    /// <summary>
    /// Blocks accepted by the current call, with their bytes, not written yet: a block that connects at once is
    /// written in its connect batch (one write instead of two); the rest are written before the call returns.
    /// </summary>
    private readonly Dictionary<Hash256, (Block Block, byte[] Encoded)> _justStored = [];
    /// <summary>Signature checks started as soon as a block's proof of work was seen, by block hash.</summary>
    private readonly Dictionary<Hash256, Task<Rejection?>> _earlySignatureChecks = [];
    private volatile ChainEntry _tip;
    private ChainEntry _bestHeader;
    private ChainEntry? _mostWork;
    private Rejection? _lastFailure;
    /// <summary>The snapshot block this node started from: no bodies or undo below it, no disconnecting it.</summary>
    private (uint Height, Hash256 Hash)? _floor;
    /// <summary>Main-chain blocks below the floor whose bodies are still missing, and the lowest height that may be one.</summary>
    private int _missingBelowFloor;
    private uint _backfillFrom = 1;
    private volatile bool _snapshotVerified;

    public ChainParams Params { get; }
    public TimeProvider Clock => _clock;
    public OperationRegistry Operations { get; }
    public BlockStateTransition Transition => _transition;
    public ChainEntry Tip => _tip;
    public ChainEntry GenesisEntry { get; }
    public IStateReader TipState => _tipState;
    public StateCommitment Commitment => _commitment;
    public ActivityIndex Activity => _activity;
    public ChainStore Blocks => _chainStore;
    /// <summary>The snapshot block the node started from (null: it replayed every block from genesis).</summary>
    public (uint Height, Hash256 Hash)? ValidatedFrom { get { lock (_sync) return _floor; } } // a struct: read whole under the lock
    /// <summary>Bodies below the floor not yet backfilled (0 without a floor).</summary>
    public int MissingBelowFloor { get { lock (_sync) return _missingBelowFloor; } }
    /// <summary>The blocks below the floor were replayed from genesis and reached the snapshot's state root.</summary>
    public bool SnapshotVerified => _snapshotVerified;
    /// <summary>The header with the most work, with or without its block (headers-first sync downloads toward it).</summary>
    public ChainEntry BestHeader { get { lock (_sync) return _bestHeader; } }
    /// <summary>Verify signatures with all cores (true) or one (false); the benchmark compares both.</summary>
    public bool ParallelSignatureChecks { get; set; } = true;

    public ChainManager(IKeyValueStore store, ChainParams p, OperationRegistry? operations = null, TimeProvider? clock = null, long maxOrphanBytes = 64L * 1024 * 1024)
    {
        Params = p;
        Operations = operations ?? OperationRegistry.Default;
        _clock = clock ?? TimeProvider.System;
        _chainStore = new ChainStore(store, Operations);
        _commitment = new StateCommitment(store);
        _tipState = new StoreStateReader(store);
        _transition = new BlockStateTransition(p, Operations);
        _activity = new ActivityIndex(store, Operations);
        _orphans = new OrphanPool(maxBlocks: 256, maxBytes: maxOrphanBytes);

        var genesis = Genesis.Create(p);
        if (_chainStore.ReadTip() is null) InitialiseGenesis(genesis);
        _floor = _chainStore.ReadValidatedFrom();
        LoadIndex();
        GenesisEntry = _entries[genesis.Hash];
        _tip = _entries[_chainStore.ReadTip()!.Value];
        _bestHeader = _tip;
        foreach (var e in _entries.Values)
            if (e.Status != BlockStatus.Invalid && e.ChainWork > _bestHeader.ChainWork) _bestHeader = e;
        RebuildMainChainMap();
        RecountBackfill();
        _snapshotVerified = _floor is { } fl && _chainStore.ReadSnapshotVerified() == fl.Hash;
        if (!_activity.IsBuilt) _activity.Build(MainChainBlocks(1)); // a database from before the index: one pass
        // A crash between the batches of a reorganisation leaves a consistent but possibly lighter tip: finish the job.
        lock (_sync) ActivateBestChain();
    }

    private void InitialiseGenesis(Block genesis)
    {
        var entry = new ChainEntry(genesis.Header, 0, CompactTarget.Work(genesis.Header.Bits), null, genesis.Coinbase.StateRoot, BlockStatus.Valid);
        using var batch = _chainStore.Store.CreateBatch();
        _chainStore.WriteBlock(batch, entry.Hash, genesis.Encode());
        _chainStore.WriteEntry(batch, entry);
        _chainStore.WriteMainChain(batch, 0, entry.Hash);
        _chainStore.WriteTxLocation(batch, genesis.Coinbase.Id, entry.Hash, 0);
        _chainStore.WriteTip(batch, entry.Hash);
        _activity.Add(batch, genesis);
        ActivityIndex.MarkBuilt(batch);
        _chainStore.Store.Write(batch);
    }

    private void LoadIndex()
    {
        var raw = new List<(BlockHeader Header, uint Height, Hash256 Root, BlockStatus Status, BigInteger Work)>();
        foreach (var (_, value) in _chainStore.ReadAllEntries()) raw.Add(ChainEntry.Decode(value));
        // Parents first, so every entry can point at its parent object.
        foreach (var r in raw.OrderBy(r => r.Height))
        {
            _entries.TryGetValue(r.Header.PreviousHash, out var parent);
            if (r.Height > 0 && parent is null) continue; // unreachable remnant; never expected
            var e = new ChainEntry(r.Header, r.Height, r.Work, parent, r.Root, r.Status);
            if (_floor is { } f && f.Hash == e.Hash) e.DataComplete = true; // the snapshot block: complete without bodies below it
            _entries[e.Hash] = e;
            if (e.Status != BlockStatus.HeaderOnly && !e.DataComplete) WaitForData(e);
        }
    }

    private void RecountBackfill()
    {
        _missingBelowFloor = 0;
        _backfillFrom = 1;
        if (_floor is not { } floor) return;
        for (uint h = 1; h < floor.Height; h++)
            if (_mainChain[h].Status == BlockStatus.HeaderOnly) _missingBelowFloor++;
    }

    private void RebuildMainChainMap()
    {
        _mainChain.Clear();
        for (var e = _tip; e is not null; e = e.Parent) _mainChain[e.Height] = e;
    }

    public ChainEntry? GetEntry(Hash256 hash) { lock (_sync) return _entries.GetValueOrDefault(hash); }

    public ChainEntry? MainChainAt(uint height) { lock (_sync) return _mainChain.GetValueOrDefault(height); }

    public bool IsOnMainChain(ChainEntry e) { lock (_sync) return IsOnMainChainUnlocked(e); }

    public Block? GetBlock(Hash256 hash) => _chainStore.ReadBlock(hash);

    /// <summary>Runs <paramref name="read"/> while no block can connect or disconnect, so tip and state agree.</summary>
    public T WithTipLocked<T>(Func<ChainEntry, IStateReader, T> read)
    {
        lock (_sync) return read(_tip, _tipState);
    }

    /// <summary>The bits a block on top of the current tip must carry.</summary>
    public uint NextBits() { lock (_sync) return DifficultyRules.NextBits(_tip, null, Params); }

    /// <summary>
    /// Checks headers in order (proof of work, ASERT bits, time rules, linkage) and stores those not yet known as
    /// header-only entries, so their bodies can be fetched from anyone and connected in any order. Stops at the first
    /// header that breaks a rule and reports it; the ones before it stay accepted.
    /// </summary>
    public HeadersResult ProcessHeaders(IReadOnlyList<BlockHeader> headers) => ProcessHeaders(headers, null, holdLowWork: false);

    /// <summary>The entry of a header already known (throws if its block is invalid), or null.</summary>
    private ChainEntry? KnownHeader(BlockHeader header)
    {
        if (!_entries.TryGetValue(header.Hash, out var known)) return null;
        if (known.Status == BlockStatus.Invalid) throw new RejectedException(RejectCodes.InvalidParent, $"header {known.Hash} belongs to an invalid block");
        return known;
    }

    /// <summary>Every rule a header alone can break (proof of work, ASERT bits, time), checked against its parent; the entry it would be.</summary>
    private ChainEntry CheckHeader(BlockHeader header, ChainEntry parent)
    {
        if (parent.Status == BlockStatus.Invalid) throw new RejectedException(RejectCodes.InvalidParent, $"parent {parent.Hash} is invalid");
        CheckAboveFloor(parent, header.Hash);
        BlockChecks.CheckHeaderProofOfWork(header, Params);
        BlockChecks.CheckHeaderAgainstParent(header, parent, Params, _clock.GetUtcNow());
        return new ChainEntry(header, parent.Height + 1, parent.ChainWork + CompactTarget.Work(header.Bits), parent, Hash256.Zero, BlockStatus.HeaderOnly);
    }

    private void StoreHeader(ChainEntry entry, IWriteBatch batch)
    {
        _entries[entry.Hash] = entry;
        _chainStore.WriteEntry(batch, entry);
        if (entry.ChainWork > _bestHeader.ChainWork) _bestHeader = entry;
    }

    /// <summary>
    /// How far back from the best header a branch may end and still be stored at once: a branch with less work than
    /// the best header's ancestor this many blocks back is held until it has more (see <see cref="ProcessHeadersWithEnoughWork"/>).
    /// Natural forks and short reorganisations are within it.
    /// </summary>
    public const int LowWorkMarginBlocks = 6;

    /// <summary>
    /// Headers from a peer, with Bitcoin's defence against low-work header chains: every header is checked as in
    /// <see cref="ProcessHeaders"/>, but a branch that would end with less work than the best header's ancestor
    /// <see cref="LowWorkMarginBlocks"/> blocks back is not stored. It comes back as <see cref="HeadersResult.Held"/>, for the
    /// caller to pass in again with the headers that continue it, until the branch has the work (then it is stored
    /// whole) or the caller gives up. Without it, headers forking from low-difficulty early blocks, cheap to make,
    /// would fill the block index of every node they were sent to.
    /// </summary>
    public HeadersResult ProcessHeadersWithEnoughWork(IReadOnlyList<BlockHeader> headers, HeldHeaders? held) => ProcessHeaders(headers, held, holdLowWork: true);

    /// <summary>Both of the above: checks every header against its parent (stored, or checked just before it), then stores them in one batch unless the branch is held.</summary>
    private HeadersResult ProcessHeaders(IReadOnlyList<BlockHeader> headers, HeldHeaders? held, bool holdLowWork)
    {
        lock (_sync)
        {
            bool continues = held is not null && headers.Count > 0 && headers[0].PreviousHash == held.Tip.Hash;
            // Another peer's copy of the branch may have been stored meanwhile: never store a held entry over a stored
            // one. Its tip stored: the headers build on a known entry; only part of it stored: check them anew.
            if (continues && _entries.ContainsKey(held!.Entries[0].Hash)) continues = false;
            var fresh = continues ? new List<ChainEntry>(held!.Entries) : [];
            ChainEntry? last = continues ? held!.Tip : null;
            Rejection? rejection = null;
            foreach (var header in headers)
            {
                try
                {
                    if (fresh.Count == 0 && KnownHeader(header) is { } known)
                    {
                        last = known;
                        continue;
                    }
                    ChainEntry parent = last is not null && last.Hash == header.PreviousHash ? last
                        : fresh.Count == 0 && _entries.TryGetValue(header.PreviousHash, out var stored) ? stored
                        : throw new RejectedException(RejectCodes.Orphan, $"header {header.Hash} builds on {header.PreviousHash}, which is not known");
                    last = CheckHeader(header, parent);
                    fresh.Add(last);
                }
                catch (RejectedException e)
                {
                    rejection = e.Rejection;
                    break;
                }
            }
            if (fresh.Count == 0) return new HeadersResult(0, last, rejection);
            var floor = holdLowWork ? _bestHeader.Ancestor(_bestHeader.Height > LowWorkMarginBlocks ? _bestHeader.Height - LowWorkMarginBlocks : 0) : null;
            if (floor is not null && fresh[^1].ChainWork < floor.ChainWork)
                return new HeadersResult(0, null, rejection, new HeldHeaders(fresh, floor.ChainWork - fresh[^1].ChainWork));
            using var batch = _chainStore.Store.CreateBatch();
            foreach (var entry in fresh) StoreHeader(entry, batch);
            _chainStore.Store.Write(batch);
            return new HeadersResult(fresh.Count, last, rejection);
        }
    }

    /// <summary>
    /// Main-chain-bound blocks whose bodies are missing: from the fork with the best header's branch up to it, oldest
    /// first, at most <paramref name="max"/>.
    /// </summary>
    public IReadOnlyList<Hash256> MissingBlocks(int max, bool backfill = false)
    {
        lock (_sync)
        {
            var missing = new List<Hash256>();
            for (var e = _bestHeader; e is not null && !IsOnMainChainUnlocked(e); e = e.Parent)
                if (e.Status == BlockStatus.HeaderOnly) missing.Add(e.Hash);
            missing.Reverse();
            if (missing.Count > max) return missing.GetRange(0, max);
            // Backfill: the main chain's bodies below the snapshot block, oldest first, after those above it.
            if (backfill && _floor is { } floor && _missingBelowFloor > 0)
            {
                while (_backfillFrom < floor.Height && _mainChain[_backfillFrom].Status != BlockStatus.HeaderOnly) _backfillFrom++;
                for (uint h = _backfillFrom; h < floor.Height && missing.Count < max; h++)
                    if (_mainChain[h].Status == BlockStatus.HeaderOnly) missing.Add(_mainChain[h].Hash);
            }
            return missing;
        }
    }

    /// <summary>
    /// Replays the main chain from genesis to the floor (<see cref="ChainReplay"/>), with full validation, and checks
    /// that it reaches the snapshot block with the snapshot's state root; then writes the transaction-index and
    /// account-activity entries below the floor (<see cref="BelowFloorIndexes"/>) and, in their last batch, records the confirmation
    /// (<c>meta/"snapshot-verified"</c>): a crash or cancel before that leaves an unconfirmed snapshot, replayed again
    /// at the next start. Runs without the lock: the bodies below the floor never change.
    /// </summary>
    /// <exception cref="InvalidOperationException">no floor, or bodies below it are still missing.</exception>
    public (bool Verified, string Detail) VerifySnapshot(CancellationToken cancel = default)
    {
        if (ValidatedFrom is not { } floor) throw new InvalidOperationException("this chain did not start from a snapshot");
        if (MissingBelowFloor > 0) throw new InvalidOperationException($"{MissingBelowFloor} block(s) below the snapshot are not yet backfilled");
        var floorEntry = GetEntry(floor.Hash)!;
        Hash256 root;
        using (var run = ChainReplay.Run(this, floor.Height, cancel))
        {
            if (run.Failure is { } failure) return (false, failure);
            var replay = run.Chain;
            if (replay.Tip.Hash != floor.Hash) return (false, $"the replay ends at {replay.Tip.Hash}, not the snapshot block {floor.Hash}");
            if (replay.Tip.StateRoot != floorEntry.StateRoot)
                return (false, $"the replay reaches state root {replay.Tip.StateRoot} at block {floor.Height}, the snapshot has {floorEntry.StateRoot}");
            root = replay.Tip.StateRoot;
        }
        long indexed = BelowFloorIndexes.Write(this, floor.Height, IndexBlocksPerBatch, batch => _chainStore.WriteSnapshotVerified(batch, floor.Hash), cancel);
        _snapshotVerified = true;
        return (true, $"replayed {floor.Height} blocks from genesis: state root {root} at the snapshot block; {indexed} transactions below it indexed");
    }

    /// <summary>
    /// The transaction-index and account-activity entries of a main-chain block (from the block alone): written when it
    /// connects, when a snapshot starts at it, and for the blocks below a confirmed snapshot.
    /// </summary>
    internal long WriteBlockIndexes(IWriteBatch batch, Block block, Hash256 hash)
    {
        var ids = block.TransactionIds();
        for (int i = 0; i < ids.Count; i++) _chainStore.WriteTxLocation(batch, ids[i], hash, i);
        _activity.Add(batch, block);
        return ids.Count;
    }

    /// <summary>Blocks per batch when the transaction and activity indexes below the floor are written (tests make it small).</summary>
    internal int IndexBlocksPerBatch { get; set; } = BelowFloorIndexes.DefaultBlocksPerBatch;

    /// <summary>The first main-chain height below the floor whose body is not here (null: none, or no floor).</summary>
    public uint? FirstMissingBelowFloor()
    {
        lock (_sync)
        {
            if (_floor is not { } floor || _missingBelowFloor == 0) return null;
            for (uint h = _backfillFrom; h < floor.Height; h++)
                if (_mainChain[h].Status == BlockStatus.HeaderOnly) return h;
            return null;
        }
    }

    /// <summary>
    /// Checks a block, stores it, and moves the main chain if its branch now has the most work. A block that breaks
    /// a rule checkable before storing throws; one found invalid while connecting returns <see cref="BlockOutcome.Invalid"/>
    /// together with whatever the attempt changed on the main chain.
    /// </summary>
    /// <exception cref="RejectedException">the block breaks a rule; the reason says which.</exception>
    public ProcessResult ProcessBlock(Block block)
    {
        var encoded = block.Encode();
        lock (_sync)
        {
            _entries.TryGetValue(block.Hash, out var known);
            if ((known is not null && known.Status != BlockStatus.HeaderOnly) || _orphans.Contains(block.Hash))
                return new ProcessResult(BlockOutcome.Duplicate, ChainUpdate.None);
            BlockChecks.CheckProofOfWork(block, encoded.Length, Params);
            // Work has been shown: start the signature checks now, so they overlap every check that follows.
            if (ParallelSignatureChecks && block.Transactions.Count > 0 && _entries.ContainsKey(block.Header.PreviousHash))
                _earlySignatureChecks[block.Hash] = SignatureChecks.StartInBackground(block);
            try { BlockChecks.CheckBody(block, Params, Operations); }
            catch (RejectedException)
            {
                _earlySignatureChecks.Remove(block.Hash);
                throw;
            }
            if (!_entries.TryGetValue(block.Header.PreviousHash, out var parent))
            {
                _orphans.Add(block, encoded.Length);
                return new ProcessResult(BlockOutcome.Orphan, ChainUpdate.None);
            }

            var disconnected = new List<Block>();
            var connected = new List<Block>();
            ChainEntry entry;
            try { entry = StoreBlock(block, encoded, parent, known); }
            catch (RejectedException)
            {
                _earlySignatureChecks.Remove(block.Hash);
                throw;
            }
            // Children that were waiting for this block.
            var queue = new Queue<ChainEntry>([entry]);
            while (queue.Count > 0)
            {
                var stored = queue.Dequeue();
                foreach (var child in _orphans.TakeChildren(stored.Hash))
                {
                    try { queue.Enqueue(StoreBlock(child, child.Encode(), stored, null)); }
                    catch (RejectedException) { /* an orphan that turns out invalid is simply dropped */ }
                }
            }
            try { ActivateBestChain(disconnected, connected); }
            finally
            {
                WriteBlocksNotConnected();
                _earlySignatureChecks.Clear(); // checks of blocks left unconnected are dropped (they never throw)
            }
            var update = new ChainUpdate(disconnected, connected);
            if (entry.Status == BlockStatus.Invalid)
                return new ProcessResult(BlockOutcome.Invalid, update, _lastFailure ?? new Rejection(RejectCodes.Malformed, "block failed validation"));
            var outcome = IsOnMainChainUnlocked(entry) ? BlockOutcome.Connected : BlockOutcome.SideBranch;
            return new ProcessResult(outcome, update);
        }
    }

    private bool IsOnMainChainUnlocked(ChainEntry e) => _mainChain.TryGetValue(e.Height, out var m) && m == e;

    /// <summary>Stores a new block, or the body of a block whose header was accepted first (<paramref name="headerOnly"/>).</summary>
    private ChainEntry StoreBlock(Block block, byte[] encoded, ChainEntry parent, ChainEntry? headerOnly)
    {
        if (parent.Status == BlockStatus.Invalid)
            throw new RejectedException(RejectCodes.InvalidParent, $"parent {parent.Hash} is invalid");
        // A backfilled body (a main-chain header below the floor) is not a new branch.
        bool backfilled = headerOnly is not null && _floor is { } floor && headerOnly.Height < floor.Height && IsOnMainChainUnlocked(headerOnly);
        if (!backfilled) CheckAboveFloor(parent, block.Hash);
        BlockChecks.CheckAgainstParent(block, parent, Params, _clock.GetUtcNow());
        ChainEntry entry;
        if (backfilled) _missingBelowFloor--;
        if (headerOnly is not null)
        {
            entry = headerOnly;
            entry.StateRoot = block.Coinbase.StateRoot;
            entry.Status = BlockStatus.Stored;
            entry.DataComplete = parent.DataComplete;
        }
        else
        {
            entry = new ChainEntry(block.Header, parent.Height + 1, parent.ChainWork + CompactTarget.Work(block.Header.Bits), parent, block.Coinbase.StateRoot, BlockStatus.Stored);
            _entries[entry.Hash] = entry;
            if (entry.ChainWork > _bestHeader.ChainWork) _bestHeader = entry;
        }
        _justStored[entry.Hash] = (block, encoded);
        if (entry.DataComplete) BecameComplete(entry);
        else WaitForData(entry);
        return entry;
    }

    /// <summary>
    /// On a node started from a snapshot, a block building on <paramref name="parent"/> must stay on the main chain at
    /// and below the snapshot block: the state before it is not here, so a branch that leaves the main chain lower
    /// could never be connected (a reorganisation deeper than the snapshot).
    /// </summary>
    private void CheckAboveFloor(ChainEntry parent, Hash256 child)
    {
        if (_floor is not { } floor) return;
        // A branch leaves the main chain at or above the floor exactly when its ancestor at the floor's height is the
        // floor block (the main chain always passes through it). Walk down to that height, or to an entry already
        // known to descend from it, then mark the way so later headers stop at their parent.
        var x = parent;
        while (x.Height > floor.Height && !x.DescendsFromFloor) x = x.Parent!;
        if (x.DescendsFromFloor || x.Hash == floor.Hash)
        {
            for (var y = parent; !y.DescendsFromFloor && y.Height >= floor.Height; y = y.Parent!) y.DescendsFromFloor = true;
            return;
        }
        var fork = x;
        while (!IsOnMainChainUnlocked(fork)) fork = fork.Parent!;
        throw new RejectedException(RejectCodes.ForkBelowSnapshot,
            $"block {child} is on a branch that leaves the main chain at height {fork.Height}, below the snapshot this node started from (height {floor.Height}): a reorganisation deeper than the snapshot is refused");
    }

    private void WaitForData(ChainEntry entry)
    {
        var parentHash = entry.Header.PreviousHash;
        if (!_waitingForData.TryGetValue(parentHash, out var list)) _waitingForData[parentHash] = list = [];
        list.Add(entry);
    }

    /// <summary>The entry's branch now has every body: it and stored descendants waiting on it become candidates.</summary>
    private void BecameComplete(ChainEntry entry)
    {
        var queue = new Queue<ChainEntry>([entry]);
        while (queue.Count > 0)
        {
            var e = queue.Dequeue();
            e.DataComplete = true;
            if (e.Status != BlockStatus.Invalid && _mostWork is not null && e.ChainWork > _mostWork.ChainWork) _mostWork = e;
            if (_waitingForData.Remove(e.Hash, out var children))
                foreach (var c in children) queue.Enqueue(c);
        }
    }

    private void ActivateBestChain() => ActivateBestChain([], []);

    /// <summary>Stores the blocks this call accepted but did not connect (side branches, invalid ones), in one batch.</summary>
    private void WriteBlocksNotConnected()
    {
        if (_justStored.Count == 0) return;
        using var batch = _chainStore.Store.CreateBatch();
        foreach (var (hash, (_, encoded)) in _justStored)
        {
            _chainStore.WriteBlock(batch, hash, encoded);
            _chainStore.WriteEntry(batch, _entries[hash]);
        }
        _chainStore.Store.Write(batch);
        _justStored.Clear();
    }

    /// <summary>Moves the tip to the valid, complete branch with the most work, one block per atomic batch.</summary>
    private void ActivateBestChain(List<Block> disconnected, List<Block> connected)
    {
        while (true)
        {
            var best = BestCandidate();
            if (best.ChainWork <= _tip.ChainWork) return;
            var fork = FindFork(_tip, best);
            while (_tip != fork) disconnected.Add(DisconnectTip());
            var path = new List<ChainEntry>();
            for (var e = best; e != fork; e = e.Parent!) path.Add(e);
            path.Reverse();
            foreach (var e in path)
            {
                var block = (_justStored.TryGetValue(e.Hash, out var fresh) ? fresh.Block : null) ?? _chainStore.ReadBlock(e.Hash) ?? throw new InvalidOperationException($"block {e.Hash} missing from the store");
                try
                {
                    ConnectTip(e, block);
                    connected.Add(block);
                }
                catch (RejectedException ex)
                {
                    _lastFailure = ex.Rejection;
                    MarkInvalid(e);
                    break; // choose again: the old branch may now be the best valid one
                }
            }
        }
    }

    /// <summary>
    /// The valid entry with the most work whose branch has every block. Kept up to date as blocks are stored (O(1)
    /// per block); a full scan is needed only after blocks were marked invalid, which can take the best candidate away.
    /// </summary>
    private ChainEntry BestCandidate()
    {
        if (_mostWork is null || _mostWork.Status == BlockStatus.Invalid)
        {
            _mostWork = _tip;
            foreach (var e in _entries.Values)
                if (e.Status != BlockStatus.Invalid && e.DataComplete && e.ChainWork > _mostWork.ChainWork) _mostWork = e;
        }
        return _mostWork.ChainWork > _tip.ChainWork ? _mostWork : _tip;
    }

    private static ChainEntry FindFork(ChainEntry a, ChainEntry b)
    {
        while (a.Height > b.Height) a = a.Parent!;
        while (b.Height > a.Height) b = b.Parent!;
        while (a != b) { a = a.Parent!; b = b.Parent!; }
        return a;
    }

    private void MarkInvalid(ChainEntry bad)
    {
        using var batch = _chainStore.Store.CreateBatch();
        foreach (var e in _entries.Values)
        {
            for (var x = e; x is not null && x.Height >= bad.Height; x = x.Parent)
            {
                if (x != bad) continue;
                e.Status = BlockStatus.Invalid;
                _chainStore.WriteEntry(batch, e);
                break;
            }
        }
        _chainStore.Store.Write(batch);
        if (_bestHeader.Status == BlockStatus.Invalid)
        {
            _bestHeader = _tip;
            foreach (var e in _entries.Values)
                if (e.Status != BlockStatus.Invalid && e.ChainWork > _bestHeader.ChainWork) _bestHeader = e;
        }
    }

    private void ConnectTip(ChainEntry entry, Block block)
    {
        var parent = entry.Parent!;
        bool checkSignatures = entry.Status != BlockStatus.Valid;
        // On all cores, signatures are verified while this thread applies the block and updates the state tree:
        // the two are independent, and nothing is written unless both succeed.
        Task<Rejection?>? signatures = null;
        if (checkSignatures && ParallelSignatureChecks)
            signatures = _earlySignatureChecks.Remove(entry.Hash, out var early) ? early : SignatureChecks.StartInBackground(block);
        else if (checkSignatures) SignatureChecks.VerifyAll(block, parallel: false);

        var overlay = new StateOverlay(_tipState);
        using var batch = _chainStore.Store.CreateBatch();
        try
        {
            _transition.Apply(overlay, block);
            var changes = overlay.Changes();
            var root = _commitment.Apply(parent.StateRoot, changes, batch);
            if (root != block.Coinbase.StateRoot)
                throw new RejectedException(RejectCodes.BadStateRoot, $"coinbase commits to state root {block.Coinbase.StateRoot}, the block produces {root}");
            // The whole batch is built while the signatures are still being checked; it is written only after.
            foreach (var (key, value) in changes)
            {
                if (value is null) batch.Delete(LedgerColumns.State, key); else batch.Put(LedgerColumns.State, key, value);
            }
            _chainStore.WriteUndo(batch, entry.Hash, new UndoRecord(overlay.UndoEntries(changes)).Encode());
            _chainStore.WriteMainChain(batch, entry.Height, entry.Hash);
            WriteBlockIndexes(batch, block, entry.Hash);
            _chainStore.WriteTip(batch, entry.Hash);
        }
        finally
        {
            if (signatures?.GetAwaiter().GetResult() is { } bad) throw new RejectedException(bad);
        }
        if (_justStored.Remove(entry.Hash, out var unwritten)) _chainStore.WriteBlock(batch, entry.Hash, unwritten.Encoded);
        entry.Status = BlockStatus.Valid;
        _chainStore.WriteEntry(batch, entry);
        _chainStore.Store.Write(batch);

        _mainChain[entry.Height] = entry;
        _tip = entry;
    }

    private Block DisconnectTip()
    {
        var entry = _tip;
        if (_floor is { } floor && entry.Height <= floor.Height)
            throw new InvalidOperationException($"block {entry.Hash} at height {entry.Height} is at or below the snapshot this node started from (height {floor.Height}): it cannot be disconnected");
        var block = _chainStore.ReadBlock(entry.Hash) ?? throw new InvalidOperationException($"block {entry.Hash} missing from the store");
        var undoBytes = _chainStore.ReadUndo(entry.Hash) ?? throw new InvalidOperationException($"undo data for {entry.Hash} missing");
        var undo = UndoRecord.Decode(undoBytes);
        using var batch = _chainStore.Store.CreateBatch();
        foreach (var (key, value) in undo.PriorValues)
        {
            if (value is null) batch.Delete(LedgerColumns.State, key); else batch.Put(LedgerColumns.State, key, value);
        }
        _chainStore.DeleteMainChain(batch, entry.Height);
        foreach (var id in block.TransactionIds()) _chainStore.DeleteTxLocation(batch, id);
        _activity.Remove(batch, block);
        _chainStore.WriteTip(batch, entry.Parent!.Hash);
        _chainStore.Store.Write(batch);

        _mainChain.Remove(entry.Height);
        _tip = entry.Parent!;
        return block;
    }

    /// <summary>Main-chain blocks from <paramref name="fromHeight"/> up to the tip, read from the store.</summary>
    /// <exception cref="NotBackfilledException">a block on the way has no body: the node started from a snapshot above it.</exception>
    public IEnumerable<Block> MainChainBlocks(uint fromHeight)
    {
        for (uint h = fromHeight; ; h++)
        {
            var e = MainChainAt(h);
            if (e is null) yield break;
            yield return GetBlock(e.Hash) ?? throw new NotBackfilledException(h, _floor?.Height ?? 0);
        }
    }

    /// <summary>
    /// Starts a fresh chain (tip still genesis) from a proven state snapshot: the headers up to the snapshot block (checked
    /// like any headers), the block's body and its state pairs. The pairs' tree must give the state root the block's
    /// coinbase commits to. One atomic batch writes the state, its tree nodes, the main chain's index up to the block
    /// (bodies below it stay absent), the block, its transaction and activity entries, the tip and the
    /// <c>validated-from</c> mark: a crash leaves either the genesis chain or the whole snapshot.
    /// </summary>
    /// <exception cref="RejectedException">a header breaks a rule, the body is not the block's, or the pairs give another root.</exception>
    /// <exception cref="InvalidOperationException">the chain is not fresh.</exception>
    public ChainUpdate StartFromSnapshot(IReadOnlyList<BlockHeader> headers, Block block, IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs)
    {
        lock (_sync)
        {
            if (_tip != GenesisEntry || _floor is not null)
                throw new InvalidOperationException($"a snapshot can only start a fresh chain; this one is at height {_tip.Height}{(_floor is { } f ? $" and started from a snapshot at {f.Height}" : "")}");
            if (headers.Count > 0)
            {
                var r = ProcessHeaders(headers);
                if (r.Rejection is { } bad) throw new RejectedException(bad);
            }
            if (!_entries.TryGetValue(block.Hash, out var entry))
                throw new RejectedException(RejectCodes.Orphan, $"snapshot block {block.Hash}: its header is not known");
            if (entry.Status == BlockStatus.Invalid) throw new RejectedException(RejectCodes.InvalidParent, $"snapshot block {block.Hash} is marked invalid");
            if (entry.Height == 0) throw new InvalidOperationException("the snapshot block is genesis");
            BlockChecks.CheckBody(block, Params, Operations);
            if (block.Height != entry.Height)
                throw new RejectedException(RejectCodes.BadCoinbase, $"snapshot block {block.Hash}: the coinbase says height {block.Height}, the header chain {entry.Height}");

            using var batch = _chainStore.Store.CreateBatch();
            var changes = new List<KeyValuePair<byte[], byte[]?>>(pairs.Count);
            var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
            foreach (var (key, value) in pairs)
            {
                if (!keys.Add(key)) throw new RejectedException(RejectCodes.BadStateRoot, $"snapshot: state key {Convert.ToHexStringLower(key)} appears twice");
                changes.Add(new(key, value));
            }
            var root = _commitment.Apply(Hash256.Zero, changes, batch);
            if (root != block.Coinbase.StateRoot)
                throw new RejectedException(RejectCodes.BadStateRoot, $"snapshot: the pairs give state root {root}, block {block.Hash} commits to {block.Coinbase.StateRoot}");
            // Genesis's state goes, unless the snapshot has the same key.
            foreach (var (key, _) in _chainStore.Store.Iterate(LedgerColumns.State, []))
                if (!keys.Contains(key)) batch.Delete(LedgerColumns.State, key);
            foreach (var (key, value) in pairs) batch.Put(LedgerColumns.State, key, value);
            for (var e = entry; e.Height > 0; e = e.Parent!) _chainStore.WriteMainChain(batch, e.Height, e.Hash);
            _chainStore.WriteBlock(batch, entry.Hash, block.Encode());
            WriteBlockIndexes(batch, block, entry.Hash);
            var stored = new ChainEntry(entry.Header, entry.Height, entry.ChainWork, entry.Parent, root, BlockStatus.Valid);
            _chainStore.WriteEntry(batch, stored);
            _chainStore.WriteTip(batch, entry.Hash);
            _chainStore.WriteValidatedFrom(batch, entry.Height, entry.Hash);
            _chainStore.Store.Write(batch);

            // The in-memory tree follows what was written.
            if (_waitingForData.TryGetValue(entry.Header.PreviousHash, out var siblings)) siblings.Remove(entry);
            entry.StateRoot = root;
            entry.Status = BlockStatus.Valid;
            _floor = (entry.Height, entry.Hash);
            _tip = entry;
            RebuildMainChainMap();
            RecountBackfill();
            _mostWork = entry;
            BecameComplete(entry); // blocks above it that arrived already
            var disconnected = new List<Block>();
            var connected = new List<Block> { block };
            try { ActivateBestChain(disconnected, connected); }
            finally
            {
                WriteBlocksNotConnected();
                _earlySignatureChecks.Clear();
            }
            return new ChainUpdate(disconnected, connected);
        }
    }
}

/// <summary>A main-chain block's body is not here: the node started from a snapshot above it and has not backfilled it.</summary>
public sealed class NotBackfilledException(uint height, uint validatedFrom)
    : InvalidOperationException($"block {height} is not yet backfilled: this node started from a snapshot at height {validatedFrom} and has no bodies below it")
{
    public uint Height { get; } = height;
    public uint ValidatedFrom { get; } = validatedFrom;
}

/// <summary>What <see cref="ChainManager.ProcessHeaders"/> did: how many headers were new, the last one accepted, and why it stopped early.</summary>
internal sealed record HeadersResult(int Added, ChainEntry? Last, Rejection? Rejection, HeldHeaders? Held = null);
