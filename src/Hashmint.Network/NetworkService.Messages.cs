using System.Net;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;

namespace Hashmint.Network;

public sealed partial class NetworkService
{
    /// <summary>Blocks asked for in one getdata: more is a protocol violation (a syncing peer asks 16 at a time).</summary>
    public const int MaxBlocksPerGetData = 128;

    /// <summary>Transaction rejections that prove the sender relayed something invalid in itself (not a policy or state race): a ban.</summary>
    private static readonly HashSet<string> BannableTransactionCodes = [RejectCodes.BadSignature, RejectCodes.WrongChain, RejectCodes.Malformed];

    private readonly object _txSync = new();
    private readonly Dictionary<Hash256, (int Peer, long Ticks)> _txInFlight = [];
    /// <summary>
    /// Other peers that announced a transaction while it was in flight from one: asked next, in order, when that request
    /// ends without it (expired, not found, peer gone). Every peer announces a transaction once, so without this a lost
    /// request would leave the transaction out of our mempool for good.
    /// </summary>
    private readonly Dictionary<Hash256, Queue<int>> _txAnnouncers = [];
    private const int MaxAnnouncersKept = 8;
    /// <summary>
    /// Transactions that arrived before an earlier nonce of their sender (relayed by different peers, they can overtake
    /// each other): held, by sender and nonce, and offered to the mempool again when the sender's next one is accepted.
    /// </summary>
    private readonly Dictionary<AccountId, SortedList<ulong, Transaction>> _orphanTransactions = [];
    private int _orphanCount;
    public const int MaxOrphanTransactions = 5000;
    private KnownSet _recentlyRejected;

    /// <summary>Every message after the handshake (ping/pong excepted), on the peer's read loop.</summary>
    internal void Handle(Peer peer, string command, byte[] payload)
    {
        switch (command)
        {
            case Commands.GetHeaders: OnGetHeaders(peer, GetHeadersMessage.Decode(payload)); break;
            case Commands.Headers: OnHeaders(peer, HeadersMessage.Decode(payload)); break;
            case Commands.Inv: OnInventory(peer, InventoryMessage.Decode(payload)); break;
            case Commands.GetData: OnGetData(peer, InventoryMessage.Decode(payload)); break;
            case Commands.NotFound: OnNotFound(peer, InventoryMessage.Decode(payload)); break;
            case Commands.Block: OnBlock(peer, _ledger.Operations.DecodeBlock(payload, Commands.MaxBlockBytes)); break;
            case Commands.Tx: OnTransaction(peer, _ledger.Operations.DecodeTransaction(payload)); break;
            case Commands.GetAddr: OnGetAddr(peer); break;
            case Commands.Addr: OnAddr(peer, AddrMessage.Decode(payload)); break;
            case Commands.CompactBlock: OnCompactBlock(peer, CompactBlockMessage.Decode(payload, _ledger.Operations)); break;
            case Commands.GetBlockTransactions: OnGetBlockTransactions(peer, GetBlockTransactionsMessage.Decode(payload)); break;
            case Commands.BlockTransactions: OnBlockTransactions(peer, BlockTransactionsMessage.Decode(payload, _ledger.Operations)); break;
            case Commands.GetState: OnGetState(peer, GetStateMessage.Decode(payload)); break;
            case Commands.StateChunk: OnStateChunk(peer, StateChunkMessage.Decode(payload)); break;
            default: throw new MisbehaviourException(BanReasons.ProtocolViolation, $"'{command}' is not expected after the handshake");
        }
    }

    // ---- blocks ----

    private void OnBlock(Peer peer, Block block)
    {
        var hash = block.Hash;
        bool requested = BlockArrived(peer, hash);
        if (!requested && !peer.Messages.TryTake())
            throw new MisbehaviourException(BanReasons.Flood, $"unrequested blocks beyond {Options.MessagesPerSecond}/s");
        Interlocked.Increment(ref peer.BlocksReceived);
        peer.KnownBlocks.Add(hash);
        if (block.Height > peer.BestKnownHeight) peer.BestKnownHeight = block.Height;
        if (!requested && _ledger.FindBlock(hash) is null && _ledger.ProcessPeerHeaders([block.Header], null) is { Held: not null, Rejection: null })
        {
            // Pushed unasked on a branch with too little work: storing it would let cheap blocks fill the index.
            peer.Note($"unrequested block {hash} at height {block.Height} is on a branch with less work than ours: not stored");
            return;
        }
        var result = _ledger.SubmitBlock(block);
        switch (result.Outcome)
        {
            case BlockOutcome.Rejected when result.Rejection!.Code == RejectCodes.TimeTooNew:
                peer.Note($"block {hash} is dated too far ahead of our clock: {result.Rejection.Message}");
                break;
            case BlockOutcome.Rejected when result.Rejection!.Code == RejectCodes.ForkBelowSnapshot:
                peer.Note($"block {hash} is on a branch we cannot follow: {result.Rejection}");
                return;
            case BlockOutcome.Rejected or BlockOutcome.Invalid:
                peer.Misbehaved(BanReasons.InvalidBlock, $"block {hash} at height {block.Height}: {result.Rejection}");
                return;
            case BlockOutcome.Orphan:
                RequestHeaders(peer); // it builds on something we lack: fetch the headers between
                break;
        }
        SnapshotBodyArrived(block);
        // Refill in batches: once half of this peer's slots are free (fewer, larger getdata), or when it has none left.
        if (!requested || peer.BlocksInFlight <= Options.MaxBlocksInFlightPerPeer / 2) PumpDownloads();
    }

    private void OnGetData(Peer peer, IReadOnlyList<InventoryItem> items)
    {
        if (items.Count(i => i.Type == InventoryType.Block) > MaxBlocksPerGetData)
            throw new MisbehaviourException(BanReasons.ProtocolViolation, $"getdata for more than {MaxBlocksPerGetData} blocks at once");
        var notFound = new List<InventoryItem>();
        foreach (var item in items)
        {
            if (peer.IsClosed) return;
            if (item.Type == InventoryType.Block)
            {
                if (_ledger.GetBlockBytes(item.Hash) is not { } bytes)
                {
                    notFound.Add(item);
                    continue;
                }
                // Never the same block twice to one peer.
                if (!peer.SentItems.Add(item.Hash)) continue;
                peer.KnownBlocks.Add(item.Hash);
                peer.Send(Commands.Block, bytes);
                Interlocked.Increment(ref peer.BlocksSent);
            }
            else
            {
                if (_ledger.GetPending(item.Hash) is not { } pending)
                {
                    notFound.Add(item);
                    continue;
                }
                if (!peer.SentItems.Add(item.Hash)) continue;
                peer.KnownTransactions.Add(item.Hash);
                peer.Send(Commands.Tx, pending.Transaction.Encoded);
                Interlocked.Increment(ref peer.TransactionsSent);
            }
        }
        if (notFound.Count > 0) peer.Send(Commands.NotFound, InventoryMessage.Encode(notFound));
    }

    private void OnNotFound(Peer peer, IReadOnlyList<InventoryItem> items)
    {
        foreach (var item in items)
        {
            if (item.Type == InventoryType.Block) BlockNotFound(peer, item.Hash);
            else
            {
                bool ended;
                lock (_txSync) ended = _txInFlight.TryGetValue(item.Hash, out var f) && f.Peer == peer.Id && _txInFlight.Remove(item.Hash);
                if (ended) AskNextAnnouncers([item.Hash]);
            }
        }
        PumpDownloads();
    }

    /// <summary>New blocks on our main chain: announced by header to every peer that does not have them.</summary>
    private void OnChainUpdated(ChainUpdated update)
    {
        lock (_downloadSync) _missingStale = true;
        if (update.ReorgDepth > 0 || update.Connected.Count > 0) _recentlyRejected = new KnownSet(50_000); // validity may have changed
        if (update.TipChanged) PruneStateIndexes();
        // Transactions of blocks rolled back are pending again: announce them, so they reach peers that never saw them.
        foreach (var b in update.Disconnected)
            foreach (var tx in b.Transactions)
                if (_ledger.GetPending(tx.Id) is not null)
                    foreach (var peer in ReadyPeers()) QueueAnnouncement(peer, tx.Id);
        if (update.Connected.Count == 0 || IsSyncing()) return;
        var connected = update.Connected;
        var announce = connected.Count <= 8 ? connected : [connected[^1]];
        // A block or three (a new tip, a short reorganisation) go as compact blocks to peers that take them.
        var compact = Options.CompactBlocks && connected.Count <= 3
            ? connected.Select(b => (b.Hash, Bytes: CompactBlockMessage.From(b, (ulong)Random.Shared.NextInt64()).Encode())).ToList() : null;
        foreach (var peer in ReadyPeers())
        {
            if (compact is not null && TakesCompactBlocks(peer))
            {
                foreach (var (hash, bytes) in compact)
                    if (peer.KnownBlocks.Add(hash))
                    {
                        peer.Send(Commands.CompactBlock, bytes);
                        Interlocked.Increment(ref peer.BlocksSent);
                    }
                continue;
            }
            var headers = new List<BlockHeader>();
            foreach (var b in announce)
                if (peer.KnownBlocks.Add(b.Hash)) headers.Add(b.Header);
            if (headers.Count > 0) peer.Send(Commands.Headers, HeadersMessage.Encode(headers));
        }
    }

    /// <summary>Still far behind the best header we know: do not announce every block we connect.</summary>
    private bool IsSyncing() => _ledger.BestHeader.Height > _ledger.Tip.Height + 16;

    // ---- transactions ----

    private void OnTransactionAccepted(Transaction tx)
    {
        foreach (var peer in ReadyPeers()) QueueAnnouncement(peer, tx.Id);
    }

    private static void QueueAnnouncement(Peer peer, Hash256 txid)
    {
        if (peer.KnownTransactions.Contains(txid)) return;
        lock (peer.TxQueueLock)
        {
            peer.TxAnnouncements.Enqueue(txid);
            while (peer.TxAnnouncements.Count > 50_000) peer.TxAnnouncements.Dequeue();
        }
    }

    /// <summary>Each tick, each peer gets at most its share of the per-second announcement rate, as one inv.</summary>
    private void FlushAnnouncements()
    {
        int quota = Math.Max(1, (int)Math.Ceiling(Options.TransactionAnnouncementsPerSecond * Options.Tick.TotalSeconds));
        foreach (var peer in ReadyPeers())
        {
            List<InventoryItem>? items = null;
            lock (peer.TxQueueLock)
            {
                while (peer.TxAnnouncements.Count > 0 && (items?.Count ?? 0) < quota)
                {
                    var id = peer.TxAnnouncements.Dequeue();
                    if (peer.KnownTransactions.Add(id)) (items ??= []).Add(new InventoryItem(InventoryType.Transaction, id));
                }
            }
            if (items is not null) peer.Send(Commands.Inv, InventoryMessage.Encode(items));
        }
    }

    private void OnInventory(Peer peer, IReadOnlyList<InventoryItem> items)
    {
        int txs = items.Count(i => i.Type == InventoryType.Transaction);
        if (txs > 0 && !peer.Transactions.TryTake(txs))
            throw new MisbehaviourException(BanReasons.Flood, $"more than {Options.TransactionsPerSecond}/s transaction announcements (burst {Options.TransactionBurst})");
        var wanted = new List<InventoryItem>();
        bool unknownBlock = false;
        long now = Clock.GetTimestamp();
        foreach (var item in items)
        {
            if (item.Type == InventoryType.Block)
            {
                peer.KnownBlocks.Add(item.Hash);
                if (_ledger.FindBlock(item.Hash) is null) unknownBlock = true;
                continue;
            }
            peer.KnownTransactions.Add(item.Hash);
            if (_recentlyRejected.Contains(item.Hash) || _ledger.GetPending(item.Hash) is not null) continue;
            lock (_txSync)
            {
                if (_txInFlight.TryGetValue(item.Hash, out var inFlight))
                {
                    if (inFlight.Peer != peer.Id)
                    {
                        if (!_txAnnouncers.TryGetValue(item.Hash, out var others)) _txAnnouncers[item.Hash] = others = new Queue<int>();
                        if (others.Count < MaxAnnouncersKept && !others.Contains(peer.Id)) others.Enqueue(peer.Id);
                    }
                    continue;
                }
                _txInFlight[item.Hash] = (peer.Id, now);
            }
            wanted.Add(item);
        }
        if (wanted.Count > 0) peer.Send(Commands.GetData, InventoryMessage.Encode(wanted));
        if (unknownBlock) RequestHeaders(peer);
    }

    private void OnTransaction(Peer peer, Transaction tx)
    {
        if (!peer.Transactions.TryTake())
            throw new MisbehaviourException(BanReasons.Flood, $"more than {Options.TransactionsPerSecond}/s transactions (burst {Options.TransactionBurst})");
        var id = tx.Id;
        Interlocked.Increment(ref peer.TransactionsReceived);
        peer.KnownTransactions.Add(id);
        lock (_txSync)
        {
            _txInFlight.Remove(id);
            _txAnnouncers.Remove(id);
        }
        if (_recentlyRejected.Contains(id) || _ledger.GetPending(id) is not null) return;
        try { _ledger.Operations.CheckStateless(tx, _ledger.Network); }
        catch (RejectedException e)
        {
            peer.Misbehaved(BanReasons.InvalidTransaction, $"transaction {id}: {e.Rejection}");
            return;
        }
        try { _ledger.SubmitTransaction(tx); }
        catch (RejectedException e) when (e.Rejection.Code == RejectCodes.NonceGap)
        {
            HoldOrphan(tx);
            return;
        }
        catch (RejectedException e)
        {
            _recentlyRejected.Add(id);
            if (BannableTransactionCodes.Contains(e.Rejection.Code))
                peer.Misbehaved(BanReasons.InvalidTransaction, $"transaction {id}: {e.Rejection}");
            return;
        }
        RetryOrphans(tx.Sender);
    }

    private void HoldOrphan(Transaction tx)
    {
        lock (_txSync)
        {
            if (_orphanCount >= MaxOrphanTransactions)
            {
                // Full: the sender with the most held goes first.
                var (sender, list) = _orphanTransactions.MaxBy(kv => kv.Value.Count);
                _orphanCount -= list.Count;
                _orphanTransactions.Remove(sender);
            }
            if (!_orphanTransactions.TryGetValue(tx.Sender, out var held)) _orphanTransactions[tx.Sender] = held = [];
            if (held.TryAdd(tx.Nonce, tx)) _orphanCount++;
        }
    }

    /// <summary>The sender's next nonce went in: offer its held transactions in nonce order until one still has a gap.</summary>
    private void RetryOrphans(AccountId sender)
    {
        while (true)
        {
            Transaction next;
            lock (_txSync)
            {
                if (!_orphanTransactions.TryGetValue(sender, out var held) || held.Count == 0)
                {
                    _orphanTransactions.Remove(sender);
                    return;
                }
                next = held.Values[0];
                held.RemoveAt(0);
                _orphanCount--;
            }
            try { _ledger.SubmitTransaction(next); }
            catch (RejectedException e) when (e.Rejection.Code == RejectCodes.NonceGap)
            {
                lock (_txSync)
                {
                    if (!_orphanTransactions.TryGetValue(sender, out var held)) _orphanTransactions[sender] = held = [];
                    if (held.TryAdd(next.Nonce, next)) _orphanCount++;
                }
                return;
            }
            catch (RejectedException) { _recentlyRejected.Add(next.Id); }
        }
    }

    private void ExpireTransactionRequests(long now)
    {
        List<Hash256>? expired = null;
        lock (_txSync)
        {
            foreach (var (id, f) in _txInFlight)
                if (Clock.GetElapsedTime(f.Ticks, now) > Options.TransactionRequestTimeout) (expired ??= []).Add(id);
            if (expired is not null) foreach (var id in expired) _txInFlight.Remove(id);
        }
        if (expired is not null) AskNextAnnouncers(expired);
    }

    private void ForgetTransactionRequests(Peer peer)
    {
        List<Hash256> mine;
        lock (_txSync)
        {
            mine = _txInFlight.Where(kv => kv.Value.Peer == peer.Id).Select(kv => kv.Key).ToList();
            foreach (var id in mine) _txInFlight.Remove(id);
        }
        if (mine.Count > 0 && !_stop.IsCancellationRequested) AskNextAnnouncers(mine);
    }

    /// <summary>Requests that ended without the transaction: each is asked of the next peer that announced it and is still ready.</summary>
    private void AskNextAnnouncers(IReadOnlyList<Hash256> ids)
    {
        Dictionary<Peer, List<InventoryItem>>? asks = null;
        long now = Clock.GetTimestamp();
        // Read before taking our lock (the ledger has its own): ones we have meanwhile, pending or in a block, are not asked again.
        var have = ids.Where(id => _ledger.GetPending(id) is not null || _ledger.FindTransaction(id) is not null).ToHashSet();
        lock (_txSync)
        {
            foreach (var id in ids)
            {
                if (have.Contains(id))
                {
                    _txAnnouncers.Remove(id);
                    continue;
                }
                if (_txInFlight.ContainsKey(id) || !_txAnnouncers.TryGetValue(id, out var others)) continue;
                Peer? next = null;
                while (next is null && others.TryDequeue(out int candidate))
                    if (_peers.TryGetValue(candidate, out var p) && p.Ready && !p.IsClosed) next = p;
                if (others.Count == 0) _txAnnouncers.Remove(id);
                if (next is null) continue;
                _txInFlight[id] = (next.Id, now);
                asks ??= [];
                if (!asks.TryGetValue(next, out var list)) asks[next] = list = [];
                list.Add(new InventoryItem(InventoryType.Transaction, id));
            }
            // An entry whose transaction is no longer in flight and has no one left to ask is dropped above; one whose
            // request is still out stays until that request ends.
        }
        if (asks is null) return;
        foreach (var (peer, items) in asks) peer.Send(Commands.GetData, InventoryMessage.Encode(items));
    }

    // ---- addresses ----

    private void OnGetAddr(Peer peer)
    {
        if (peer.AnsweredGetAddr) return; // once per connection, against address-book scraping
        peer.AnsweredGetAddr = true;
        var sample = Book.Sample(Commands.MaxAddresses)
            .Select(a => new NetAddress((ulong)a.LastSeen.ToUnixTimeSeconds(), VersionMessage.FullBlocks, IPEndPoint.Parse(a.EndPoint)))
            .Where(a => !a.EndPoint.Equals(peer.ListenEndPoint)).ToList();
        foreach (var a in sample) peer.KnownAddresses.Add(AddressHash(a.EndPoint));
        peer.Send(Commands.Addr, AddrMessage.Encode(sample));
    }

    private void OnAddr(Peer peer, IReadOnlyList<NetAddress> addresses)
    {
        int ignored = 0;
        var fresh = new List<NetAddress>();
        var now = Clock.GetUtcNow();
        foreach (var a in addresses)
        {
            if (!peer.Addresses.TryTake())
            {
                ignored++;
                continue;
            }
            peer.KnownAddresses.Add(AddressHash(a.EndPoint));
            if (a.EndPoint.Port == 0 || a.EndPoint.Address.Equals(IPAddress.Any) || a.EndPoint.Address.Equals(IPAddress.IPv6Any)) continue;
            // A time in the future is taken as now; very old ones are not relayed.
            var seen = DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(a.Time, (ulong)now.ToUnixTimeSeconds()));
            bool known = Book.Get(a.EndPoint) is not null;
            Book.Add(a.EndPoint, "gossip", seen);
            if (!known && now - seen < TimeSpan.FromHours(3)) fresh.Add(a);
        }
        if (ignored > 0) peer.Note($"{ignored} gossiped address(es) over the rate limit ignored");
        // A small announcement of new addresses goes on to two other peers (a getaddr answer is not relayed).
        if (addresses.Count > 10 || fresh.Count == 0) return;
        foreach (var other in ReadyPeers().Where(p => p != peer).OrderBy(_ => Random.Shared.Next()).Take(2))
        {
            var send = fresh.Where(a => other.KnownAddresses.Add(AddressHash(a.EndPoint))).ToList();
            if (send.Count > 0) other.Send(Commands.Addr, AddrMessage.Encode(send));
        }
    }

    private static Hash256 AddressHash(IPEndPoint e) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(PeerBook.Key(e))));
}
