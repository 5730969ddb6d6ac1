using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Network.Peers;
using Hashmint.Network.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Network;

/// <summary>Something happened to a peer: connected, disconnected (with why) or banned (with the reason).</summary>
public sealed record PeerEvent(string Kind, string Address, string Direction, string? Detail);

/// <summary>One connected peer as the API shows it.</summary>
public sealed record PeerInfo(int Id, string Address, string? ListenAddress, string Direction, string? UserAgent, uint ProtocolVersion,
    uint Height, double? PingMs, long BytesSent, long BytesReceived, long BlocksReceived, long BlocksSent, long TransactionsReceived,
    long TransactionsSent, int BlocksInFlight, DateTimeOffset ConnectedAt, bool HandshakeComplete, IReadOnlyList<string> Misbehaviour);

/// <summary>The network as a whole: where it listens, the peers, the bans with their reasons, and addresses known.</summary>
public sealed record NetworkStatus(string? Listening, IReadOnlyList<PeerInfo> Peers, IReadOnlyList<BanEntry> Banned, int KnownAddresses, StateServingStatus StateServing);

/// <summary>
/// What this node serves of its state (docs/NETWORK.md, "Snapshot heights"): whether it answers getstate, the
/// interval, the snapshot heights answered for now besides the tip (newest first), those whose index is built, and the
/// getstates answered (proofs made) and refused (a peer's queue full).
/// </summary>
public sealed record StateServingStatus(bool Serving, int Interval, IReadOnlyList<uint> Heights, IReadOnlyList<uint> Indexed, long Answered, long Refused);

/// <summary>
/// The peer-to-peer node: accepts and makes connections (limits, bans, the peer database), syncs headers first and
/// downloads bodies from several peers in a moving window, relays blocks (announced by header) and transactions (by
/// inventory), gossips addresses. Everything reaches the chain through the <see cref="LedgerFacade"/>: headers via
/// <c>ProcessPeerHeaders</c> (which keeps low-work branches out of the index), bodies via <c>SubmitBlock</c>, transactions via <c>SubmitTransaction</c>. The wire protocol
/// is docs/NETWORK.md.
/// </summary>
public sealed partial class NetworkService : IAsyncDisposable
{
    private readonly LedgerFacade _ledger;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<int, Peer> _peers = new();
    private readonly HashSet<string> _connecting = [];
    private readonly object _connectSync = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private Task? _tickLoop;
    private int _nextId;
    private int _started;
    private long _ticks;

    public NetworkService(LedgerFacade ledger, NetworkOptions options, ILoggerFactory? logs = null, TimeProvider? clock = null)
    {
        _ledger = ledger;
        Options = options;
        Clock = clock ?? TimeProvider.System;
        _log = (ILogger?)logs?.CreateLogger<NetworkService>() ?? NullLogger.Instance;
        Magic = ledger.Network.ChainId;
        Book = new PeerBook(options.PeerFile, options.MaxAddresses, Clock);
        foreach (var p in options.Peers) Book.Add(p, "config");
        _recentlyRejected = new KnownSet(50_000);
        _ledger.ChainUpdated += OnChainUpdated;
        _ledger.TransactionAccepted += OnTransactionAccepted;
    }

    public NetworkOptions Options { get; }

    /// <summary>The snapshot heights' spacing in effect (the option, else the network's default).</summary>
    public int SnapshotInterval => Options.SnapshotInterval ?? SnapshotHeights.DefaultInterval(_ledger.Network);
    public TimeProvider Clock { get; }
    public PeerBook Book { get; }
    /// <summary>The frame magic: the network's chain id.</summary>
    public uint Magic { get; }
    /// <summary>Where inbound connections are accepted (the real port when <see cref="NetworkOptions.Listen"/> asked for 0).</summary>
    public IPEndPoint? ListenEndPoint { get; private set; }

    public event Action<PeerEvent>? PeerEvent;

    // ---- lifecycle ----

    public Task StartAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("the network service is already started");
        if (Options.Listen is { } listen)
        {
            var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(listen);
                socket.Listen(128);
            }
            catch (SocketException)
            {
                socket.Dispose();
                throw;
            }
            _listener = socket;
            ListenEndPoint = (IPEndPoint)socket.LocalEndPoint!;
            LogListening(ListenEndPoint.ToString());
            _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        }
        if (Options.SnapshotSync) StartSnapshotSync();
        _tickLoop = Task.Run(TickLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener?.Dispose();
        foreach (var p in _peers.Values) p.Disconnect("the node is shutting down");
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        if (_tickLoop is not null) await _tickLoop.ConfigureAwait(false);
        await StopSnapshotAsync().ConfigureAwait(false);
        _ledger.ChainUpdated -= OnChainUpdated;
        _ledger.TransactionAccepted -= OnTransactionAccepted;
        SaveBook();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Adds an address to keep connected (as <c>--peer</c> does); the next tick dials it.</summary>
    public void AddPeer(IPEndPoint endPoint) => Book.Add(endPoint, "config");

    public NetworkStatus Status()
    {
        var peers = _peers.Values.OrderBy(p => p.Id).Select(p => new PeerInfo(p.Id, p.Remote.ToString(), p.ListenEndPoint?.ToString(),
            p.Direction == PeerDirection.Inbound ? "inbound" : "outbound", p.Version?.UserAgent, p.Version?.ProtocolVersion ?? 0, p.BestKnownHeight,
            p.PingMicros < 0 ? null : Math.Round(p.PingMicros / 1000.0, 3), Interlocked.Read(ref p.BytesSent), Interlocked.Read(ref p.BytesReceived),
            Interlocked.Read(ref p.BlocksReceived), Interlocked.Read(ref p.BlocksSent), Interlocked.Read(ref p.TransactionsReceived),
            Interlocked.Read(ref p.TransactionsSent), p.BlocksInFlight, p.ConnectedAt, p.Ready, p.Notes)).ToList();
        return new NetworkStatus(ListenEndPoint?.ToString(), peers, Book.Bans(), Book.Count, StateServing());
    }

    internal IReadOnlyCollection<Peer> Peers => (IReadOnlyCollection<Peer>)_peers.Values;

    private IEnumerable<Peer> ReadyPeers() => _peers.Values.Where(p => p.Ready && !p.IsClosed);

    // ---- connections ----

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                LogAcceptFailed(e.Message);
                continue;
            }
            var remote = PeerBook.Normalise((IPEndPoint)socket.RemoteEndPoint!);
            if (Book.BanOf(remote.Address) is { } ban)
            {
                LogRefusedBanned(remote.ToString(), ban.Reason);
                socket.Dispose();
                continue;
            }
            if (_peers.Values.Count(p => p.Direction == PeerDirection.Inbound) >= Options.MaxInbound && !EvictInbound())
            {
                LogRefusedFull(remote.ToString());
                socket.Dispose();
                continue;
            }
            StartSocketPeer(socket, remote, PeerDirection.Inbound);
        }
    }

    /// <summary>
    /// Makes room for a new inbound peer: protects the four that delivered the most blocks, the four with the lowest
    /// ping and the four that delivered the most transactions, and drops the youngest of the rest. False if all are protected.
    /// </summary>
    private bool EvictInbound()
    {
        var inbound = _peers.Values.Where(p => p.Direction == PeerDirection.Inbound && !p.IsClosed).ToList();
        var protectedIds = new HashSet<int>();
        foreach (var p in inbound.OrderByDescending(p => p.BlocksReceived).Take(4)) protectedIds.Add(p.Id);
        foreach (var p in inbound.Where(p => p.PingMicros >= 0).OrderBy(p => p.PingMicros).Take(4)) protectedIds.Add(p.Id);
        foreach (var p in inbound.OrderByDescending(p => p.TransactionsReceived).Take(4)) protectedIds.Add(p.Id);
        var victim = inbound.Where(p => !protectedIds.Contains(p.Id)).OrderByDescending(p => p.ConnectedTicks).FirstOrDefault();
        if (victim is null) return false;
        victim.Disconnect("evicted to make room for a new inbound peer");
        return true;
    }

    private void MaintainOutbound()
    {
        int outbound;
        lock (_connectSync) outbound = _peers.Values.Count(p => p.Direction == PeerDirection.Outbound && !p.IsClosed) + _connecting.Count;
        if (outbound >= Options.MaxOutbound) return;
        var connected = new HashSet<string>();
        foreach (var p in _peers.Values)
        {
            connected.Add(PeerBook.Key(p.Remote));
            if (p.ListenEndPoint is { } l) connected.Add(PeerBook.Key(l));
        }
        string? self = ListenEndPoint is { } me ? PeerBook.Key(me) : null;
        foreach (var candidate in Book.Candidates(e => connected.Contains(PeerBook.Key(e)) || PeerBook.Key(e) == self))
        {
            if (outbound >= Options.MaxOutbound) break;
            string key = PeerBook.Key(candidate);
            lock (_connectSync)
            {
                if (!_connecting.Add(key)) continue;
            }
            outbound++;
            Book.Attempted(candidate);
            _ = ConnectAsync(candidate, key);
        }
    }

    private async Task ConnectAsync(IPEndPoint remote, string key)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Dial from the address we listen on, so peers see (and can gossip) the address that reaches us.
            if (Options.Listen is { } l && !l.Address.Equals(IPAddress.Any) && !l.Address.Equals(IPAddress.IPv6Any) && l.AddressFamily == remote.AddressFamily)
                socket.Bind(new IPEndPoint(l.Address, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(Options.ConnectTimeout);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            Book.Failed(remote);
            lock (_connectSync) _connecting.Remove(key);
            if (!_stop.IsCancellationRequested) LogConnectFailed(remote.ToString(), e is OperationCanceledException ? "timed out" : e.Message);
            return;
        }
        lock (_connectSync) _connecting.Remove(key);
        if (_stop.IsCancellationRequested)
        {
            socket.Dispose();
            return;
        }
        StartSocketPeer(socket, remote, PeerDirection.Outbound);
    }

    private void StartSocketPeer(Socket socket, IPEndPoint remote, PeerDirection direction)
    {
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        Attach(reader, writer, remote, direction, () =>
        {
            try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            reader.Complete();
            writer.Complete();
            stream.Dispose();
        });
    }

    /// <summary>Runs the protocol over any duplex byte stream (a socket, or in-memory pipes in tests and simulations).</summary>
    internal Peer Attach(PipeReader reader, PipeWriter writer, IPEndPoint remote, PeerDirection direction, Action close)
    {
        int id = Interlocked.Increment(ref _nextId);
        var peer = new Peer(this, id, remote, direction, reader, writer, close, NewNonce());
        _peers[id] = peer;
        if (_stop.IsCancellationRequested)
        {
            peer.Disconnect("the node is shutting down");
            return peer;
        }
        _ = Task.Run(() => peer.RunAsync(OurVersion(peer.LocalNonce)), CancellationToken.None);
        return peer;
    }

    private static ulong NewNonce()
    {
        ulong n;
        do n = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue); while (n == 0);
        return n;
    }

    /// <summary>Our version for one connection: the best height and work are the tip's (what we can serve).</summary>
    private VersionMessage OurVersion(ulong nonce)
    {
        var tip = _ledger.Tip;
        return new VersionMessage(VersionMessage.CurrentProtocol, _ledger.Network.ChainId, _ledger.Genesis.Hash, OurServices(),
            (ulong)Clock.GetUtcNow().ToUnixTimeSeconds(), (ushort)(ListenEndPoint?.Port ?? 0), nonce, Options.UserAgent, tip.Height, tip.ChainWork);
    }

    /// <summary>Our service bits now (a connection's version takes them at its handshake).</summary>
    private ulong OurServices()
    {
        // A node that started from a snapshot serves every block only once every body below it is here and the
        // replay from genesis confirmed the snapshot; until then it does not claim to.
        bool everyBlock = _ledger.ValidatedFrom is null || _ledger.Backfill is { Missing: 0, Verified: true };
        return (everyBlock ? VersionMessage.FullBlocks : 0) | (Options.CompactBlocks ? VersionMessage.CompactBlocks : 0) | (Options.ServeState ? VersionMessage.StateChunks : 0);
    }

    /// <summary>The version handshake's checks; a refusal is a reason to disconnect (not a ban: the peer is on another network, or is us).</summary>
    internal string? CheckVersion(Peer peer, VersionMessage v)
    {
        if (v.ChainId != _ledger.Network.ChainId) return $"incompatible: chain id {v.ChainId:x8}, this is {_ledger.Network.Name} ({_ledger.Network.ChainId:x8})";
        if (v.Genesis != _ledger.Genesis.Hash) return $"incompatible: genesis {v.Genesis}, ours is {_ledger.Genesis.Hash}";
        if (v.ProtocolVersion < VersionMessage.MinimumProtocol) return $"incompatible: protocol version {v.ProtocolVersion}, at least {VersionMessage.MinimumProtocol} needed";
        foreach (var other in _peers.Values)
        {
            if (other.LocalNonce != v.Nonce) continue;
            // The version carries a nonce of one of our own connections: we dialled ourselves.
            if (other.Direction == PeerDirection.Outbound)
            {
                Book.MarkSelf(other.Remote);
                other.Disconnect("self-connection: this address is our own");
            }
            if (peer.Direction == PeerDirection.Outbound) Book.MarkSelf(peer.Remote);
            return "self-connection: the version carries our own nonce";
        }
        return null;
    }

    internal BanEntry BanPeer(Peer peer, string reason, string detail)
    {
        var entry = Book.Ban(peer.Remote.Address, reason, detail, Options.BanDuration);
        LogBanned(peer.Remote.ToString(), reason, detail);
        Raise(new PeerEvent("banned", peer.Remote.ToString(), DirectionName(peer), $"{reason}: {detail}"));
        foreach (var other in _peers.Values)
            if (other != peer && other.Remote.Address.Equals(peer.Remote.Address)) other.Disconnect($"address banned: {reason}");
        SaveBook();
        return entry;
    }

    internal void OnDisconnected(Peer peer)
    {
        _peers.TryRemove(peer.Id, out _);
        HeadersShortAtDisconnect(peer);
        ForgetDownloads(peer);
        ForgetCompact(peer);
        ForgetTransactionRequests(peer);
        ForgetStateRequests(peer);
        if (peer.Ready) LogDisconnected(peer.Remote.ToString(), peer.DisconnectReason ?? "");
        else LogHandshakeFailed(peer.Remote.ToString(), peer.DisconnectReason ?? "");
        if (peer.Direction == PeerDirection.Outbound && !peer.Ready) Book.Failed(peer.Remote);
        Raise(new PeerEvent("disconnected", peer.Remote.ToString(), DirectionName(peer), peer.DisconnectReason));
        if (!_stop.IsCancellationRequested) PumpDownloads();
    }

    internal void OnReady(Peer peer)
    {
        var v = peer.Version!;
        LogConnected(peer.Remote.ToString(), DirectionName(peer), v.UserAgent, v.BestHeight);
        Raise(new PeerEvent("connected", peer.Remote.ToString(), DirectionName(peer), $"{v.UserAgent} at height {v.BestHeight}"));
        if (peer.Direction == PeerDirection.Outbound)
        {
            Book.Succeeded(peer.Remote);
            peer.Send(Commands.GetAddr, []);
        }
        else if (peer.ListenEndPoint is { } reachable) Book.Add(reachable, "inbound");
        if (ListenEndPoint is { } me && !me.Address.Equals(IPAddress.Any) && !me.Address.Equals(IPAddress.IPv6Any))
            peer.Send(Commands.Addr, AddrMessage.Encode([new NetAddress((ulong)Clock.GetUtcNow().ToUnixTimeSeconds(), OurServices(), me)]));
        if (v.BestWork > _ledger.BestHeader.ChainWork || v.BestHeight > _ledger.BestHeader.Height) RequestHeaders(peer);
        // A peer that joins late gets our pending transactions announced, at the usual rate.
        foreach (var tx in _ledger.PendingTransactions()) QueueAnnouncement(peer, tx.Id);
        if (ServesState(peer)) WakeStateDownloads();
    }

    private static string DirectionName(Peer p) => p.Direction == PeerDirection.Inbound ? "inbound" : "outbound";

    private void Raise(PeerEvent e)
    {
        var handlers = PeerEvent;
        if (handlers is null) return;
        foreach (var h in handlers.GetInvocationList().Cast<Action<PeerEvent>>())
        {
            try { h(e); }
            catch (Exception ex) { LogSubscriberFailed(ex); }
        }
    }

    private void SaveBook()
    {
        try { Book.Save(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { LogBookSaveFailed(e.Message); }
    }

    // ---- the tick: timeouts, stalls, downloads, trickled announcements, outbound connections ----

    private async Task TickLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.Tick, Clock);
        int perSecond = Math.Max(1, (int)Math.Round(1 / Options.Tick.TotalSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try { Tick(perSecond); }
                catch (Exception e) { LogTickFailed(e); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private void Tick(int ticksPerSecond)
    {
        long n = ++_ticks;
        long now = Clock.GetTimestamp();
        foreach (var p in _peers.Values) p.CheckTimeouts(now);
        CheckStalls(now);
        ExpireTransactionRequests(now);
        FlushAnnouncements();
        PumpDownloads(refresh: n % Math.Max(1, ticksPerSecond / 4) == 0);
        MaybeVerifySnapshot();
        if (n % ticksPerSecond == 1 || ticksPerSecond == 1) MaintainOutbound();
        if (n % (30 * ticksPerSecond) == 0) SaveBook();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "peer {Address}: dropped its held low-work header branch of {Count} ending at height {Height}: the least work held while all peers' held headers passed {Cap}")]
    private partial void LogHeldHeadersDropped(string address, int count, uint height, int cap);

    [LoggerMessage(Level = LogLevel.Information, Message = "p2p listening on {EndPoint}")]
    private partial void LogListening(string endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "peer {Address} connected ({Direction}, {UserAgent}, height {Height})")]
    private partial void LogConnected(string address, string direction, string userAgent, uint height);

    [LoggerMessage(Level = LogLevel.Information, Message = "peer {Address} disconnected: {Reason}")]
    private partial void LogDisconnected(string address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "peer {Address} dropped before the handshake: {Reason}")]
    private partial void LogHandshakeFailed(string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "peer {Address} banned: {Reason}: {Detail}")]
    private partial void LogBanned(string address, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "connection to {Address} failed: {Why}")]
    private partial void LogConnectFailed(string address, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "refused {Address}: banned ({Reason})")]
    private partial void LogRefusedBanned(string address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "refused {Address}: inbound connections are full")]
    private partial void LogRefusedFull(string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "accepting a connection failed: {Why}")]
    private partial void LogAcceptFailed(string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "the network tick failed")]
    private partial void LogTickFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "a peer event subscriber failed")]
    private partial void LogSubscriberFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "saving the peer database failed: {Why}")]
    private partial void LogBookSaveFailed(string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "handling '{Command}' from {Address} failed")]
    private partial void LogHandlerFailed(Exception e, string command, string address);
}
