using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Storage;

namespace Hashmint.Node.Explorer;

/// <summary>
/// The explorer's read model of the main chain: each token's owner history, each collection's activity and holder
/// count, and every mint (an account's activity is the ledger's own index, LedgerFacade.Activity). Derived from blocks and
/// from each block's state changes (<see cref="LedgerFacade.StateChangesOf"/>: the token records it changed), written
/// in its own column family with its own undo per height, so a reorganisation rolls it back and a crash or a database
/// from before the index is caught up at start. Follows the ledger's <see cref="LedgerFacade.ChainUpdated"/>.
/// </summary>
public sealed partial class ExplorerIndex
{
    /// <summary>Blocks written per batch while catching up (one write per block when following the tip).</summary>
    public const int CatchUpBatch = 256;

    private static readonly ColumnFamily F = ExplorerKeys.Family;
    private readonly object _sync = new();
    private readonly LedgerFacade _ledger;
    private readonly IKeyValueStore _store;
    private readonly ILogger<ExplorerIndex> _log;
    private volatile IndexTip? _tip;

    private sealed record IndexTip(uint Height, Hash256 Hash);

    public ExplorerIndex(LedgerFacade ledger, IKeyValueStore store, ILogger<ExplorerIndex> log)
    {
        _ledger = ledger;
        _store = store;
        _log = log;
        if (_store.Get(F, ExplorerKeys.Version) is not [ExplorerKeys.CurrentVersion]) Reset();
        _tip = ReadTip();
        ledger.ChainUpdated += _ => Sync();
    }

    /// <summary>The height the index has reached (-1 before genesis is indexed).</summary>
    public long Height => _tip is { } t ? t.Height : -1;

    /// <summary>
    /// An index written by an older version (before the market feed) lacks what this one reads: it is dropped and built
    /// again from the chain (ExplorerIndexService catches it up at start).
    /// </summary>
    private void Reset()
    {
        var keys = _store.Iterate(F, []).Select(kv => kv.Key).ToList();
        using var batch = _store.CreateBatch();
        foreach (var key in keys) batch.Delete(F, key);
        batch.Put(F, ExplorerKeys.Version, [ExplorerKeys.CurrentVersion]);
        _store.Write(batch);
        if (keys.Count > 0) LogReset(keys.Count);
    }

    private IndexTip? ReadTip()
    {
        var b = _store.Get(F, ExplorerKeys.Tip);
        return b is null ? null : new IndexTip(BinaryPrimitives.ReadUInt32BigEndian(b), new Hash256(b.AsSpan(4, 32)));
    }

    // ---------------------------------------------------------------- following the chain

    /// <summary>Brings the index to the ledger's main chain: rolls back blocks no longer on it, then indexes the new ones.</summary>
    public void Sync()
    {
        lock (_sync)
        {
            try { SyncLocked(); }
            catch (Exception e) when (e is StorageException or DecodeException or InvalidOperationException)
            {
                _tip = ReadTip(); // the steps of an unwritten batch are not indexed
                LogSyncFailed(e);
            }
        }
    }

    private void SyncLocked()
    {
        // A ledger started from a snapshot has no blocks or undo records below it: the index begins above the snapshot block.
        if (_ledger.ValidatedFrom is { } floor && (_tip is null || _tip.Height < floor.Height)) _tip = new IndexTip(floor.Height, floor.Hash);
        // Roll back what left the main chain (or lies above its tip).
        while (_tip is { } t && _ledger.BlockAt(t.Height)?.Hash != t.Hash) RollBack(t);
        while (true)
        {
            uint from = _tip is { } t2 ? t2.Height + 1 : 0;
            var (plan, planTip) = Plan(from);
            if (plan.Count == 0) return;
            var owners = new OwnerLookup(this, plan, planTip);
            using var batch = new IndexBatch(_store);
            int inBatch = 0;
            foreach (var step in plan)
            {
                if (_ledger.GetBlock(step.Hash) is not { } block) throw new InvalidOperationException($"block {step.Hash} is missing from the store");
                batch.BeginHeight();
                var market = new MarketReplay(block, step.MarketChanges, (c, t) => owners.Before(step, c, t)).Run();
                IndexBlock(batch, block, step.TokenChanges, market);
                batch.Put(ExplorerKeys.Tip, [.. U32(step.Height), .. step.Hash.ToArray()]);
                batch.EndHeight(step.Height, step.Hash);
                _tip = new IndexTip(step.Height, step.Hash);
                if (++inBatch == CatchUpBatch) { batch.Write(); inBatch = 0; }
            }
            batch.Write();
            if (plan.Count > 1) LogCaughtUp(plan.Count, _tip!.Height);
        }
    }

    private sealed record Step(uint Height, Hash256 Hash, List<TokenChange> TokenChanges, Dictionary<string, MarketChange> MarketChanges);

    /// <summary>A token record a block changed: its value before the block and after it (null: absent).</summary>
    private sealed record TokenChange(string Collection, ulong TokenId, TokenState? Before, TokenState? After);

    /// <summary>
    /// The blocks from <paramref name="from"/> to the tip with their token changes, worked out under one state view:
    /// walking down from the tip, a key's value after a block is its value before the next block that changed it, or
    /// the tip's value.
    /// </summary>
    private (List<Step> Steps, ChainPoint Tip) Plan(uint from) => _ledger.ReadState(view =>
    {
        var tip = view.Tip;
        if (from > tip.Height) return (new List<Step>(), tip);
        var later = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var steps = new List<Step>((int)(tip.Height - from + 1));
        for (long h = tip.Height; h >= from; h--)
        {
            var point = _ledger.BlockAt((uint)h) ?? throw new InvalidOperationException($"no main-chain block at {h}");
            // Genesis is the chain's starting point, never connected on top of anything: it has no undo record.
            var changes = _ledger.StateChangesOf(point.Hash) ?? (h == 0 ? [] : throw new InvalidOperationException($"no undo record for block {point.Hash}"));
            var tokens = new List<TokenChange>();
            var market = new Dictionary<string, MarketChange>(StringComparer.Ordinal);
            foreach (var (key, before) in changes)
            {
                bool isMarket = MarketReplay.IsMarketKey(key);
                if (!isMarket && (key.Length < 11 || key[0] != NftKeys.TokenPrefix)) continue;
                string id = Convert.ToHexString(key);
                byte[]? after = later.TryGetValue(id, out var l) ? l : view.Get(key);
                later[id] = before;
                if (isMarket) { market[id] = new MarketChange(key, before, after); continue; }
                int len = key[1];
                string collection = System.Text.Encoding.UTF8.GetString(key, 2, len);
                ulong tokenId = BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(2 + len));
                tokens.Add(new TokenChange(collection, tokenId, before is null ? null : TokenState.Decode(before), after is null ? null : TokenState.Decode(after)));
            }
            steps.Add(new Step((uint)h, point.Hash, tokens, market));
        }
        steps.Reverse();
        return (steps, tip);
    });

    /// <summary>
    /// A token's owner before a planned block: its record's value before the block if the block changed it (or after
    /// it, for a token the block minted); else its value before the next planned block that changed it; else its value
    /// at the plan's tip, read from the tip's state (through the undo records of blocks that connected since).
    /// </summary>
    private sealed class OwnerLookup(ExplorerIndex index, List<Step> plan, ChainPoint planTip)
    {
        private Dictionary<(string, ulong), List<(uint Height, TokenChange Change)>>? _changes;

        public AccountId Before(Step step, string collection, ulong tokenId)
        {
            _changes ??= BuildIndex();
            if (_changes.TryGetValue((collection, tokenId), out var list))
                foreach (var (height, change) in list)
                {
                    if (height < step.Height) continue;
                    if (height == step.Height) return change.Before?.Owner ?? change.After?.Owner ?? AccountId.None;
                    return change.Before?.Owner ?? AccountId.None;
                }
            var value = index.ValueAtPlanTip(NftKeys.Token(collection, tokenId), planTip);
            return value is null ? AccountId.None : TokenState.Decode(value).Owner;
        }

        private Dictionary<(string, ulong), List<(uint, TokenChange)>> BuildIndex()
        {
            var d = new Dictionary<(string, ulong), List<(uint, TokenChange)>>();
            foreach (var s in plan)
                foreach (var c in s.TokenChanges)
                {
                    if (!d.TryGetValue((c.Collection, c.TokenId), out var list)) d[(c.Collection, c.TokenId)] = list = [];
                    list.Add((s.Height, c));
                }
            return d;
        }
    }

    /// <summary>
    /// A state value as it was at <paramref name="planTip"/>: the tip's value, unless blocks connected on top of it
    /// since, whose undo records then hold it (the lowest one that changed the key).
    /// </summary>
    /// <exception cref="InvalidOperationException">The plan's tip left the main chain meanwhile (the next sync starts again).</exception>
    private byte[]? ValueAtPlanTip(byte[] key, ChainPoint planTip) => _ledger.ReadState(view =>
    {
        if (view.Tip.Hash == planTip.Hash) return view.Get(key);
        if (_ledger.BlockAt(planTip.Height)?.Hash != planTip.Hash) throw new InvalidOperationException("the chain reorganised while the explorer index read it");
        for (uint h = planTip.Height + 1; h <= view.Tip.Height; h++)
        {
            var point = _ledger.BlockAt(h) ?? throw new InvalidOperationException($"no main-chain block at {h}");
            foreach (var (k, before) in _ledger.StateChangesOf(point.Hash) ?? [])
                if (k.AsSpan().SequenceEqual(key)) return before;
        }
        return view.Get(key);
    });

    private void IndexBlock(IndexBatch batch, Block block, List<TokenChange> tokenChanges, MarketReplay market)
    {
        uint height = block.Height;
        var registry = _ledger.Operations;
        // Owner changes, each attributed to the transaction whose operation names the token (or, for new tokens, the
        // collection's n-th mint operation in the block); none found: a block hook did it.
        var describe = new DescribeContext(_ledger.Network.AddressPrefix);
        var named = new Dictionary<(string, ulong), (int Position, string Op)>();
        var mints = new Dictionary<string, Queue<(int Position, string Op)>>(StringComparer.Ordinal);
        for (int i = 0; i < block.Transactions.Count; i++)
            foreach (var op in block.Transactions[i].Operations)
            {
                var d = registry.Describe(op, describe);
                if (!d.Fields.TryGetValue("collection", out var coll)) continue;
                if (op is MintOperation or MineMintOperation)
                {
                    if (!mints.TryGetValue(coll, out var q)) mints[coll] = q = new();
                    q.Enqueue((i + 1, d.Type));
                }
                else if (d.Fields.TryGetValue("tokenId", out var tid) && ulong.TryParse(tid, System.Globalization.CultureInfo.InvariantCulture, out ulong t))
                    named[(coll, t)] = (i + 1, d.Type);
            }
        // An accepted offer names no collection: the offer's own record says it (the market replay read it from the block's changes).
        // A later operation of the block that names the token (a transfer onward) still wins, as everywhere above.
        foreach (var (position, collection, tokenId) in market.Accepted)
            if (!named.TryGetValue((collection, tokenId), out var n) || n.Position <= position) named[(collection, tokenId)] = (position, "accept-offer");

        var events = new List<(TokenChange Change, TokenEvent Event)>();
        foreach (var c in tokenChanges.OrderBy(c => c.Collection, StringComparer.Ordinal).ThenBy(c => c.TokenId))
        {
            var from = c.Before?.Owner ?? AccountId.None;
            var to = c.After?.Owner ?? AccountId.None;
            if (from == to) continue; // approvals and the like: no change of owner
            var kind = c.Before is null ? TokenEventKind.Mint : c.After is null ? TokenEventKind.Burn : TokenEventKind.Transfer;
            (int Position, string Op) by = (0, kind == TokenEventKind.Mint ? "block-reward" : "block");
            if (kind == TokenEventKind.Mint && mints.TryGetValue(c.Collection, out var q) && q.Count > 0) by = q.Dequeue();
            else if (kind != TokenEventKind.Mint && named.TryGetValue((c.Collection, c.TokenId), out var n)) by = n;
            var txid = by.Position == 0 ? Hash256.Zero : block.Transactions[by.Position - 1].Id;
            events.Add((c, new TokenEvent(kind, from, to, txid, (uint)by.Position, by.Op) { Height = height }));
        }
        uint seq = 0;
        foreach (var (c, e) in events.OrderBy(x => x.Event.Position).ThenBy(x => x.Change.Collection, StringComparer.Ordinal).ThenBy(x => x.Change.TokenId))
        {
            var encoded = e.Encode();
            batch.Put(ExplorerKeys.TokenEvent(c.Collection, c.TokenId, height, seq), encoded);
            batch.Put(ExplorerKeys.CollectionEvent(c.Collection, height, seq), [.. U64(c.TokenId), .. encoded]);
            if (e.Kind == TokenEventKind.Mint)
                batch.Put(ExplorerKeys.Mint(height, seq), [.. CollectionPart(c.Collection), .. U64(c.TokenId), .. encoded]);
            if (!e.From.IsNone) AddHeld(batch, c.Collection, e.From, -1);
            if (!e.To.IsNone) AddHeld(batch, c.Collection, e.To, +1);
            seq++;
        }

        // The market feed: each event under its collection, its token and each account it names, in block order.
        uint mseq = 0;
        foreach (var e in market.Events)
        {
            var encoded = e.Encode();
            batch.Put(ExplorerKeys.MarketOfCollection(e.Collection, height, mseq), encoded);
            if (e.TokenId is { } token) batch.Put(ExplorerKeys.MarketOfToken(e.Collection, token, height, mseq), encoded);
            foreach (var account in e.Accounts()) batch.Put(ExplorerKeys.MarketOfAccount(account, height, mseq), encoded);
            mseq++;
        }
    }

    private static void AddHeld(IndexBatch batch, string collection, AccountId owner, int delta)
    {
        var key = ExplorerKeys.Held(collection, owner);
        ulong before = batch.Get(key) is { } b ? BinaryPrimitives.ReadUInt64BigEndian(b) : 0;
        ulong after = delta > 0 ? before + 1 : before == 0 ? 0 : before - 1;
        if (after == 0) batch.Delete(key); else batch.Put(key, U64(after));
        if ((before == 0) == (after == 0)) return;
        var holdersKey = ExplorerKeys.HoldersOf(collection);
        ulong holders = batch.Get(holdersKey) is { } h ? BinaryPrimitives.ReadUInt64BigEndian(h) : 0;
        holders = after > 0 ? holders + 1 : holders == 0 ? 0 : holders - 1;
        if (holders == 0) batch.Delete(holdersKey); else batch.Put(holdersKey, U64(holders));
    }

    /// <summary>Undoes the index's writes for the tip block, from its own undo record.</summary>
    private void RollBack(IndexTip tip)
    {
        var undo = _store.Get(F, ExplorerKeys.UndoAt(tip.Height)) ?? throw new InvalidOperationException($"the explorer index has no undo record at {tip.Height}");
        using var batch = _store.CreateBatch();
        var r = new SpanReader(undo);
        r.ReadHash();
        ulong n = r.ReadVarInt();
        for (ulong i = 0; i < n; i++)
        {
            var key = r.ReadVarBytes(1024, "key").ToArray();
            if (r.ReadBool()) batch.Put(F, key, r.ReadVarBytes(1 << 20, "value"));
            else batch.Delete(F, key);
        }
        batch.Delete(F, ExplorerKeys.UndoAt(tip.Height));
        IndexTip? below = null;
        if (tip.Height > 0 && _store.Get(F, ExplorerKeys.UndoAt(tip.Height - 1)) is { } prev)
            below = new IndexTip(tip.Height - 1, new Hash256(prev.AsSpan(0, 32)));
        if (below is null) batch.Delete(F, ExplorerKeys.Tip);
        else batch.Put(F, ExplorerKeys.Tip, [.. U32(below.Height), .. below.Hash.ToArray()]);
        _store.Write(batch);
        _tip = below;
        LogRolledBack(tip.Height, tip.Hash);
    }

    // ---------------------------------------------------------------- reads

    /// <summary>A token's owner changes, newest first.</summary>
    public IReadOnlyList<(TokenEvent Event, byte[] Key)> TokenHistory(string collection, ulong tokenId, byte[]? after, int limit) =>
        _store.Iterate(F, ExplorerKeys.TokenEventsOf(collection, tokenId), new ScanOptions { Reverse = true, From = after, FromExclusive = true }).Take(limit)
            .Select(kv =>
            {
                var r = new SpanReader(kv.Value);
                return (TokenEvent.Read(ref r, ExplorerKeys.HeightOf(kv.Key)), kv.Key);
            }).ToList();

    /// <summary>A collection's owner changes (mints, transfers, burns), newest first.</summary>
    public IReadOnlyList<CollectionEvent> CollectionActivity(string collection, byte[]? after, int limit) =>
        _store.Iterate(F, ExplorerKeys.CollectionEventsOf(collection), new ScanOptions { Reverse = true, From = after, FromExclusive = true }).Take(limit)
            .Select(kv =>
            {
                var r = new SpanReader(kv.Value);
                ulong token = BinaryPrimitives.ReadUInt64BigEndian(r.ReadBytes(8));
                return new CollectionEvent(collection, token, TokenEvent.Read(ref r, ExplorerKeys.HeightOf(kv.Key)), kv.Key);
            }).ToList();

    /// <summary>Every mint of every collection, newest first.</summary>
    public IReadOnlyList<CollectionEvent> Mints(byte[]? after, int limit) =>
        _store.Iterate(F, ExplorerKeys.AllMints, new ScanOptions { Reverse = true, From = after, FromExclusive = true }).Take(limit)
            .Select(kv =>
            {
                var r = new SpanReader(kv.Value);
                string collection = System.Text.Encoding.UTF8.GetString(r.ReadBytes(r.ReadU8()));
                ulong token = BinaryPrimitives.ReadUInt64BigEndian(r.ReadBytes(8));
                return new CollectionEvent(collection, token, TokenEvent.Read(ref r, ExplorerKeys.HeightOf(kv.Key)), kv.Key);
            }).ToList();

    /// <summary>The most index entries one page of the market feed reads when a kind filter skips some (the page then ends early, with a cursor).</summary>
    public const int MarketScanBudget = 5_000;

    /// <summary>
    /// A page of a market feed (<see cref="ExplorerKeys.MarketOfCollectionPrefix"/>, <see cref="ExplorerKeys.MarketOfTokenPrefix"/> or
    /// <see cref="ExplorerKeys.MarketOfAccountPrefix"/>), newest first, after the key <paramref name="after"/>: at most
    /// <paramref name="limit"/> events of the <paramref name="kinds"/> (null: all). <c>Next</c> is the last key read when more
    /// may follow: a filtered page that read <see cref="MarketScanBudget"/> keys ends there, with fewer events.
    /// </summary>
    public (IReadOnlyList<MarketEvent> Events, byte[]? Next) MarketActivity(byte[] prefix, byte[]? after, int limit, IReadOnlySet<MarketEventKind>? kinds)
    {
        var events = new List<MarketEvent>(Math.Min(limit, 256));
        byte[]? last = null;
        int read = 0;
        foreach (var kv in _store.Iterate(F, prefix, new ScanOptions { Reverse = true, From = after, FromExclusive = true }))
        {
            last = kv.Key;
            read++;
            if (kinds is null || kinds.Contains((MarketEventKind)kv.Value[0])) events.Add(MarketEvent.Decode(kv.Value, ExplorerKeys.HeightOf(kv.Key)));
            if (events.Count == limit || read == MarketScanBudget) return (events, last);
        }
        return (events, null);
    }

    /// <summary>How many distinct accounts hold at least one token of the collection.</summary>
    public ulong Holders(string collection) => _store.Get(F, ExplorerKeys.HoldersOf(collection)) is { } b ? BinaryPrimitives.ReadUInt64BigEndian(b) : 0;

    /// <summary>How many tokens of the collection the account holds.</summary>
    public ulong HeldBy(string collection, AccountId owner) => _store.Get(F, ExplorerKeys.Held(collection, owner)) is { } b ? BinaryPrimitives.ReadUInt64BigEndian(b) : 0;

    private static byte[] CollectionPart(string collection)
    {
        var id = System.Text.Encoding.UTF8.GetBytes(collection);
        return [(byte)id.Length, .. id];
    }

    private static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }
    private static byte[] U64(ulong v) { var b = new byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); return b; }

    [LoggerMessage(Level = LogLevel.Information, Message = "explorer index: caught up {Count} block(s) to height {Height}")]
    private partial void LogCaughtUp(int count, uint height);

    [LoggerMessage(Level = LogLevel.Information, Message = "explorer index: an index of an older version ({Count} keys) was dropped; it is built again from the chain")]
    private partial void LogReset(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "explorer index: rolled back block {Height} {Hash}")]
    private partial void LogRolledBack(uint height, Hash256 hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "explorer index: sync failed (retried on the next block)")]
    private partial void LogSyncFailed(Exception e);

    /// <summary>
    /// Writes of one or more heights in one atomic batch, reading its own pending writes, and recording per height the
    /// prior value of every key it touches (the index's undo record, written under 'U' | height).
    /// </summary>
    private sealed class IndexBatch(IKeyValueStore store) : IDisposable
    {
        private IWriteBatch _batch = store.CreateBatch();
        private readonly Dictionary<string, byte[]?> _pending = new(StringComparer.Ordinal);
        private readonly List<KeyValuePair<byte[], byte[]?>> _priors = [];
        private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

        public byte[]? Get(byte[] key) => _pending.TryGetValue(Convert.ToHexString(key), out var v) ? v : store.Get(F, key);

        public void BeginHeight() { _priors.Clear(); _touched.Clear(); }

        public void Put(byte[] key, byte[] value) => Set(key, value);
        public void Delete(byte[] key) => Set(key, null);

        private void Set(byte[] key, byte[]? value)
        {
            string id = Convert.ToHexString(key);
            if (key[0] != ExplorerKeys.Tip[0] && _touched.Add(id)) _priors.Add(new(key, Get(key)));
            _pending[id] = value;
            if (value is null) _batch.Delete(F, key); else _batch.Put(F, key, value);
        }

        public void EndHeight(uint height, Hash256 hash)
        {
            var w = new ByteWriter(64 + _priors.Count * 64).Hash(hash).VarInt((ulong)_priors.Count);
            foreach (var (k, v) in _priors)
            {
                w.VarBytes(k).Bool(v is not null);
                if (v is not null) w.VarBytes(v);
            }
            var undo = ExplorerKeys.UndoAt(height);
            _batch.Put(F, undo, w.ToArray());
            _pending[Convert.ToHexString(undo)] = null; // never read back
        }

        public void Write()
        {
            if (_batch.Count == 0) return;
            store.Write(_batch);
            _batch.Dispose();
            _batch = store.CreateBatch();
            _pending.Clear(); // written: the store answers now
        }

        public void Dispose() => _batch.Dispose();
    }
}
