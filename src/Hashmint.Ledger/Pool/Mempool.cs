using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Pool;

/// <summary>
/// Transactions waiting for a block. Each sender's transactions form a gapless nonce chain starting at the
/// account's nonce; blocks are filled by fee rate across chain heads; when full, the lowest fee-rate chain
/// tails are evicted. Every refusal carries a <see cref="Rejection"/>.
/// </summary>
public sealed class Mempool
{
    private sealed record Entry(Transaction Tx, double FeeRate, long Sequence);

    private readonly object _sync = new();
    private readonly ChainParams _params;
    private readonly MempoolOptions _options;
    private readonly Dictionary<Hash256, Entry> _byId = [];
    private readonly Dictionary<AccountId, SortedList<ulong, Entry>> _bySender = [];
    private readonly Dictionary<string, Hash256> _pendingMints = [];
    private readonly Dictionary<Hash256, Rejection> _dropped = [];
    private readonly Queue<Hash256> _droppedOrder = new();
    private const int MaxDroppedRemembered = 10_000;
    private long _bytes;
    private long _sequence;

    public Mempool(ChainParams p, MempoolOptions? options = null)
    {
        _params = p;
        _options = options ?? new MempoolOptions();
        _options.Validate();
    }

    public int Count { get { lock (_sync) return _byId.Count; } }
    public long Bytes { get { lock (_sync) return _bytes; } }
    public bool Contains(Hash256 id) { lock (_sync) return _byId.ContainsKey(id); }
    public Transaction? Get(Hash256 id) { lock (_sync) return _byId.GetValueOrDefault(id)?.Tx; }

    /// <summary>Why a transaction that was pending left the pool without being mined (e.g. its mint proof went stale).</summary>
    public Rejection? DroppedReason(Hash256 id) { lock (_sync) return _dropped.GetValueOrDefault(id); }

    /// <summary>The nonce the sender's next new transaction should carry, counting what is pending here.</summary>
    public ulong NextNonce(AccountId sender, IStateReader state)
    {
        lock (_sync)
        {
            ulong nonce = AccountOf(state, sender).Nonce;
            return _bySender.TryGetValue(sender, out var chain) ? nonce + (ulong)chain.Count : nonce;
        }
    }

    /// <summary>Admits a transaction, or throws <see cref="RejectedException"/> with the reason.</summary>
    public void Add(Transaction tx, IStateReader tipState, uint nextHeight)
    {
        lock (_sync) AddUnlocked(tx, tipState, nextHeight, checkSignature: true);
    }

    private void AddUnlocked(Transaction tx, IStateReader state, uint nextHeight, bool checkSignature)
    {
        if (_byId.ContainsKey(tx.Id)) throw new RejectedException(RejectCodes.AlreadyKnown, $"transaction {tx.Id} is already in the mempool");
        TransactionExecutor.CheckStateless(tx, _params);
        if (tx.ExpiryHeight != 0 && nextHeight > tx.ExpiryHeight)
            throw new RejectedException(RejectCodes.Expired, $"transaction expired at height {tx.ExpiryHeight}; the next block is {nextHeight}");
        double feeRate = (double)tx.Fee.Units / tx.Size;
        if (feeRate < _options.MinFeeRate)
            throw new RejectedException(RejectCodes.FeeTooLow, $"fee rate {feeRate:0.###} units/byte is below the minimum of {_options.MinFeeRate} (fee at least {Math.Ceiling(_options.MinFeeRate * tx.Size)} units)");

        var account = AccountOf(state, tx.Sender);
        if (tx.Nonce < account.Nonce) throw new RejectedException(RejectCodes.NonceTooLow, $"nonce {tx.Nonce} already used (account nonce is {account.Nonce})");
        _bySender.TryGetValue(tx.Sender, out var chain);
        ulong expected = account.Nonce + (ulong)(chain?.Count ?? 0);
        if (tx.Nonce > expected) throw new RejectedException(RejectCodes.NonceGap, $"nonce {tx.Nonce} leaves a gap: the next expected nonce is {expected}");

        Entry? replaced = null;
        if (tx.Nonce < expected)
        {
            replaced = chain![tx.Nonce];
            ulong minimumFee = (ulong)Math.Ceiling(replaced.Tx.Fee.Units * (1 + _options.ReplacementBump));
            if (tx.Fee.Units < minimumFee || feeRate <= replaced.FeeRate)
                throw new RejectedException(RejectCodes.ReplacementUnderpriced, $"replacing nonce {tx.Nonce} needs a fee of at least {minimumFee} units and a higher fee rate");
        }
        else if ((chain?.Count ?? 0) >= _options.MaxPerSender)
        {
            throw new RejectedException(RejectCodes.SenderChainTooLong, $"the sender already has {_options.MaxPerSender} pending transactions");
        }

        Amount outflow;
        try
        {
            outflow = tx.TotalOutflow();
            if (chain is not null)
                foreach (var e in chain.Values)
                    if (e != replaced) outflow += e.Tx.TotalOutflow();
        }
        catch (OverflowException) { throw new RejectedException(RejectCodes.InsufficientFunds, "pending amounts overflow"); }
        if (outflow > account.Balance)
            throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {account.Balance} cannot cover {outflow} (this and the sender's pending transactions, with fees)");

        if (tx.Nonce == account.Nonce)
        {
            // The sender's next transaction runs against the tip now, so a stale mint proof, a token the sender
            // does not hold or an unpaid price is refused at once with its reason.
            TransactionExecutor.Apply(new StateOverlay(state), tx, nextHeight, _params);
        }
        var mintKeys = PendingMintKeys(tx);
        foreach (var key in mintKeys)
            if (_pendingMints.TryGetValue(key, out var holder) && holder != replaced?.Tx.Id)
                throw new RejectedException(Nft.NftRejectCodes.StaleMint, $"another proof for the same mint ({key}) is already pending: {holder}");

        if (checkSignature && !tx.VerifySignature()) throw new RejectedException(RejectCodes.BadSignature, "the signature does not verify against the sender's key");

        long needed = _bytes - (replaced?.Tx.Size ?? 0) + tx.Size - _options.MaxBytes;
        if (needed > 0) MakeRoom(needed, feeRate, tx.Sender);

        if (replaced is not null) RemoveEntry(replaced);
        var entry = new Entry(tx, feeRate, _sequence++);
        _byId[tx.Id] = entry;
        if (!_bySender.TryGetValue(tx.Sender, out chain)) _bySender[tx.Sender] = chain = [];
        chain[tx.Nonce] = entry;
        _bytes += tx.Size;
        foreach (var key in mintKeys) _pendingMints[key] = tx.Id;
        _dropped.Remove(tx.Id);
    }

    /// <summary>One key per mint proof: collection and the mint it builds on. Two pending proofs for the same slot conflict.</summary>
    private static List<string> PendingMintKeys(Transaction tx)
    {
        var keys = new List<string>();
        foreach (var op in tx.Operations)
            if (op is MineMintOperation m && m.Header.Length == Core.Nft.MintProof.HeaderSize)
                keys.Add($"{m.Collection}:{Convert.ToHexStringLower(m.Header.AsSpan(4, 32))}");
        return keys;
    }

    private void RememberDropped(Hash256 id, Rejection reason)
    {
        if (_dropped.TryAdd(id, reason)) _droppedOrder.Enqueue(id);
        while (_droppedOrder.Count > MaxDroppedRemembered) _dropped.Remove(_droppedOrder.Dequeue());
    }

    /// <summary>Evicts the cheapest chain tails (never a middle link) until <paramref name="bytes"/> are free.</summary>
    private void MakeRoom(long bytes, double incomingFeeRate, AccountId incomingSender)
    {
        var victims = new List<Entry>();
        long freed = 0;
        var tails = _bySender.Where(kv => kv.Key != incomingSender)
            .ToDictionary(kv => kv.Key, kv => kv.Value.Count - 1);
        while (freed < bytes)
        {
            Entry? cheapest = null;
            AccountId cheapestSender = default;
            foreach (var (sender, index) in tails)
            {
                if (index < 0) continue;
                var e = _bySender[sender].Values[index];
                if (cheapest is null || e.FeeRate < cheapest.FeeRate) { cheapest = e; cheapestSender = sender; }
            }
            if (cheapest is null || cheapest.FeeRate >= incomingFeeRate)
                throw new RejectedException(RejectCodes.MempoolFull, $"the mempool is full and fee rate {incomingFeeRate:0.###} does not beat the cheapest pending transaction");
            victims.Add(cheapest);
            freed += cheapest.Tx.Size;
            tails[cheapestSender]--;
        }
        foreach (var v in victims) RemoveEntry(v);
    }

    private void RemoveEntry(Entry e)
    {
        if (!_byId.Remove(e.Tx.Id)) return;
        _bytes -= e.Tx.Size;
        foreach (var key in PendingMintKeys(e.Tx))
            if (_pendingMints.TryGetValue(key, out var holder) && holder == e.Tx.Id) _pendingMints.Remove(key);
        var chain = _bySender[e.Tx.Sender];
        chain.Remove(e.Tx.Nonce);
        if (chain.Count == 0) _bySender.Remove(e.Tx.Sender);
    }

    /// <summary>
    /// Follows the main chain: drops what the new blocks included, takes back the transactions of disconnected
    /// blocks, and re-checks every pending chain against the new tip (nonces, balances, expiry).
    /// </summary>
    public void OnChainUpdate(ChainUpdate update, IStateReader tipState, uint nextHeight)
    {
        if (!update.TipChanged) return;
        lock (_sync)
        {
            // A block in both lists was connected and rolled back (or the reverse) within one call: whether it is on
            // the main chain now is not known here, so its transactions go back through the checks below, where
            // those that are on the chain fail on their spent nonces.
            var disconnectedBlocks = update.Disconnected.Select(b => b.Hash).ToHashSet();
            var included = new HashSet<Hash256>();
            foreach (var b in update.Connected)
            {
                if (disconnectedBlocks.Contains(b.Hash)) continue;
                foreach (var tx in b.Transactions) included.Add(tx.Id);
            }

            // Oldest disconnected block first, so nonces come back in order; pending ones follow their predecessors.
            var candidates = new List<Transaction>();
            for (int i = update.Disconnected.Count - 1; i >= 0; i--) candidates.AddRange(update.Disconnected[i].Transactions);
            candidates.AddRange(_byId.Values.OrderBy(e => e.Sequence).Select(e => e.Tx));

            _byId.Clear();
            _bySender.Clear();
            _pendingMints.Clear();
            _bytes = 0;
            foreach (var tx in candidates.Where(t => !included.Contains(t.Id)).OrderBy(t => t.Sender.Key).ThenBy(t => t.Nonce))
            {
                // Every candidate was verified before (here or in a connected block): skip the signature.
                try { AddUnlocked(tx, tipState, nextHeight, checkSignature: false); }
                catch (RejectedException e) { RememberDropped(tx.Id, e.Rejection); } // no longer valid on the new chain
            }
            foreach (var id in included) _dropped.Remove(id);
        }
    }

    /// <summary>Picks transactions for a block: highest fee rate first among each sender's next nonce.</summary>
    public IReadOnlyList<Transaction> SelectForBlock(int maxBytes, int maxCount)
    {
        lock (_sync)
        {
            var selected = new List<Transaction>();
            var heads = new PriorityQueue<(AccountId Sender, int Index), (double, long)>();
            foreach (var (sender, chain) in _bySender)
                heads.Enqueue((sender, 0), (-chain.Values[0].FeeRate, chain.Values[0].Sequence));
            long bytes = 0;
            while (selected.Count < maxCount && heads.TryDequeue(out var head, out _))
            {
                var chain = _bySender[head.Sender];
                var e = chain.Values[head.Index];
                if (bytes + e.Tx.Size > maxBytes) continue; // the rest of this sender's chain waits for the next block
                selected.Add(e.Tx);
                bytes += e.Tx.Size;
                if (head.Index + 1 < chain.Count)
                {
                    var next = chain.Values[head.Index + 1];
                    heads.Enqueue((head.Sender, head.Index + 1), (-next.FeeRate, next.Sequence));
                }
            }
            return selected;
        }
    }

    public IReadOnlyList<Transaction> All() { lock (_sync) return _byId.Values.OrderBy(e => e.Sequence).Select(e => e.Tx).ToList(); }

    private static AccountState AccountOf(IStateReader state, AccountId id)
    {
        var b = state.Get(StateKeys.Account(id));
        return b is null ? AccountState.Empty : AccountState.Decode(b);
    }
}
