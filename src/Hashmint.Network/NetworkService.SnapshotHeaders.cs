using System.Net;
using System.Numerics;
using Hashmint.Network.Peers;
using Microsoft.Extensions.Logging;

namespace Hashmint.Network;

/// <summary>
/// Snapshot sync, the headers wait's bound: a peer whose headers do not reach the work its version announced stops
/// counting for the wait (docs/NETWORK.md, "Running from a snapshot").
/// </summary>
public sealed partial class NetworkService
{
    /// <summary>Addresses whose peers did not deliver headers up to the work they announced, while the snapshot sync waits for headers.</summary>
    private readonly Dictionary<IPAddress, string> _shortOfWork = []; // under itself

    private bool FellShort(Peer peer)
    {
        lock (_shortOfWork) return _shortOfWork.ContainsKey(peer.Remote.Address);
    }

    /// <summary>
    /// After a peer answered our getheaders: if our best header still has less work than the peer announced, and we did
    /// not ask it again after an answer that made progress (a full message that raised our best header's work or grew
    /// the branch held for it), the peer no longer counts for the snapshot's headers wait. Every answer either ends
    /// this way or adds headers (real proof of work, or a held branch capped at <see cref="NetworkOptions.MaxHeldHeaders"/>),
    /// so a peer that lies about its work delays the wait by a round trip, not forever; an honest peer is waited for
    /// as long as it delivers.
    /// </summary>
    private void CheckHeadersAnswer(Peer peer, BigInteger workBefore, int heldBefore)
    {
        // A peer closed meanwhile (banned, or past MaxHeldHeaders) is judged too: reconnecting must not start it over.
        if (!_snapshotPending || peer.Version is not { } v) return;
        var best = _ledger.BestHeader.ChainWork;
        if (best >= v.BestWork) return;
        bool progress = best > workBefore || (peer.HeldHeaders?.Count ?? 0) > heldBefore;
        if (peer.HeadersRequestedTicks != 0 && progress) return;
        MarkShortOfWork(peer, $"its headers left our best header at work {best}, below the {v.BestWork} it announced");
    }

    /// <summary>
    /// A peer that goes away (any timeout, a ban, or it left) before our best header reached the work it announced no
    /// longer counts for the snapshot's headers wait: by address, so reconnecting does not make the wait start over.
    /// </summary>
    private void HeadersShortAtDisconnect(Peer peer)
    {
        if (!_snapshotPending || _stop.IsCancellationRequested || !peer.Ready || peer.Version is not { } v) return;
        var best = _ledger.BestHeader.ChainWork;
        if (v.BestWork <= best) return;
        MarkShortOfWork(peer, $"it disconnected ({peer.DisconnectReason}) with our best header at work {best}, below the {v.BestWork} it announced");
    }

    private void MarkShortOfWork(Peer peer, string why)
    {
        lock (_shortOfWork)
            if (!_shortOfWork.TryAdd(peer.Remote.Address, why)) return;
        peer.Note($"not waited for by the snapshot sync: {why}");
        LogSnapshotPeerShort(peer.Remote.ToString(), why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "snapshot sync: no longer waiting for the headers of peer {Address}: {Reason}")]
    private partial void LogSnapshotPeerShort(string address, string reason);
}
