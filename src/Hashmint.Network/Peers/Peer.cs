using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Peers;

public enum PeerDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// One connection: frames read from and written to a duplex pipe (a TCP socket, or an in-memory pipe in simulations),
/// the version handshake, ping/pong, per-peer limits and statistics. Everything a message means beyond that is the
/// <see cref="NetworkService"/>'s. Reads run on one loop (messages are handled in order, one at a time); writes are
/// queued and written by another loop, so a slow reader never blocks the node, and a peer that stops reading is
/// dropped once its queue passes the cap.
/// </summary>
internal sealed class Peer
{
    private readonly NetworkService _net;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Action _close;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _cts = new();
    private readonly TimeProvider _clock;
    private readonly List<string> _notes = [];
    private int _closed;
    private long _queuedBytes;

    public Peer(NetworkService net, int id, IPEndPoint remote, PeerDirection direction, PipeReader reader, PipeWriter writer, Action close, ulong localNonce)
    {
        _net = net;
        Id = id;
        Remote = PeerBook.Normalise(remote);
        Direction = direction;
        _reader = reader;
        _writer = writer;
        _close = close;
        LocalNonce = localNonce;
        _clock = net.Clock;
        var o = net.Options;
        Messages = new TokenBucket(o.MessagesPerSecond, o.MessageBurst, _clock);
        Transactions = new TokenBucket(o.TransactionsPerSecond, o.TransactionBurst, _clock);
        Addresses = new TokenBucket(o.AddressesPerSecond, o.AddressBurst, _clock);
        StateBytes = new TokenBucket(o.GetStateBytesPerSecond, o.GetStateBurstBytes, _clock);
        ConnectedAt = _clock.GetUtcNow();
        ConnectedTicks = LastMessageTicks = _clock.GetTimestamp();
    }

    public int Id { get; }
    public IPEndPoint Remote { get; }
    public PeerDirection Direction { get; }
    public ulong LocalNonce { get; }
    public DateTimeOffset ConnectedAt { get; }
    public long ConnectedTicks { get; }
    public CancellationToken Closing => _cts.Token;
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public VersionMessage? Version { get; private set; }
    public bool VerackReceived { get; private set; }
    public volatile bool Ready;
    /// <summary>Where the peer accepts connections: the address dialled, or (inbound) its IP and the port its version gave.</summary>
    public IPEndPoint? ListenEndPoint => Direction == PeerDirection.Outbound ? Remote
        : Version is { ListenPort: > 0 } v ? new IPEndPoint(Remote.Address, v.ListenPort) : null;

    public string? DisconnectReason { get; private set; }
    public BanEntry? Ban { get; private set; }

    // statistics
    public long BytesSent;
    public long BytesReceived;
    public long BlocksReceived;
    public long BlocksSent;
    public long TransactionsReceived;
    public long TransactionsSent;
    public long PingMicros = -1;

    // ping
    private ulong _pingNonce;
    private long _pingSentTicks;
    private long _nextPingTicks;

    // what the service tracks per peer
    public long LastMessageTicks;
    /// <summary>The highest block we know the peer has: its version's height, then headers and blocks it sent.</summary>
    public uint BestKnownHeight;
    public readonly KnownSet KnownBlocks = new(100_000);
    public readonly KnownSet KnownTransactions = new(100_000);
    public readonly KnownSet KnownAddresses = new(10_000);
    /// <summary>Blocks and transactions we sent this peer: never sent twice.</summary>
    public readonly KnownSet SentItems = new(100_000);
    /// <summary>Blocks it said it does not have (notfound): not asked of it again.</summary>
    public readonly KnownSet MissingFromPeer = new(10_000);
    public readonly TokenBucket Messages;
    public readonly TokenBucket Transactions;
    public readonly TokenBucket Addresses;
    /// <summary>Getstate answer bytes this peer may still take (see <see cref="NetworkOptions.GetStateBytesPerSecond"/>).</summary>
    public readonly TokenBucket StateBytes;
    /// <summary>Its getstates waiting to be answered, and whether a task is answering them; under the queue's lock.</summary>
    public readonly Queue<GetStateMessage> GetStates = new();
    public bool ServingState;
    public bool AnsweredGetAddr;
    /// <summary>When we sent a getheaders still unanswered (0: none).</summary>
    public long HeadersRequestedTicks;
    /// <summary>A branch of its headers that checked out but has too little work to store yet (set by its message loop, dropped by the node-wide cap; written under the service's held lock).</summary>
    public volatile Hashmint.Ledger.Chain.HeldHeaders? HeldHeaders;
    /// <summary>When the held branch was first held (the cap drops the longest held among equal work first).</summary>
    public long HeldSinceTicks;
    /// <summary>Download bookkeeping, under the downloader's lock.</summary>
    public int BlocksInFlight;
    public long LastBlockProgressTicks;
    /// <summary>Transaction ids waiting to be announced (trickled at the per-peer rate), under <see cref="TxQueueLock"/>.</summary>
    public readonly Queue<Hash256> TxAnnouncements = new();
    public readonly object TxQueueLock = new();

    public IReadOnlyList<string> Notes { get { lock (_notes) return _notes.ToList(); } }

    /// <summary>Misbehaviour that does not end the connection (kept, the last ten, and shown).</summary>
    public void Note(string what)
    {
        lock (_notes)
        {
            _notes.Add(what);
            if (_notes.Count > 10) _notes.RemoveAt(0);
        }
    }

    public async Task RunAsync(VersionMessage ours)
    {
        var writing = WriteLoopAsync();
        Send(Commands.Version, ours.Encode());
        string reason = "closed by the peer";
        try { await ReadLoopAsync().ConfigureAwait(false); }
        catch (MisbehaviourException e) { Misbehaved(e.Reason, e.Detail); }
        catch (OperationCanceledException) { }
        catch (IOException e) { reason = $"connection lost: {e.Message}"; }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            reason = $"connection lost: {e.Message}";
        }
        Disconnect(reason);
        try { await writing.ConfigureAwait(false); } catch (Exception) { /* the connection is gone either way */ }
    }

    private async Task ReadLoopAsync()
    {
        uint magic = _net.Magic;
        while (!IsClosed)
        {
            var result = await _reader.ReadAsync(_cts.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (!IsClosed && Frame.TryRead(ref buffer, magic, out var command, out var payload))
                {
                    Interlocked.Add(ref BytesReceived, Frame.HeaderSize + payload.Length);
                    LastMessageTicks = _clock.GetTimestamp();
                    Handle(command, payload);
                }
            }
            finally
            {
                try { _reader.AdvanceTo(buffer.Start, buffer.End); }
                catch (InvalidOperationException) { /* the reader was completed by a disconnect while handling */ }
            }
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private void Handle(string command, byte[] payload)
    {
        if (command is not (Commands.Block or Commands.Headers) && !Messages.TryTake())
            throw new MisbehaviourException(BanReasons.Flood, $"more than {_net.Options.MessagesPerSecond}/s messages (burst {_net.Options.MessageBurst})");
        try
        {
            if (!Ready)
            {
                HandleHandshake(command, payload);
                return;
            }
            switch (command)
            {
                case Commands.Version: throw new MisbehaviourException(BanReasons.ProtocolViolation, "a second version message");
                case Commands.Verack: throw new MisbehaviourException(BanReasons.ProtocolViolation, "a second verack");
                case Commands.Ping:
                    Send(Commands.Pong, PingMessage.Encode(PingMessage.Decode(payload)));
                    return;
                case Commands.Pong:
                    OnPong(PingMessage.Decode(payload));
                    return;
                default:
                    _net.Handle(this, command, payload);
                    return;
            }
        }
        catch (DecodeException e) { throw new MisbehaviourException(BanReasons.MalformedMessage, $"'{command}': {e.Message}"); }
    }

    private void HandleHandshake(string command, byte[] payload)
    {
        switch (command)
        {
            case Commands.Version when Version is null:
                var v = VersionMessage.Decode(payload);
                if (_net.CheckVersion(this, v) is { } refusal)
                {
                    Disconnect(refusal);
                    return;
                }
                Version = v;
                BestKnownHeight = v.BestHeight;
                Send(Commands.Verack, []);
                break;
            case Commands.Verack when Version is not null && !VerackReceived:
                EmptyMessage.Check(command, payload);
                VerackReceived = true;
                break;
            default:
                throw new MisbehaviourException(BanReasons.ProtocolViolation, $"'{command}' before the handshake was complete");
        }
        if (Version is not null && VerackReceived)
        {
            Ready = true;
            _nextPingTicks = _clock.GetTimestamp();
            _net.OnReady(this);
        }
    }

    private void OnPong(ulong nonce)
    {
        if (_pingNonce == 0 || nonce != _pingNonce) return; // a late or unasked pong means nothing
        PingMicros = (long)_clock.GetElapsedTime(_pingSentTicks).TotalMicroseconds;
        _pingNonce = 0;
    }

    /// <summary>Called by the service's tick: every timeout of this connection.</summary>
    public void CheckTimeouts(long now)
    {
        var o = _net.Options;
        if (!Ready)
        {
            if (_clock.GetElapsedTime(ConnectedTicks, now) > o.HandshakeTimeout) Disconnect($"timeout: no handshake within {o.HandshakeTimeout.TotalSeconds:0.#} s");
            return;
        }
        if (_clock.GetElapsedTime(LastMessageTicks, now) > o.InactivityTimeout)
        {
            Disconnect($"timeout: no message for {o.InactivityTimeout.TotalSeconds:0.#} s");
            return;
        }
        if (_pingNonce != 0 && _clock.GetElapsedTime(_pingSentTicks, now) > o.PingTimeout)
        {
            Disconnect($"timeout: no pong within {o.PingTimeout.TotalSeconds:0.#} s");
            return;
        }
        if (HeadersRequestedTicks != 0 && _clock.GetElapsedTime(HeadersRequestedTicks, now) > o.HeadersTimeout)
        {
            Disconnect($"timeout: getheaders not answered within {o.HeadersTimeout.TotalSeconds:0.#} s");
            return;
        }
        if (_pingNonce == 0 && now >= _nextPingTicks)
        {
            ulong nonce;
            do nonce = (ulong)Random.Shared.NextInt64(); while (nonce == 0);
            _pingNonce = nonce;
            _pingSentTicks = now;
            _nextPingTicks = now + (long)(o.PingInterval.TotalSeconds * _clock.TimestampFrequency);
            Send(Commands.Ping, PingMessage.Encode(nonce));
        }
    }

    /// <summary>Queues a frame; a peer whose queue passes the cap is dropped (it does not read).</summary>
    public void Send(string command, ReadOnlySpan<byte> payload)
    {
        if (IsClosed) return;
        var frame = Frame.Build(_net.Magic, command, payload);
        if (Interlocked.Add(ref _queuedBytes, frame.Length) > _net.Options.MaxSendQueueBytes)
        {
            Disconnect($"send queue over {_net.Options.MaxSendQueueBytes} bytes: the peer does not read");
            return;
        }
        _outbox.Writer.TryWrite(frame);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_cts.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    _writer.Write(frame);
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    Interlocked.Add(ref BytesSent, frame.Length);
                }
                var flushed = await _writer.FlushAsync(_cts.Token).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled) break;
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Disconnect($"connection lost: {e.Message}");
        }
    }

    /// <summary>Ends the connection for misbehaviour and bans the address with the reason.</summary>
    public void Misbehaved(string reason, string detail)
    {
        if (IsClosed) return;
        Ban = _net.BanPeer(this, reason, detail);
        Disconnect($"banned: {reason}: {detail}");
    }

    /// <summary>Ends the connection (once); the service forgets the peer and re-assigns its downloads.</summary>
    public void Disconnect(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        DisconnectReason = reason;
        _outbox.Writer.TryComplete();
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
        try { _reader.CancelPendingRead(); } catch (InvalidOperationException) { }
        try { _close(); } catch (Exception) { /* closing a broken socket can throw; it is closed either way */ }
        _net.OnDisconnected(this);
    }
}
