using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Pool;

/// <summary>
/// Transactions waiting for a block. Every transaction is executed at submission against the state the next block
/// starts from plus the sender's own pending transactions (a per-sender projection), so one that cannot apply is
/// refused at once with its reason instead of being accepted and dropped later. Each sender's pending transactions
/// are a gapless nonce chain that applies in order ("ready"); when one must go (a block made it invalid), the later
/// ones are kept "waiting" for that nonce and re-checked when it is filled. Two pending transactions that take the
/// same thing (<see cref="Operations.ConflictKey"/>) exclude each other: the first wins. Blocks are filled by fee
/// rate across chain heads; when full, the cheapest chain tails are evicted (waiting ones first).
/// Not thread-safe: the <see cref="LedgerFacade"/> calls it under its lock, together with the chain.
/// </summary>
internal sealed class Mempool
{
    private sealed class Entry(Transaction tx, double feeRate, long sequence, IReadOnlyList<Operations.ConflictKey> conflicts)
    {
        public Transaction Tx { get; } = tx;
        public double FeeRate { get; } = feeRate;
        public long Sequence { get; } = sequence;
        public IReadOnlyList<Operations.ConflictKey> Conflicts { get; } = conflicts;
        /// <summary>Journal position of the sender's projection before this (ready) transaction was applied.</summary>
        public int Checkpoint { get; set; }
        /// <summary>Null when ready; else why it cannot apply yet (the nonce it waits for).</summary>
        public string? WaitingFor { get; set; }
        public uint WaitingSince { get; set; }
    }

    /// <summary>One sender's pending transactions by nonce: the first <see cref="Ready"/> apply in order on <see cref="Projection"/>.</summary>
    private sealed class SenderQueue(ulong accountNonce, StateOverlay projection)
    {
        public SortedList<ulong, Entry> Entries { get; } = [];
        public int Ready { get; set; }
        public ulong AccountNonce { get; } = accountNonce;
        public StateOverlay Projection { get; } = projection;
        public ulong NextNonce => AccountNonce + (ulong)Ready;
        public Entry? Waiting(int index) => index < Entries.Count ? Entries.Values[index] : null;
    }

    private readonly BlockStateTransition _transition;
    private readonly MempoolOptions _options;
    private readonly Dictionary<Hash256, Entry> _byId = [];
    private readonly Dictionary<AccountId, SenderQueue> _bySender = [];
    private readonly Dictionary<string, Hash256> _conflicts = new(StringComparer.Ordinal);
    private readonly DroppedTransactions _dropped = new(maxEntries: 10_000, maxBytes: 2 * 1024 * 1024);
    private BlockContext _next;
    private long _bytes;
    private long _sequence;

    /// <param name="next">what the next block starts from: the tip's state with the next block's start-of-block hooks applied.</param>
    public Mempool(BlockStateTransition transition, BlockContext next, MempoolOptions? options = null)
    {
        _transition = transition;
        _options = options ?? new MempoolOptions();
        _options.Validate();
        _next = next;
    }

    public int Count => _byId.Count;
    public long Bytes => _bytes;
    public bool Contains(Hash256 id) => _byId.ContainsKey(id);

    public PendingTransaction? Get(Hash256 id) =>
        _byId.TryGetValue(id, out var e) ? new PendingTransaction(e.Tx, e.WaitingFor) : null;

    /// <summary>Why a transaction left the pool without being mined (a block made it invalid, it was replaced or evicted).</summary>
    public Rejection? DroppedReason(Hash256 id) => _dropped.Reason(id);

    /// <summary>The nonce the sender's next new transaction must carry: after its ready chain (a waiting gap is filled first).</summary>
    public ulong NextNonce(AccountId sender) => _bySender.TryGetValue(sender, out var q) ? q.NextNonce : AccountNonce(sender);

    /// <summary>The next block's time moves on while no block arrives (mint proofs are checked against it).</summary>
    public void AdvanceTime(uint time)
    {
        if (time > _next.Time) _next = _next with { Time = time };
    }

    /// <summary>Every pending transaction in arrival order, ready and waiting.</summary>
    public IReadOnlyList<Transaction> All() => _byId.Values.OrderBy(e => e.Sequence).Select(e => e.Tx).ToList();

    /// <summary>Admits a transaction, or throws <see cref="RejectedException"/> with the reason (nothing changes then).</summary>
    public void Add(Transaction tx) => Add(tx, checkSignature: true, sequence: _sequence++);

    private void Add(Transaction tx, bool checkSignature, long sequence)
    {
        if (_byId.ContainsKey(tx.Id)) throw new RejectedException(RejectCodes.AlreadyKnown, $"transaction {tx.Id} is already in the mempool");
        _transition.Operations.CheckStateless(tx, _transition.Network);
        if (tx.ExpiryHeight != 0 && _next.Height > tx.ExpiryHeight)
            throw new RejectedException(RejectCodes.Expired, $"transaction expired at height {tx.ExpiryHeight}; the next block is {_next.Height}");
        double feeRate = (double)tx.Fee.Units / tx.Size;
        if (feeRate < _options.MinFeeRate)
            throw new RejectedException(RejectCodes.FeeTooLow, $"fee rate {feeRate:0.###} units/byte is below the minimum of {_options.MinFeeRate} (fee at least {Math.Ceiling(_options.MinFeeRate * tx.Size)} units)");

        var queue = QueueOf(tx.Sender);
        if (tx.Nonce < queue.AccountNonce) throw new RejectedException(RejectCodes.NonceTooLow, $"nonce {tx.Nonce} already used (account nonce is {queue.AccountNonce})");
        if (tx.Nonce > queue.NextNonce)
        {
            string waiting = queue.Entries.Count > queue.Ready ? $" ({queue.Entries.Count - queue.Ready} later transaction(s) wait for it)" : "";
            throw new RejectedException(RejectCodes.NonceGap, $"nonce {tx.Nonce} leaves a gap: the sender's next nonce is {queue.NextNonce}{waiting}");
        }
        Entry? replaced = tx.Nonce < queue.NextNonce ? queue.Entries[tx.Nonce] : null;
        if (replaced is not null)
        {
            ulong minimumFee = (ulong)Math.Ceiling(replaced.Tx.Fee.Units * (1 + _options.ReplacementBump));
            if (tx.Fee.Units < minimumFee || feeRate <= replaced.FeeRate)
                throw new RejectedException(RejectCodes.ReplacementUnderpriced,
                    $"nonce {tx.Nonce} is taken by pending transaction {replaced.Tx.Id}; a replacement needs a fee of at least {minimumFee} units and a higher fee rate");
        }
        else if (queue.Entries.Count >= _options.MaxPerSender)
        {
            throw new RejectedException(RejectCodes.SenderChainTooLong, $"the sender already has {_options.MaxPerSender} pending transactions");
        }

        var conflicts = _transition.Operations.ConflictKeys(tx);
        foreach (var c in conflicts)
            if (_conflicts.TryGetValue(c.Key, out var holder) && holder != replaced?.Tx.Id)
                throw new RejectedException(c.Code, $"{c.What} is already taken by pending transaction {holder}");

        if (checkSignature && !tx.VerifySignature()) throw new RejectedException(RejectCodes.BadSignature, "the signature does not verify against the sender's key");

        var entry = new Entry(tx, feeRate, sequence, conflicts);
        if (replaced is null) AppendReady(queue, entry);
        else Replace(queue, replaced, entry);
        PromoteWaiting(queue);
    }

    /// <summary>Applies a new next-nonce transaction on the sender's projection; on any refusal nothing has changed.</summary>
    private void AppendReady(SenderQueue queue, Entry entry)
    {
        var tx = entry.Tx;
        var projection = queue.Projection;
        var outflow = _transition.Operations.Outflow(tx, projection);
        var balance = projection.GetAccount(tx.Sender).Balance;
        if (outflow > balance)
        {
            string pending = queue.Ready > 0 ? $" after the sender's {queue.Ready} pending transaction(s)" : "";
            throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {balance}{pending} cannot cover {outflow} (fee plus everything the operations take)");
        }
        int checkpoint = projection.Checkpoint();
        _transition.ApplyTransaction(_next with { State = projection }, tx); // reverts itself when it throws
        try { MakeRoom(tx.Size, entry.FeeRate, tx.Sender); }
        catch
        {
            projection.RevertTo(checkpoint);
            throw;
        }
        entry.Checkpoint = checkpoint;
        Insert(queue, entry);
        queue.Ready++;
    }

    /// <summary>
    /// Replaces a ready transaction: the projection goes back to before it, the new one applies, and every later ready
    /// transaction must still apply after it. If the replacement or any of those fails, the old chain is restored and
    /// the replacement refused with the reason (a replacement never silently costs the sender its later transactions).
    /// </summary>
    private void Replace(SenderQueue queue, Entry old, Entry entry)
    {
        int index = queue.Entries.IndexOfKey(old.Tx.Nonce);
        var later = queue.Entries.Values.Skip(index + 1).Take(queue.Ready - index - 1).ToList();
        var projection = queue.Projection;
        projection.RevertTo(old.Checkpoint);
        try
        {
            _transition.ApplyTransaction(_next with { State = projection }, entry.Tx);
            var checkpoints = new int[later.Count];
            for (int i = 0; i < later.Count; i++)
            {
                checkpoints[i] = projection.Checkpoint();
                try { _transition.ApplyTransaction(_next with { State = projection }, later[i].Tx); }
                catch (RejectedException e)
                {
                    throw new RejectedException(e.Rejection.Code,
                        $"replacing nonce {old.Tx.Nonce} would leave pending transaction {later[i].Tx.Id} (nonce {later[i].Tx.Nonce}) unable to apply: {e.Rejection.Message}");
                }
            }
            MakeRoom(entry.Tx.Size - old.Tx.Size, entry.FeeRate, entry.Tx.Sender);
            for (int i = 0; i < later.Count; i++) later[i].Checkpoint = checkpoints[i];
        }
        catch
        {
            projection.RevertTo(old.Checkpoint);
            ReapplyReady(queue, [old, .. later]); // they applied in this order before, so they do again
            throw;
        }
        Forget(old); // its nonce's slot goes to the replacement just below
        _dropped.Remember(old.Tx.Id, new Rejection(RejectCodes.ReplacementUnderpriced, $"replaced by {entry.Tx.Id}, which pays more"));
        entry.Checkpoint = old.Checkpoint;
        Insert(queue, entry);
    }

    private void ReapplyReady(SenderQueue queue, IReadOnlyList<Entry> entries)
    {
        foreach (var e in entries)
        {
            e.Checkpoint = queue.Projection.Checkpoint();
            _transition.ApplyTransaction(_next with { State = queue.Projection }, e.Tx);
        }
    }

    /// <summary>Waiting transactions right after the ready chain apply in order; the first that cannot is dropped, the rest keep waiting.</summary>
    private void PromoteWaiting(SenderQueue queue)
    {
        while (queue.Waiting(queue.Ready) is { } e && e.Tx.Nonce == queue.NextNonce)
        {
            int checkpoint = queue.Projection.Checkpoint();
            try { _transition.ApplyTransaction(_next with { State = queue.Projection }, e.Tx); }
            catch (RejectedException reject)
            {
                RemoveEntry(queue, e);
                _dropped.Remember(e.Tx.Id, reject.Rejection);
                MarkWaiting(queue, queue.Ready, $"nonce {e.Tx.Nonce} (dropped: {reject.Rejection.Message})");
                return;
            }
            e.Checkpoint = checkpoint;
            e.WaitingFor = null;
            queue.Ready++;
        }
    }

    private void MarkWaiting(SenderQueue queue, int fromIndex, string reason)
    {
        for (int i = fromIndex; i < queue.Entries.Count; i++)
        {
            var e = queue.Entries.Values[i];
            if (e.WaitingFor is null) e.WaitingSince = _next.Height;
            e.WaitingFor = reason;
        }
    }

    /// <summary>The sender's queue; a new one is registered only when its first transaction is inserted.</summary>
    private SenderQueue QueueOf(AccountId sender) =>
        _bySender.TryGetValue(sender, out var q) ? q : new SenderQueue(AccountNonce(sender), new StateOverlay(_next.State));

    private ulong AccountNonce(AccountId sender)
    {
        var bytes = _next.State.Peek(StateKeys.Account(sender));
        return bytes is null ? 0 : AccountState.Decode(bytes).Nonce;
    }

    private void Insert(SenderQueue queue, Entry e)
    {
        _bySender.TryAdd(e.Tx.Sender, queue);
        queue.Entries[e.Tx.Nonce] = e;
        _byId[e.Tx.Id] = e;
        _bytes += e.Tx.Size;
        foreach (var c in e.Conflicts) _conflicts[c.Key] = e.Tx.Id;
        _dropped.Forget(e.Tx.Id);
    }

    private void RemoveEntry(SenderQueue queue, Entry e)
    {
        if (!Forget(e)) return;
        queue.Entries.Remove(e.Tx.Nonce);
        if (queue.Entries.Count == 0) _bySender.Remove(e.Tx.Sender);
    }

    /// <summary>Takes the transaction out of the indexes (not out of its sender's queue).</summary>
    private bool Forget(Entry e)
    {
        if (!_byId.Remove(e.Tx.Id)) return false;
        _bytes -= e.Tx.Size;
        foreach (var c in e.Conflicts)
            if (_conflicts.TryGetValue(c.Key, out var holder) && holder == e.Tx.Id) _conflicts.Remove(c.Key);
        return true;
    }

    /// <summary>
    /// Evicts the cheapest chain tails of other senders until <paramref name="bytes"/> more fit: waiting transactions
    /// (which no block can take yet) before ready ones. A ready tail's effects leave its sender's projection with it.
    /// </summary>
    private void MakeRoom(long bytes, double incomingFeeRate, AccountId incomingSender)
    {
        long needed = _bytes + bytes - _options.MaxBytes;
        if (needed <= 0) return;
        var victims = new List<(SenderQueue Queue, Entry Entry)>();
        var tails = _bySender.Where(kv => kv.Key != incomingSender).ToDictionary(kv => kv.Key, kv => kv.Value.Entries.Count - 1);
        long freed = 0;
        while (freed < needed)
        {
            (AccountId Sender, Entry Entry)? cheapest = null;
            foreach (var (sender, index) in tails)
            {
                if (index < 0) continue;
                var q = _bySender[sender];
                var e = q.Entries.Values[index];
                if (cheapest is not { } c || Cheaper(e, c.Entry)) cheapest = (sender, e);
            }
            if (cheapest is not { } victim || (victim.Entry.WaitingFor is null && victim.Entry.FeeRate >= incomingFeeRate))
                throw new RejectedException(RejectCodes.MempoolFull, $"the mempool is full and fee rate {incomingFeeRate:0.###} does not beat the cheapest pending transaction");
            victims.Add((_bySender[victim.Sender], victim.Entry));
            freed += victim.Entry.Tx.Size;
            tails[victim.Sender]--;
        }
        foreach (var (queue, e) in victims)
        {
            if (e.WaitingFor is null)
            {
                queue.Projection.RevertTo(e.Checkpoint); // victims of one sender go tail first, so each revert is of its tail
                queue.Ready--;
            }
            RemoveEntry(queue, e);
            _dropped.Remember(e.Tx.Id, new Rejection(RejectCodes.MempoolFull, "evicted from a full mempool by transactions paying a higher fee rate"));
        }
    }

    private static bool Cheaper(Entry a, Entry b) =>
        (a.WaitingFor is not null) != (b.WaitingFor is not null) ? a.WaitingFor is not null : a.FeeRate < b.FeeRate;

    /// <summary>
    /// Follows the main chain: drops what the new blocks included, takes back the transactions of disconnected
    /// blocks, and rebuilds every sender's chain against the new start state, in arrival order so the first of two
    /// conflicting transactions keeps its place. What no longer applies is dropped with its reason; what follows it waits.
    /// </summary>
    /// <param name="next">the state the next block starts from, and its height and time.</param>
    public void OnChainUpdate(ChainUpdate update, BlockContext next)
    {
        _next = next;
        // A block in both lists was connected and rolled back (or the reverse) within one call: its transactions go back
        // through the checks below, where those that are on the chain now fail on their spent nonces.
        var disconnectedBlocks = update.Disconnected.Select(b => b.Hash).ToHashSet();
        var included = new HashSet<Hash256>();
        foreach (var b in update.Connected)
        {
            if (disconnectedBlocks.Contains(b.Hash)) continue;
            foreach (var tx in b.Transactions) included.Add(tx.Id);
        }

        // Disconnected blocks' transactions first (oldest block first): they were accepted before anything pending.
        var candidates = new List<(Transaction Tx, long Sequence, Entry? Old)>();
        long early = long.MinValue;
        for (int i = update.Disconnected.Count - 1; i >= 0; i--)
            foreach (var tx in update.Disconnected[i].Transactions) candidates.Add((tx, early++, null));
        foreach (var e in _byId.Values) candidates.Add((e.Tx, e.Sequence, e));

        _byId.Clear();
        _bySender.Clear();
        _conflicts.Clear();
        _bytes = 0;

        foreach (var id in included) _dropped.Forget(id);
        var bySender = candidates.Where(c => !included.Contains(c.Tx.Id)).GroupBy(c => c.Tx.Sender)
            .OrderBy(g => g.Min(c => c.Sequence));
        foreach (var group in bySender)
        {
            var queue = QueueOf(group.Key);
            string? hole = null;
            foreach (var (tx, sequence, old) in group.OrderBy(c => c.Tx.Nonce).ThenBy(c => c.Sequence))
            {
                if (tx.Nonce < queue.AccountNonce || queue.Entries.ContainsKey(tx.Nonce))
                {
                    _dropped.Remember(tx.Id, new Rejection(RejectCodes.NonceTooLow, $"nonce {tx.Nonce} was used by another transaction on the chain"));
                    continue;
                }
                var entry = new Entry(tx, (double)tx.Fee.Units / tx.Size, sequence, _transition.Operations.ConflictKeys(tx))
                {
                    WaitingFor = old?.WaitingFor, WaitingSince = old?.WaitingSince ?? 0,
                };
                if (ConflictHolder(entry) is { } conflict)
                {
                    _dropped.Remember(tx.Id, new Rejection(conflict.Code, $"{conflict.What} was taken by another transaction first"));
                    hole ??= $"nonce {tx.Nonce} (dropped: {conflict.What} was taken first)";
                    continue;
                }
                if (hole is null && tx.Nonce == queue.NextNonce)
                {
                    int checkpoint = queue.Projection.Checkpoint();
                    try
                    {
                        _transition.ApplyTransaction(_next with { State = queue.Projection }, tx);
                        entry.Checkpoint = checkpoint;
                        entry.WaitingFor = null;
                        Insert(queue, entry);
                        queue.Ready++;
                    }
                    catch (RejectedException e)
                    {
                        _dropped.Remember(tx.Id, e.Rejection);
                        hole = $"nonce {tx.Nonce} (dropped: {e.Rejection.Message})";
                    }
                    continue;
                }
                hole ??= $"nonce {queue.NextNonce}";
                if (entry.WaitingFor is null) entry.WaitingSince = next.Height;
                entry.WaitingFor = hole;
                if (next.Height - entry.WaitingSince > _options.MaxWaitingBlocks)
                {
                    _dropped.Remember(tx.Id, new Rejection(RejectCodes.NonceGap, $"waited {_options.MaxWaitingBlocks} blocks for {hole}"));
                    continue;
                }
                Insert(queue, entry);
            }
        }
        TrimToCapacity();
    }

    private Operations.ConflictKey? ConflictHolder(Entry entry)
    {
        foreach (var c in entry.Conflicts)
            if (_conflicts.ContainsKey(c.Key)) return c;
        return null;
    }

    /// <summary>After a reorganisation took back more than fits, the cheapest tails go.</summary>
    private void TrimToCapacity()
    {
        while (_bytes > _options.MaxBytes)
        {
            SenderQueue? queue = null;
            Entry? cheapest = null;
            foreach (var q in _bySender.Values)
            {
                var tail = q.Entries.Values[^1];
                if (cheapest is null || Cheaper(tail, cheapest)) { cheapest = tail; queue = q; }
            }
            if (queue is null || cheapest is null) return;
            if (cheapest.WaitingFor is null)
            {
                queue.Projection.RevertTo(cheapest.Checkpoint);
                queue.Ready--;
            }
            RemoveEntry(queue, cheapest);
            _dropped.Remember(cheapest.Tx.Id, new Rejection(RejectCodes.MempoolFull, "evicted: a reorganisation brought back more than the mempool holds"));
        }
    }

    /// <summary>Picks transactions for a block: highest fee rate first among each sender's next ready nonce.</summary>
    public IReadOnlyList<Transaction> SelectForBlock(int maxBytes, int maxCount)
    {
        var selected = new List<Transaction>();
        var heads = new PriorityQueue<(SenderQueue Queue, int Index), (double, long)>();
        foreach (var queue in _bySender.Values)
            if (queue.Ready > 0) heads.Enqueue((queue, 0), (-queue.Entries.Values[0].FeeRate, queue.Entries.Values[0].Sequence));
        long bytes = 0;
        while (selected.Count < maxCount && heads.TryDequeue(out var head, out _))
        {
            var e = head.Queue.Entries.Values[head.Index];
            if (bytes + e.Tx.Size > maxBytes) continue; // the rest of this sender's chain waits for the next block
            selected.Add(e.Tx);
            bytes += e.Tx.Size;
            if (head.Index + 1 < head.Queue.Ready)
            {
                var next = head.Queue.Entries.Values[head.Index + 1];
                heads.Enqueue((head.Queue, head.Index + 1), (-next.FeeRate, next.Sequence));
            }
        }
        return selected;
    }
}

/// <summary>A pending transaction and, when it cannot apply yet, what it waits for.</summary>
public sealed record PendingTransaction(Transaction Transaction, string? WaitingFor)
{
    public bool IsWaiting => WaitingFor is not null;
}
