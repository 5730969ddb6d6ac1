using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;

namespace Hashmint.Network;

/// <summary>
/// Headers first: headers come from a block locator, up to 2,000 a message, and are checked by the ledger before any
/// body is asked for. Bodies of the best header's branch are then fetched from every peer that has them, at most
/// <see cref="NetworkOptions.MaxBlocksInFlightPerPeer"/> at a time each, inside a window of
/// <see cref="NetworkOptions.DownloadWindow"/> blocks after the first missing one (<see cref="LedgerFacade.MissingBlocks"/>);
/// the ledger connects them as soon as a branch is complete, whatever order they came in. A peer that delivers none
/// of its blocks for <see cref="NetworkOptions.BlockStallTimeout"/> is dropped and its blocks go to others.
/// </summary>
public sealed partial class NetworkService
{
    private readonly object _downloadSync = new();
    private readonly Dictionary<Hash256, (Peer Peer, long Ticks)> _blocksInFlight = [];
    /// <summary>Heights of headers we processed (a missing body's height tells which peers can have it).</summary>
    private readonly Dictionary<Hash256, uint> _heights = [];
    private List<Hash256> _missing = [];
    private readonly HashSet<Hash256> _arrived = [];
    private bool _missingStale = true;
    /// <summary>Every window entry before this one is in flight or arrived (the scan starts here).</summary>
    private int _scanFrom;
    private long _missingReadTicks;

    internal int BlocksInFlight { get { lock (_downloadSync) return _blocksInFlight.Count; } }

    // ---- headers ----

    private void OnGetHeaders(Peer peer, GetHeadersMessage m)
    {
        // The first locator hash on our main chain; none known: from genesis.
        uint start = 1;
        foreach (var hash in m.Locator)
        {
            if (!_ledger.IsOnMainChain(hash) || _ledger.FindBlock(hash) is not { } point) continue;
            start = point.Height + 1;
            break;
        }
        var headers = new List<BlockHeader>();
        for (uint h = start; headers.Count < Commands.MaxHeadersPerMessage; h++)
        {
            if (_ledger.BlockAt(h) is not { } p) break;
            headers.Add(p.Header);
            if (p.Hash == m.Stop) break;
        }
        peer.Send(Commands.Headers, HeadersMessage.Encode(headers)); // always answered, empty if need be
    }

    private void OnHeaders(Peer peer, IReadOnlyList<BlockHeader> headers)
    {
        bool response = peer.HeadersRequestedTicks != 0;
        peer.HeadersRequestedTicks = 0;
        if (!response && !peer.Messages.TryTake())
            throw new MisbehaviourException(BanReasons.Flood, $"unrequested headers beyond {Options.MessagesPerSecond}/s");
        var workBefore = _ledger.BestHeader.ChainWork;
        int heldBefore = peer.HeldHeaders?.Count ?? 0;
        ProcessHeadersMessage(peer, headers);
        if (response) CheckHeadersAnswer(peer, workBefore, heldBefore);
    }

    private void ProcessHeadersMessage(Peer peer, IReadOnlyList<BlockHeader> headers)
    {
        if (headers.Count == 0) return;
        var hashes = new Hash256[headers.Count];
        for (int i = 0; i < headers.Count; i++)
        {
            hashes[i] = headers[i].Hash;
            if (i > 0 && headers[i].PreviousHash != hashes[i - 1])
                throw new MisbehaviourException(BanReasons.InvalidHeader, $"header {i} of {headers.Count} does not follow header {i - 1}");
        }
        var wasHeld = peer.HeldHeaders;
        var result = _ledger.ProcessPeerHeaders(headers, wasHeld);
        if (result.Held is { } held && result.Rejection is null)
        {
            HoldLowWorkHeaders(peer, wasHeld, held, headers.Count);
            return;
        }
        // A held branch these headers continued is stored now, or broke a rule; one they did not continue (a new-block
        // announcement in between) waits for the rest.
        if (wasHeld is not null && (headers[0].PreviousHash == wasHeld.TipHash || result.Held is not null)) peer.HeldHeaders = null;
        if (result.Rejection is { } rejection)
        {
            if (rejection.Code == RejectCodes.Orphan && result.Last is null)
            {
                // The first header builds on one we lack (an announcement after blocks we missed): fetch the gap.
                RequestHeaders(peer);
                return;
            }
            if (rejection.Code == RejectCodes.TimeTooNew)
                peer.Note($"headers dated too far ahead of our clock: {rejection.Message}");
            else if (rejection.Code == RejectCodes.ForkBelowSnapshot)
                peer.Note($"headers on a branch we cannot follow: {rejection}"); // not invalid, only deeper than our snapshot
            else
            {
                peer.Misbehaved(BanReasons.InvalidHeader, rejection.ToString());
                return;
            }
        }
        if (result.Last is { } last)
        {
            // Every header up to the last accepted one is now known, and the peer has them all.
            int accepted = Array.IndexOf(hashes, last.Hash);
            lock (_downloadSync)
            {
                for (int i = 0; i <= accepted; i++) _heights[hashes[i]] = last.Height - (uint)(accepted - i);
                _missingStale = true;
            }
            for (int i = 0; i <= accepted; i++) peer.KnownBlocks.Add(hashes[i]);
            if (last.Height > peer.BestKnownHeight) peer.BestKnownHeight = last.Height;
            if (result.Rejection is null && headers.Count == Commands.MaxHeadersPerMessage) RequestHeaders(peer, last.Hash);
        }
        PumpDownloads(refresh: true);
    }

    /// <summary>
    /// A branch that checked out but ends with too little work to store (a low-work header chain): if the peer has more
    /// of it (the message was full) it is kept and the rest asked for; if the peer's chain ends there, or the branch
    /// outgrows <see cref="NetworkOptions.MaxHeldHeaders"/>, it is dropped with a note. Neither is misbehaviour: an
    /// honest peer can sit on a stale branch. (A branch that also broke a rule is dropped by the caller, which handles the rule.)
    /// </summary>
    private void HoldLowWorkHeaders(Peer peer, HeldHeaders? wasHeld, HeldHeaders held, int received)
    {
        if (held.Count > Options.MaxHeldHeaders)
        {
            peer.Disconnect($"a header branch of over {Options.MaxHeldHeaders} headers with less work than ours (up to height {held.TipHeight})");
            return;
        }
        if (received == Commands.MaxHeadersPerMessage)
        {
            List<(Peer Peer, HeldHeaders Held)> dropped;
            lock (_heldSync)
            {
                // The cap dropped the branch these headers continued meanwhile: it stays dropped.
                if (wasHeld is not null && !ReferenceEquals(peer.HeldHeaders, wasHeld)) return;
                if (peer.HeldHeaders is null) peer.HeldSinceTicks = Clock.GetTimestamp();
                peer.HeldHeaders = held;
                dropped = EnforceHeldHeadersCap();
            }
            foreach (var (p, branch) in dropped)
            {
                p.Note($"a held header branch of {branch.Count} ending at height {branch.TipHeight} was dropped: the least work of the branches held for all peers, over {Options.MaxHeldHeadersTotal} headers in all");
                LogHeldHeadersDropped(p.Remote.ToString(), branch.Count, branch.TipHeight, Options.MaxHeldHeadersTotal);
            }
            if (ReferenceEquals(peer.HeldHeaders, held)) RequestHeaders(peer, held.TipHash);
        }
        else
        {
            peer.HeldHeaders = null;
            peer.Note($"a header branch of {held.Count} ending at height {held.TipHeight} has less work than ours: not stored");
        }
    }

    private readonly object _heldSync = new();

    /// <summary>Held headers across all connected peers.</summary>
    internal int HeldHeadersTotal
    {
        get { lock (_heldSync) return _peers.Values.Sum(p => p.HeldHeaders?.Count ?? 0); }
    }

    /// <summary>
    /// While the held headers of all peers pass <see cref="NetworkOptions.MaxHeldHeadersTotal"/>, drops the branch with
    /// the least work (the longest held among equals): memory stays bounded however many peers hold branches, and a
    /// branch closer to being stored outlives cheap ones. Under <see cref="_heldSync"/>; returns what was dropped.
    /// </summary>
    private List<(Peer, HeldHeaders)> EnforceHeldHeadersCap()
    {
        var dropped = new List<(Peer, HeldHeaders)>();
        // Each peer's read loop may clear its own branch meanwhile (stored, or broken): read each once, drop only that one.
        var holding = new List<(Peer Peer, HeldHeaders Branch)>();
        foreach (var p in _peers.Values)
            if (p.HeldHeaders is { } branch) holding.Add((p, branch));
        int total = holding.Sum(h => h.Branch.Count);
        foreach (var (p, branch) in holding.OrderBy(h => h.Branch.TipWork).ThenBy(h => h.Peer.HeldSinceTicks))
        {
            if (total <= Options.MaxHeldHeadersTotal) break;
            total -= branch.Count;
#pragma warning disable CS0420 // Interlocked on a volatile field: the exchange is atomic whatever the field's modifier
            if (ReferenceEquals(Interlocked.CompareExchange(ref p.HeldHeaders, null, branch), branch)) dropped.Add((p, branch));
#pragma warning restore CS0420
        }
        return dropped;
    }

    /// <summary>Asks the peer for the headers after ours (or after <paramref name="from"/>), unless a request is already out.</summary>
    private void RequestHeaders(Peer peer, Hash256? from = null)
    {
        if (peer.HeadersRequestedTicks != 0) return;
        peer.HeadersRequestedTicks = Clock.GetTimestamp();
        peer.Send(Commands.GetHeaders, new GetHeadersMessage(Locator(from), Hash256.Zero).Encode());
    }

    /// <summary>
    /// A block locator: <paramref name="from"/> and the best header when given, then the main chain from the tip, one by
    /// one for ten blocks and doubling the step after, ending with genesis.
    /// </summary>
    private List<Hash256> Locator(Hash256? from)
    {
        var locator = new List<Hash256>();
        if (from is { } f) locator.Add(f);
        var best = _ledger.BestHeader;
        if (!locator.Contains(best.Hash) && !_ledger.IsOnMainChain(best.Hash)) locator.Add(best.Hash);
        long height = _ledger.Tip.Height;
        long step = 1;
        while (height > 0 && locator.Count < Commands.MaxLocatorHashes - 1)
        {
            if (_ledger.BlockAt((uint)height) is { } p) locator.Add(p.Hash);
            if (locator.Count >= 10) step *= 2;
            height -= step;
        }
        locator.Add(_ledger.Genesis.Hash);
        return locator;
    }

    // ---- bodies ----

    /// <summary>Takes a delivered block off the books; true if it was asked of this peer.</summary>
    private bool BlockArrived(Peer peer, Hash256 hash)
    {
        lock (_downloadSync)
        {
            _arrived.Add(hash);
            _compact.Remove(hash);
            if (!_blocksInFlight.Remove(hash, out var f)) return false;
            f.Peer.BlocksInFlight--;
            if (f.Peer == peer) peer.LastBlockProgressTicks = Clock.GetTimestamp();
            return f.Peer == peer;
        }
    }

    private void BlockNotFound(Peer peer, Hash256 hash)
    {
        peer.MissingFromPeer.Add(hash);
        lock (_downloadSync)
        {
            if (_blocksInFlight.TryGetValue(hash, out var f) && f.Peer == peer)
            {
                _blocksInFlight.Remove(hash);
                peer.BlocksInFlight--;
                _scanFrom = 0;
            }
        }
    }

    private void ForgetDownloads(Peer peer)
    {
        lock (_downloadSync)
        {
            var mine = _blocksInFlight.Where(kv => kv.Value.Peer == peer).Select(kv => kv.Key).ToList();
            foreach (var h in mine) _blocksInFlight.Remove(h);
            peer.BlocksInFlight = 0;
            if (mine.Count > 0) _scanFrom = 0;
        }
    }

    /// <summary>
    /// Assigns missing bodies in the window to peers that can have them and have room, fewest in flight first, and
    /// sends each peer one getdata.
    /// </summary>
    internal void PumpDownloads(bool refresh = false)
    {
        if (_stop.IsCancellationRequested) return;
        var ready = ReadyPeers().ToList();
        if (ready.Count == 0) return;
        Dictionary<Peer, List<InventoryItem>>? requests = null;
        lock (_downloadSync)
        {
            long now = Clock.GetTimestamp();
            // Re-read the window when headers or the tip moved (at most 4 times a second otherwise), or when it ran dry.
            if (_snapshotPending) SnapshotWindow();
            else if (_missingStale && (refresh || Clock.GetElapsedTime(_missingReadTicks, now) > TimeSpan.FromMilliseconds(250)) || _missing.Count == _arrived.Count)
            {
                _missing = _ledger.MissingBlocks(Options.DownloadWindow, backfill: Options.Backfill).ToList();
                _arrived.Clear();
                _scanFrom = 0;
                _missingStale = false;
                _missingReadTicks = now;
                if (_heights.Count > 4 * Options.DownloadWindow + 10_000) PruneHeights();
            }
            if (_missing.Count == 0) return;
            int capacity = ready.Sum(p => Math.Max(0, Options.MaxBlocksInFlightPerPeer - p.BlocksInFlight));
            uint tipHeight = _ledger.Tip.Height;
            // Below our snapshot (backfill) only peers that serve every block (service bit 0) have the bodies: another
            // snapshot node answers notfound. With no such peer, those bodies wait for one to connect.
            uint floor = _ledger.ValidatedFrom?.Height ?? 0;
            while (_scanFrom < _missing.Count && (_blocksInFlight.ContainsKey(_missing[_scanFrom]) || _arrived.Contains(_missing[_scanFrom]))) _scanFrom++;
            for (int k = _scanFrom; k < _missing.Count; k++)
            {
                var hash = _missing[k];
                if (capacity == 0) break;
                if (_blocksInFlight.ContainsKey(hash) || _arrived.Contains(hash)) continue;
                uint? height = _heights.TryGetValue(hash, out var h) ? h : _ledger.FindHeader(hash)?.Height;
                bool belowFloor = height < floor;
                Peer? best = null;
                foreach (var p in ready)
                {
                    if (p.BlocksInFlight >= Options.MaxBlocksInFlightPerPeer || p.IsClosed || p.MissingFromPeer.Contains(hash)) continue;
                    if (belowFloor && !ServesEveryBlock(p)) continue;
                    bool has = p.KnownBlocks.Contains(hash) || (height is { } hh ? p.BestKnownHeight >= hh : p.BestKnownHeight > tipHeight);
                    if (has && (best is null || p.BlocksInFlight < best.BlocksInFlight)) best = p;
                }
                if (best is null) continue;
                if (best.BlocksInFlight == 0) best.LastBlockProgressTicks = now;
                best.BlocksInFlight++;
                capacity--;
                _blocksInFlight[hash] = (best, now);
                requests ??= [];
                if (!requests.TryGetValue(best, out var list)) requests[best] = list = [];
                list.Add(new InventoryItem(InventoryType.Block, hash));
            }
        }
        if (requests is null) return;
        foreach (var (peer, items) in requests) peer.Send(Commands.GetData, InventoryMessage.Encode(items));
    }

    private static bool ServesEveryBlock(Peer p) => p.Version is { } v && (v.Services & VersionMessage.FullBlocks) != 0;

    private void PruneHeights()
    {
        uint tip = _ledger.Tip.Height;
        var old = _heights.Where(kv => kv.Value + 100 < tip).Select(kv => kv.Key).ToList();
        foreach (var h in old) _heights.Remove(h);
    }

    /// <summary>A peer with blocks in flight that delivered none of them for the stall timeout is dropped.</summary>
    private void CheckStalls(long now)
    {
        List<Peer>? stalling = null;
        lock (_downloadSync)
        {
            foreach (var p in _peers.Values)
                if (p.BlocksInFlight > 0 && Clock.GetElapsedTime(p.LastBlockProgressTicks, now) > Options.BlockStallTimeout)
                    (stalling ??= []).Add(p);
        }
        if (stalling is null) return;
        foreach (var p in stalling)
        {
            p.Note($"stalled: {p.BlocksInFlight} block(s) in flight, none delivered for {Options.BlockStallTimeout.TotalSeconds:0.#} s");
            Book.Failed(p.Remote);
            p.Disconnect($"stalling: no block delivered for {Options.BlockStallTimeout.TotalSeconds:0.#} s with {p.BlocksInFlight} in flight");
        }
    }
}
