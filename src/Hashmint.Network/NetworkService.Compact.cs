using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;

namespace Hashmint.Network;

/// <summary>
/// Compact block relay (BIP-152 style, high-bandwidth: a new block is pushed at once). The receiver checks the header
/// first (<c>ProcessPeerHeaders</c>: proof of work, and enough work to matter, before any work of its own), rebuilds the block from its mempool by short
/// id, asks the sender for the transactions it lacks (<c>getblocktxn</c> → <c>blocktxn</c>), and submits the block. A
/// rebuilt block whose Merkle root does not match (a short-id collision) is fetched whole instead: that is not the
/// sender's fault.
/// </summary>
public sealed record CompactBlockStats(long Received, long FromMempool, long TransactionsRequested, long Fallbacks);

public sealed partial class NetworkService
{
    private sealed class PendingCompact(Peer peer, BlockHeader header, Coinbase coinbase, Transaction?[] slots, List<int> missing)
    {
        public Peer Peer { get; } = peer;
        public BlockHeader Header { get; } = header;
        public Coinbase Coinbase { get; } = coinbase;
        public Transaction?[] Slots { get; } = slots;
        public List<int> Missing { get; } = missing;
    }

    private readonly Dictionary<Hash256, PendingCompact> _compact = [];

    private long CompactBlocksReceived;
    private long CompactBlocksFromMempool;
    private long CompactTransactionsRequested;
    private long CompactFallbacks;

    /// <summary>Compact blocks received, rebuilt from the mempool alone, transactions asked for, rebuilt ones fetched whole.</summary>
    public CompactBlockStats CompactStats => new(Interlocked.Read(ref CompactBlocksReceived), Interlocked.Read(ref CompactBlocksFromMempool),
        Interlocked.Read(ref CompactTransactionsRequested), Interlocked.Read(ref CompactFallbacks));

    private bool TakesCompactBlocks(Peer peer) => Options.CompactBlocks && peer.Version is { } v && (v.Services & VersionMessage.CompactBlocks) != 0;

    private void OnCompactBlock(Peer peer, CompactBlockMessage m)
    {
        if (!peer.Messages.TryTake()) throw new MisbehaviourException(BanReasons.Flood, $"compact blocks beyond {Options.MessagesPerSecond}/s");
        Interlocked.Increment(ref CompactBlocksReceived);
        var hash = m.Header.Hash;
        peer.KnownBlocks.Add(hash);
        if (_ledger.FindBlock(hash) is not null) return;
        var headers = _ledger.ProcessPeerHeaders([m.Header], null);
        if (headers.Held is not null && headers.Rejection is null)
        {
            peer.Note($"compact block {hash} is on a branch with less work than ours: not stored");
            return;
        }
        if (headers.Rejection is { } rejection)
        {
            if (rejection.Code == RejectCodes.Orphan) RequestHeaders(peer);
            else if (rejection.Code == RejectCodes.TimeTooNew) peer.Note($"compact block {hash} dated too far ahead of our clock");
            else if (rejection.Code == RejectCodes.ForkBelowSnapshot) peer.Note($"compact block {hash}: {rejection.Message}"); // not the peer's fault, as in OnHeaders
            else peer.Misbehaved(BanReasons.InvalidHeader, $"compact block {hash}: {rejection}");
            return;
        }
        var point = headers.Last!;
        if (point.Height > peer.BestKnownHeight) peer.BestKnownHeight = point.Height;
        long now = Clock.GetTimestamp();
        lock (_downloadSync)
        {
            if (_compact.ContainsKey(hash)) return;
            _heights[hash] = point.Height;
            if (!_blocksInFlight.ContainsKey(hash))
            {
                if (peer.BlocksInFlight == 0) peer.LastBlockProgressTicks = now;
                peer.BlocksInFlight++;
                _blocksInFlight[hash] = (peer, now);
            }
        }

        var keys = CompactBlockMessage.Keys(m.Header, m.Nonce);
        var byShortId = new Dictionary<ulong, Transaction?>();
        foreach (var tx in _ledger.PendingTransactions())
        {
            ulong id = CompactBlockMessage.ShortId(keys, tx.Id);
            byShortId[id] = byShortId.ContainsKey(id) ? null : tx; // two pending with one short id: ask for it
        }
        var slots = new Transaction?[m.TransactionCount];
        foreach (var (index, tx) in m.Prefilled) slots[index] = tx;
        var missing = new List<int>();
        int next = 0;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] is not null) continue;
            if (byShortId.TryGetValue(m.ShortIds[next++], out var found) && found is not null) slots[i] = found;
            else missing.Add(i);
        }
        if (missing.Count == 0)
        {
            Interlocked.Increment(ref CompactBlocksFromMempool);
            CompleteCompact(peer, m.Header, m.Coinbase, slots);
            return;
        }
        lock (_downloadSync) _compact[hash] = new PendingCompact(peer, m.Header, m.Coinbase, slots, missing);
        Interlocked.Add(ref CompactTransactionsRequested, missing.Count);
        peer.Send(Commands.GetBlockTransactions, new GetBlockTransactionsMessage(hash, missing).Encode());
    }

    private void OnGetBlockTransactions(Peer peer, GetBlockTransactionsMessage m)
    {
        if (_ledger.GetBlock(m.Block) is not { } block)
        {
            peer.Send(Commands.NotFound, InventoryMessage.Encode([new InventoryItem(InventoryType.Block, m.Block)]));
            return;
        }
        var txs = new List<Transaction>(m.Indexes.Count);
        foreach (int i in m.Indexes)
        {
            if (i >= block.Transactions.Count)
                throw new MisbehaviourException(BanReasons.ProtocolViolation, $"getblocktxn index {i}, block {m.Block} has {block.Transactions.Count} transactions");
            txs.Add(block.Transactions[i]);
        }
        peer.Send(Commands.BlockTransactions, new BlockTransactionsMessage(m.Block, txs).Encode());
    }

    private void OnBlockTransactions(Peer peer, BlockTransactionsMessage m)
    {
        PendingCompact? pending;
        lock (_downloadSync)
        {
            if (!_compact.TryGetValue(m.Block, out pending) || pending.Peer != peer)
            {
                peer.Note($"blocktxn for {m.Block}, which was not asked of it");
                return;
            }
            _compact.Remove(m.Block);
        }
        if (m.Transactions.Count != pending.Missing.Count)
        {
            peer.Misbehaved(BanReasons.ProtocolViolation, $"blocktxn for {m.Block} has {m.Transactions.Count} transactions, {pending.Missing.Count} were asked for");
            return;
        }
        for (int i = 0; i < pending.Missing.Count; i++) pending.Slots[pending.Missing[i]] = m.Transactions[i];
        CompleteCompact(peer, pending.Header, pending.Coinbase, pending.Slots);
    }

    private void CompleteCompact(Peer peer, BlockHeader header, Coinbase coinbase, Transaction?[] slots)
    {
        var block = new Block(header, coinbase, slots!);
        if (block.ComputeMerkleRoot() != header.MerkleRoot)
        {
            // A short-id collision (or a lie the full block will show): fetch it whole from the same peer.
            Interlocked.Increment(ref CompactFallbacks);
            peer.Send(Commands.GetData, InventoryMessage.Encode([new InventoryItem(InventoryType.Block, block.Hash)]));
            return;
        }
        OnBlock(peer, block);
    }

    private void ForgetCompact(Peer peer)
    {
        lock (_downloadSync)
            foreach (var hash in _compact.Where(kv => kv.Value.Peer == peer).Select(kv => kv.Key).ToList()) _compact.Remove(hash);
    }
}
