using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;
using Hashmint.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Ledger;

/// <summary>
/// The one door to the chain. Blocks (whole, or headers first), transactions, block templates and state reads all
/// pass here. A block that changes the main chain and the mempool's rebuild on the new tip happen as one step under
/// one lock, so a transaction is always checked against the tip the mempool follows; afterwards one typed
/// <see cref="ChainUpdated"/> event goes to the subscribers (miner, pool, peers, event stream), in order.
/// Subscribers must return quickly and may call back into the ledger.
/// </summary>
public sealed partial class LedgerFacade
{
    private readonly object _sync = new();
    private readonly object _dispatch = new();
    private readonly Queue<Action> _events = new();
    private readonly ChainManager _chain;
    private readonly Mempool _mempool;
    private readonly BlockAssembler _assembler;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;

    public LedgerFacade(IKeyValueStore store, ChainParams network, LedgerOptions? options = null, TimeProvider? clock = null,
        OperationRegistry? operations = null, ILogger<LedgerFacade>? logger = null)
    {
        options ??= new LedgerOptions();
        ReplayScratch.RemoveStale(store); // a replay the process did not live to finish
        _log = (ILogger?)logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _chain = new ChainManager(store, network, operations, _clock, options.MaxOrphanBytes) { ParallelSignatureChecks = options.ParallelSignatureChecks };
        lock (_sync)
        {
            _mempool = new Mempool(_chain.Transition, NextBlockContext(), options.Mempool);
            _assembler = new BlockAssembler(_chain, _mempool, _clock);
        }
    }

    /// <summary>For tests and benchmarks inside the ledger's friends: the chain and mempool behind the door.</summary>
    internal ChainManager Chain => _chain;
    internal Mempool Mempool => _mempool;

    public ChainParams Network => _chain.Params;
    public OperationRegistry Operations => _chain.Operations;
    public ChainPoint Tip => ChainPoint.Of(_chain.Tip);
    public ChainPoint Genesis => ChainPoint.Of(_chain.GenesisEntry);
    /// <summary>The header with the most work, whether or not its block has arrived.</summary>
    public ChainPoint BestHeader => ChainPoint.Of(_chain.BestHeader);

    /// <summary>The main chain moved: blocks disconnected (tip first) and connected (oldest first), and the new tip.</summary>
    public event Action<ChainUpdated>? ChainUpdated;

    /// <summary>A transaction entered the mempool.</summary>
    public event Action<Transaction>? TransactionAccepted;

    /// <summary>A submitted transaction was refused (the submitter also gets the exception).</summary>
    public event Action<TransactionRejected>? TransactionRejected;

    // ---- blocks ----

    /// <summary>Checks and stores a block, moves the main chain if it now has the most work, and rebuilds the mempool.</summary>
    public BlockSubmission SubmitBlock(Block block)
    {
        BlockSubmission submission;
        lock (_sync)
        {
            ProcessResult result;
            try { result = _chain.ProcessBlock(block); }
            catch (RejectedException e) { return new BlockSubmission(block.Hash, block.Height, BlockOutcome.Rejected, e.Rejection); }
            submission = new BlockSubmission(block.Hash, block.Height, result.Outcome, result.Rejection);
            if (result.Update.TipChanged)
            {
                _mempool.OnChainUpdate(result.Update, NextBlockContext());
                var updated = new ChainUpdated(result.Update.Disconnected, result.Update.Connected, ChainPoint.Of(_chain.Tip));
                if (updated.ReorgDepth > 0) LogReorganised(updated.ReorgDepth, updated.Connected.Count, updated.Tip.Height, updated.Tip.Hash);
                else LogConnected(updated.Connected.Count, updated.Tip.Height, updated.Tip.Hash, _mempool.Count);
                _events.Enqueue(() => Raise(ChainUpdated, updated));
            }
        }
        DispatchEvents();
        return submission;
    }

    /// <summary>
    /// Headers first: checks headers (proof of work, ASERT bits, time rules, linkage) and keeps them, so bodies can be
    /// fetched from anyone and connected in any order (<see cref="MissingBlocks"/>). Stops at the first bad header.
    /// </summary>
    public HeaderSubmission ProcessHeaders(IReadOnlyList<BlockHeader> headers)
    {
        lock (_sync)
        {
            var r = _chain.ProcessHeaders(headers);
            return new HeaderSubmission(r.Added, r.Last is null ? null : ChainPoint.Of(r.Last), r.Rejection);
        }
    }

    /// <summary>
    /// Headers from a peer: as <see cref="ProcessHeaders"/>, but a branch that would end with too little work to matter
    /// is checked and handed back (<see cref="HeaderSubmission.Held"/>) instead of stored; pass it in again with the
    /// headers that continue it (<see cref="ChainManager.ProcessHeadersWithEnoughWork"/>).
    /// </summary>
    public HeaderSubmission ProcessPeerHeaders(IReadOnlyList<BlockHeader> headers, HeldHeaders? held)
    {
        lock (_sync)
        {
            var r = _chain.ProcessHeadersWithEnoughWork(headers, held);
            return new HeaderSubmission(r.Added, r.Last is null ? null : ChainPoint.Of(r.Last), r.Rejection, r.Held);
        }
    }

    /// <summary>
    /// Starts a fresh ledger (tip still genesis) from a proven state snapshot: <paramref name="headers"/> up to the
    /// snapshot block (checked like any headers; ones already known are skipped), the block's body, and the state
    /// pairs at it. The pairs' tree must give the root the block's coinbase commits to. Written in one atomic batch;
    /// afterwards the block is the tip, <see cref="ValidatedFrom"/> is set, bodies below it are absent ("not yet
    /// backfilled") and disconnecting it is refused. Blocks above it that arrived already are connected.
    /// </summary>
    /// <exception cref="RejectedException">a header breaks a rule, the body is not the block's, or the pairs give another root.</exception>
    /// <exception cref="InvalidOperationException">the ledger's chain is not fresh.</exception>
    public ChainPoint StartFromSnapshot(IReadOnlyList<BlockHeader> headers, Block block, IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs)
    {
        ChainPoint tip;
        lock (_sync)
        {
            var update = _chain.StartFromSnapshot(headers, block, pairs);
            _mempool.OnChainUpdate(update, NextBlockContext());
            tip = ChainPoint.Of(_chain.Tip);
            var updated = new ChainUpdated(update.Disconnected, update.Connected, tip);
            LogStartedFromSnapshot(block.Height, block.Hash, pairs.Count, tip.Height);
            _events.Enqueue(() => Raise(ChainUpdated, updated));
        }
        DispatchEvents();
        return tip;
    }

    /// <summary>
    /// The snapshot block this ledger started from (null: it replayed every block from genesis). Main-chain blocks
    /// below it have headers but no bodies, undo records or index entries; the chain cannot be disconnected below it.
    /// </summary>
    public ChainPoint? ValidatedFrom => _chain.ValidatedFrom is { } f && _chain.GetEntry(f.Hash) is { } e ? ChainPoint.Of(e) : null;

    /// <summary>True when <paramref name="point"/> is a main-chain block below <see cref="ValidatedFrom"/> whose body is not here.</summary>
    public bool IsNotBackfilled(ChainPoint point) =>
        _chain.ValidatedFrom is { } f && point.Height < f.Height && _chain.Blocks.ReadBlockBytes(point.Hash) is null;

    /// <summary>Any known header (with or without its body).</summary>
    public ChainPoint? FindHeader(Hash256 hash) => _chain.GetEntry(hash) is { } e ? ChainPoint.Of(e) : null;

    /// <summary>Blocks of the best header's branch whose bodies are still missing, oldest first.</summary>
    public IReadOnlyList<Hash256> MissingBlocks(int max) { lock (_sync) return _chain.MissingBlocks(max); }

    /// <summary>
    /// As <see cref="MissingBlocks(int)"/>, then (with <paramref name="backfill"/>) the main chain's bodies below
    /// <see cref="ValidatedFrom"/> that are not here yet, oldest first. A backfilled body is checked against its header
    /// (Merkle root, coinbase height, time rules) and stored; it is not connected (its state is below the snapshot's).
    /// </summary>
    public IReadOnlyList<Hash256> MissingBlocks(int max, bool backfill) { lock (_sync) return _chain.MissingBlocks(max, backfill); }

    /// <summary>Where a ledger started from a snapshot stands: bodies below it still missing, and whether a replay from genesis confirmed it.</summary>
    public BackfillStatus? Backfill => _chain.ValidatedFrom is { } f ? new BackfillStatus(f.Height, _chain.MissingBelowFloor, _chain.SnapshotVerified) : null;

    /// <summary>
    /// Once every body below <see cref="ValidatedFrom"/> is here: replays them from genesis into a fresh chain (a
    /// scratch RocksDB beside a RocksDB ledger, memory otherwise) with full validation and checks that the replay
    /// reaches the snapshot block with the snapshot's state root; on success the ledger is fully validated (kept
    /// across restarts). Slow (a full replay); call it off the ledger's
    /// threads. Blocks keep connecting meanwhile.
    /// </summary>
    /// <exception cref="InvalidOperationException">no snapshot, or bodies still missing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired (nothing recorded).</exception>
    public (bool Verified, string Detail) VerifySnapshot(CancellationToken cancel = default) => _chain.VerifySnapshot(cancel);

    // ---- transactions ----

    /// <summary>Admits a transaction to the mempool, or throws with the reason it cannot apply.</summary>
    /// <exception cref="RejectedException">the reason, with its code.</exception>
    public void SubmitTransaction(Transaction tx)
    {
        try
        {
            lock (_sync)
            {
                _mempool.AdvanceTime(BlockAssembler.NextBlockTime(_chain.Tip, _clock));
                _mempool.Add(tx);
                _events.Enqueue(() => Raise(TransactionAccepted, tx));
            }
        }
        catch (RejectedException e)
        {
            lock (_sync) _events.Enqueue(() => Raise(TransactionRejected, new TransactionRejected(tx, e.Rejection)));
            throw;
        }
        finally { DispatchEvents(); }
    }

    /// <summary>
    /// For signers inside the node: <paramref name="sign"/> gets the sender's next nonce and returns the signed
    /// transaction, which is admitted in the same step, so two signers sharing a key never pick the same nonce.
    /// </summary>
    /// <exception cref="RejectedException">the reason, with its code.</exception>
    public Transaction SubmitSigned(AccountId sender, Func<ulong, Transaction> sign)
    {
        Transaction? tx = null;
        try
        {
            lock (_sync)
            {
                tx = sign(_mempool.NextNonce(sender));
                if (tx.Sender != sender) throw new ArgumentException("the signed transaction's sender is not the one asked for");
                _mempool.AdvanceTime(BlockAssembler.NextBlockTime(_chain.Tip, _clock));
                _mempool.Add(tx);
                var accepted = tx;
                _events.Enqueue(() => Raise(TransactionAccepted, accepted));
            }
            return tx;
        }
        catch (RejectedException e) when (tx is not null)
        {
            var refused = new TransactionRejected(tx, e.Rejection);
            lock (_sync) _events.Enqueue(() => Raise(TransactionRejected, refused));
            throw;
        }
        finally { DispatchEvents(); }
    }

    // ---- templates ----

    /// <summary>A block template on the current tip paying <paramref name="request"/>'s payees.</summary>
    public BlockTemplate CreateTemplate(TemplateRequest request) { lock (_sync) return _assembler.Create(request); }

    /// <summary>The bits a block on the current tip must carry.</summary>
    public uint NextBits() { lock (_sync) return _chain.NextBits(); }

    // ---- chain reads ----

    public ChainPoint? BlockAt(uint height) => _chain.MainChainAt(height) is { } e ? ChainPoint.Of(e) : null;

    /// <summary>Any known block (main chain or side branch) with its body.</summary>
    public ChainPoint? FindBlock(Hash256 hash) => _chain.GetEntry(hash) is { Status: not BlockStatus.HeaderOnly } e ? ChainPoint.Of(e) : null;

    public bool IsOnMainChain(Hash256 hash) => _chain.GetEntry(hash) is { } e && _chain.IsOnMainChain(e);

    public Block? GetBlock(Hash256 hash) => _chain.GetBlock(hash);

    public byte[]? GetBlockBytes(Hash256 hash) => _chain.Blocks.ReadBlockBytes(hash);

    /// <summary>Where a confirmed transaction sits on the main chain (position 0 is the coinbase).</summary>
    public TransactionLocation? FindTransaction(Hash256 txid)
    {
        if (_chain.Blocks.ReadTxLocation(txid) is not { } at) return null;
        return _chain.GetEntry(at.Block) is { } e ? new TransactionLocation(at.Block, e.Height, at.Position) : null;
    }

    /// <summary>Main-chain blocks from <paramref name="fromHeight"/> up to the tip, read from the store.</summary>
    /// <exception cref="NotBackfilledException">(while enumerating) a block below <see cref="ValidatedFrom"/> has no body.</exception>
    public IEnumerable<Block> MainChainBlocks(uint fromHeight) => _chain.MainChainBlocks(fromHeight);

    /// <summary>What an account took part in on the main chain, newest first, after the key of an earlier page.</summary>
    public IReadOnlyList<(ActivityEntry Entry, byte[] Key)> Activity(AccountId account, byte[]? after, int limit) => _chain.Activity.Newest(account, after, limit);

    /// <summary>
    /// The state pairs a connected block changed, each with its value before the block (null: the key did not exist),
    /// read from the block's undo record; null when no undo record is stored (never connected). For read models such as
    /// the explorer's index, which derive values after the block from the next change or the tip's state.
    /// </summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]?>>? StateChangesOf(Hash256 block) =>
        _chain.Blocks.ReadUndo(block) is { } bytes ? UndoRecord.Decode(bytes).PriorValues : null;

    // ---- mempool reads ----

    public PendingTransaction? GetPending(Hash256 txid) { lock (_sync) return _mempool.Get(txid); }

    public IReadOnlyList<Transaction> PendingTransactions() { lock (_sync) return _mempool.All(); }

    public MempoolStats MempoolStats { get { lock (_sync) return new MempoolStats(_mempool.Count, _mempool.Bytes); } }

    /// <summary>Why a transaction left the mempool without being mined, if it did recently.</summary>
    public Rejection? DroppedReason(Hash256 txid) { lock (_sync) return _mempool.DroppedReason(txid); }

    /// <summary>The nonce the sender's next transaction should carry, after its pending ones.</summary>
    public ulong NextNonce(AccountId sender) { lock (_sync) return _mempool.NextNonce(sender); }

    // ---- state reads ----

    /// <summary>Reads the tip's state while no block can connect, so everything read (and proven) belongs to one tip.</summary>
    public T ReadState<T>(Func<StateView, T> read)
    {
        lock (_sync) return read(new StateView(ChainPoint.Of(_chain.Tip), _chain.TipState, _chain.Commitment));
    }

    public AccountState GetAccount(AccountId id) => ReadState(view => view.GetAccount(id));

    /// <summary>
    /// The tip's state pairs whose keys start with <paramref name="prefix"/>, in key order, from one consistent view
    /// of the store (a block connecting meanwhile is seen whole or not at all).
    /// </summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanState(byte[] prefix) => _chain.Blocks.Store.Iterate(LedgerColumns.State, prefix);

    /// <summary>
    /// A page of the tip's state pairs under <paramref name="prefix"/>: keys after <paramref name="after"/> (exclusive)
    /// in ascending order, or before it in descending order when <paramref name="reverse"/>; at most <paramref name="limit"/>.
    /// One seek and <paramref name="limit"/> steps, however far into the range the page is.
    /// </summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ScanState(byte[] prefix, byte[]? after, bool reverse, int limit) =>
        _chain.Blocks.Store.Iterate(LedgerColumns.State, prefix, new ScanOptions { Reverse = reverse, From = after, FromExclusive = true })
            .Take(limit).ToList();

    /// <summary>
    /// Replays the stored main chain from genesis into a fresh chain (a scratch RocksDB beside a RocksDB ledger, memory
    /// otherwise) and compares every state pair. On a ledger started from a snapshot, only once every body below it is here.
    /// </summary>
    /// <exception cref="NotBackfilledException">a body below <see cref="ValidatedFrom"/> is still missing.</exception>
    public StateReport VerifyState() => StateVerifier.Verify(_chain);

    private BlockContext NextBlockContext()
    {
        var tip = _chain.Tip;
        var prelude = new StateOverlay(_chain.TipState);
        var context = new BlockContext(prelude, _chain.Params, tip.Height + 1, tip.Hash, BlockAssembler.NextBlockTime(tip, _clock), _chain.NextBits(), AccountId.None);
        _chain.Transition.Begin(context); // what the next block does before its transactions, e.g. maturing payouts
        return context;
    }

    /// <summary>Each subscriber separately: one that throws is logged and does not keep the event from the others.</summary>
    private void Raise<T>(Action<T>? handlers, T value)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try { handler(value); }
            catch (Exception e) { LogSubscriberFailed(e, typeof(T).Name); }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "started from a snapshot at block {Height} {Hash} ({Pairs} state pairs): validated from there, no bodies below it; tip {Tip}")]
    private partial void LogStartedFromSnapshot(uint height, Hash256 hash, int pairs, uint tip);

    [LoggerMessage(Level = LogLevel.Information, Message = "connected {Count} block(s): tip {Height} {Hash}, mempool {Pending}")]
    private partial void LogConnected(int count, uint height, Hash256 hash, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reorganised: {Depth} block(s) disconnected, {Connected} connected, tip {Height} {Hash}")]
    private partial void LogReorganised(int depth, int connected, uint height, Hash256 hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "a {Event} subscriber failed")]
    private partial void LogSubscriberFailed(Exception e, string @event);

    /// <summary>Delivers queued events one at a time, in the order they happened, outside the ledger lock.</summary>
    private void DispatchEvents()
    {
        lock (_dispatch)
        {
            while (true)
            {
                Action? next;
                lock (_sync) if (!_events.TryDequeue(out next)) return;
                next();
            }
        }
    }
}

public sealed record LedgerOptions
{
    /// <summary>Verify a block's signatures on all cores while its state is applied (false: one core, inline).</summary>
    public bool ParallelSignatureChecks { get; init; } = true;
    public MempoolOptions Mempool { get; init; } = new();
    /// <summary>Blocks whose parent is unknown are held up to this many bytes (and 256 blocks).</summary>
    public long MaxOrphanBytes { get; init; } = 64L * 1024 * 1024;
}

public enum BlockOutcome
{
    /// <summary>The block is now on the main chain (possibly after a reorganisation).</summary>
    Connected,
    /// <summary>Stored on a side branch with less work than the main chain.</summary>
    SideBranch,
    /// <summary>Its parent is unknown; held until the parent arrives.</summary>
    Orphan,
    /// <summary>Already known.</summary>
    Duplicate,
    /// <summary>Stored, then failed validation while being connected (marked invalid with its descendants).</summary>
    Invalid,
    /// <summary>Broke a rule checkable before storing; nothing was stored.</summary>
    Rejected,
}

/// <summary>What happened to a submitted block; a rejection says why when it was refused.</summary>
public sealed record BlockSubmission(Hash256 Hash, uint Height, BlockOutcome Outcome, Rejection? Rejection)
{
    public bool Accepted => Rejection is null;
}

/// <summary>What a batch of headers did: how many were stored, the last one accepted, why it stopped early, and a branch held back for want of work.</summary>
public sealed record HeaderSubmission(int Added, ChainPoint? Last, Rejection? Rejection, HeldHeaders? Held = null);

/// <summary>The main chain moved: <paramref name="Disconnected"/> tip first, <paramref name="Connected"/> oldest first.</summary>
public sealed record ChainUpdated(IReadOnlyList<Block> Disconnected, IReadOnlyList<Block> Connected, ChainPoint Tip)
{
    /// <summary>How many blocks were rolled back (0 when the chain only grew).</summary>
    public int ReorgDepth => Disconnected.Count;
    public bool TipChanged => Disconnected.Count > 0 || Connected.Count > 0;
}

public sealed record TransactionRejected(Transaction Transaction, Rejection Rejection);

public sealed record TransactionLocation(Hash256 Block, uint Height, int Position);

public sealed record MempoolStats(int Count, long Bytes);

/// <summary>A ledger started from a snapshot at <paramref name="ValidatedFrom"/>: bodies below it still missing, and whether the replay from genesis confirmed the snapshot.</summary>
public sealed record BackfillStatus(uint ValidatedFrom, int Missing, bool Verified);

/// <summary>The tip's state during <see cref="LedgerFacade.ReadState{T}"/>: values, and proofs against the tip's state root.</summary>
public sealed class StateView : IStateReader
{
    private readonly IStateReader _state;
    private readonly StateCommitment _commitment;

    internal StateView(ChainPoint tip, IStateReader state, StateCommitment commitment)
    {
        Tip = tip;
        _state = state;
        _commitment = commitment;
    }

    public ChainPoint Tip { get; }
    public byte[]? Get(byte[] key) => _state.Get(key);

    /// <summary>An inclusion (or non-inclusion) proof of the key against the tip's state root.</summary>
    public SmtProof Prove(byte[] key) => _commitment.Prove(Tip.StateRoot, key);

    /// <summary>The proof of the path toward a 32-byte tree key (SHA256 of a state key) against the tip's state root.</summary>
    public SmtProof ProveTreeKey(byte[] treeKey) => _commitment.ProveTreeKey(Tip.StateRoot, treeKey);

    /// <summary>
    /// The same against an earlier state root of this chain: tree nodes are never deleted, so every root once
    /// written stays provable (docs/STORAGE.md, "Node storage").
    /// </summary>
    public SmtProof ProveTreeKey(Hash256 stateRoot, byte[] treeKey) => _commitment.ProveTreeKey(stateRoot, treeKey);

    public AccountState GetAccount(AccountId id)
    {
        var b = Get(StateKeys.Account(id));
        return b is null ? AccountState.Empty : AccountState.Decode(b);
    }
}
