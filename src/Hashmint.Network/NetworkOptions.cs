using System.Net;

namespace Hashmint.Network;

/// <summary>How the peer-to-peer service runs. Defaults are for real networks; tests shorten the timeouts.</summary>
public sealed record NetworkOptions
{
    /// <summary>Where to accept inbound connections; null: none (outbound only). Port 0 picks a free port.</summary>
    public IPEndPoint? Listen { get; init; }
    /// <summary>Addresses always kept connected (reconnected with back-off), before any learnt from gossip.</summary>
    public IReadOnlyList<IPEndPoint> Peers { get; init; } = [];
    /// <summary>The peer database (addresses and bans), kept across restarts; null: in memory only.</summary>
    public string? PeerFile { get; init; }
    public string UserAgent { get; init; } = "/hashmint:0.1/";

    public int MaxOutbound { get; init; } = 8;
    public int MaxInbound { get; init; } = 117;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>No complete message from the peer for this long ends the connection.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>A getheaders must be answered (a headers message, empty if need be) within this.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A peer with blocks in flight that delivers none of them for this long is stalling: dropped, its blocks re-assigned.</summary>
    public TimeSpan BlockStallTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>A transaction asked for and not delivered in this time may be asked of another peer.</summary>
    public TimeSpan TransactionRequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromHours(24);
    /// <summary>How often the service checks timeouts, assigns downloads, trickles transaction announcements.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Blocks requested from one peer at a time.</summary>
    public int MaxBlocksInFlightPerPeer { get; init; } = 16;
    /// <summary>Bodies are fetched within this many blocks after the first missing one.</summary>
    public int DownloadWindow { get; init; } = 1024;
    /// <summary>Bytes queued to a peer that does not read before the connection is dropped.</summary>
    public long MaxSendQueueBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Transaction announcements sent to one peer per second (the rest wait their turn).</summary>
    public int TransactionAnnouncementsPerSecond { get; init; } = 1000;
    /// <summary>What one peer may send: messages per second (requested blocks and headers do not count), with a burst.</summary>
    public double MessagesPerSecond { get; init; } = 5000;
    public double MessageBurst { get; init; } = 20_000;
    /// <summary>Transactions (inventory entries or bodies) one peer may send per second, with a burst.</summary>
    public double TransactionsPerSecond { get; init; } = 1000;
    public double TransactionBurst { get; init; } = 10_000;
    /// <summary>Gossiped addresses taken from one peer per second, with a burst; the rest are ignored (not a ban).</summary>
    public double AddressesPerSecond { get; init; } = 0.1;
    public double AddressBurst { get; init; } = 1000;

    /// <summary>Offer and send new blocks as compact blocks to peers that take them (service bit 1).</summary>
    public bool CompactBlocks { get; init; } = true;

    /// <summary>Answer getstate with proven chunks of the tip's state and of the snapshot heights' (service bit 2).</summary>
    public bool ServeState { get; init; } = true;
    /// <summary>A getstate must be answered within this, or the connection ends (not a ban).</summary>
    public TimeSpan StateChunkTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Snapshot download: the depth of the first chunks (2^depth of them); a chunk over the cap is split in two.</summary>
    public int StateStartDepth { get; init; } = 4;
    /// <summary>Snapshot download: chunks split no deeper than this (a peer's "too large" past it is a protocol violation).</summary>
    public int StateMaxDepth { get; init; } = 24;
    /// <summary>Snapshot download: chunks asked of one serving peer at a time (every ready serving peer is asked).</summary>
    public int StateChunksInFlightPerPeer { get; init; } = 2;
    /// <summary>
    /// Serving getstate: the answer bytes one peer may take per second, with a burst (a "too large" refusal counts as
    /// the cap it scanned, any request as at least <see cref="GetStateMinCost"/>). A peer past it is answered later,
    /// not refused: its getstates wait in its queue until the budget refills.
    /// </summary>
    public double GetStateBytesPerSecond { get; init; } = 16 * 1024 * 1024;
    public double GetStateBurstBytes { get; init; } = 32 * 1024 * 1024;
    /// <summary>
    /// Serving getstate: the answer bytes all peers together may take per second, with a burst — every answer takes
    /// the ledger's lock, so without it many peers, each within its own budget, could keep blocks waiting. Four peers'
    /// worth by default; past it answers wait in their peers' queues as above.
    /// </summary>
    public double GetStateNodeBytesPerSecond { get; init; } = 64 * 1024 * 1024;
    public double GetStateNodeBurstBytes { get; init; } = 64 * 1024 * 1024;
    /// <summary>What a getstate counts against the budget at least (the ledger lock and a proof, whatever the answer's size).</summary>
    public int GetStateMinCost { get; init; } = 16 * 1024;
    /// <summary>Getstates of one peer waiting to be answered (the one in progress included); one more is refused at once (status unavailable).</summary>
    public int MaxGetStateQueued { get; init; } = 8;

    /// <summary>
    /// Headers of a low-work branch held for one peer while it shows whether the branch gains enough work to store
    /// (a few hundred bytes each); past this the branch is dropped and the peer disconnected.
    /// </summary>
    public int MaxHeldHeaders { get; init; } = 20_000;
    /// <summary>
    /// Held low-work headers across all peers; past this the peer whose held branch has the least work (the longest
    /// held among equals) loses it, noted, not banned nor disconnected.
    /// </summary>
    public int MaxHeldHeadersTotal { get; init; } = 100_000;

    /// <summary>
    /// Snapshot sync: a fresh node takes headers, downloads the proven state at a recent block and starts its ledger
    /// from it, then syncs the blocks above it (a ledger that is not fresh ignores this).
    /// </summary>
    public bool SnapshotSync { get; init; }
    /// <summary>Snapshot sync: take the newest snapshot height at least this many blocks below the best header (the best header itself while the chain is shorter).</summary>
    public int SnapshotDepth { get; init; } = 100;
    /// <summary>
    /// The snapshot heights' spacing: servers keep the state of the newest multiples of it, clients ask for one. Every
    /// node of a network must use the same; null: the network's (<see cref="SnapshotHeights.DefaultInterval"/>).
    /// </summary>
    public int? SnapshotInterval { get; init; }
    /// <summary>Snapshot sync: the snapshot block's body must arrive within this, or the attempt starts over.</summary>
    public TimeSpan SnapshotBodyTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Snapshot sync: the wait before a failed round (every candidate block failed) starts again.</summary>
    public TimeSpan SnapshotRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On a node started from a snapshot: download the bodies below it (after those above it), check each against its
    /// header and store it; once all are here, replay them from genesis in the background to confirm the snapshot.
    /// </summary>
    public bool Backfill { get; init; } = true;

    /// <summary>Addresses kept in the peer database.</summary>
    public int MaxAddresses { get; init; } = 10_000;
}
