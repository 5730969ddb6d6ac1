using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests.Support;

/// <summary>
/// A hand-driven peer for tests: speaks the wire protocol frame by frame from its own loopback address, so a test can
/// send anything (invalid blocks, broken frames, floods) and see what the node answers.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<(string Command, byte[] Payload)> _received = Channel.CreateUnbounded<(string, byte[])>();
    private readonly Task _reader;
    private readonly CancellationTokenSource _cts = new();

    public IPAddress Address { get; }
    public uint Magic { get; } = ChainParams.Regtest.ChainId;
    public bool Closed { get; private set; }

    private RawPeer(Socket socket, IPAddress address)
    {
        _socket = socket;
        Address = address;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint node, IPAddress? from = null)
    {
        from ??= Loopback.Next();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(node);
        return new RawPeer(socket, from);
    }

    /// <summary>Listens on its own address and hands back the first connection a node makes to it.</summary>
    public sealed class Listener : IDisposable
    {
        private readonly Socket _listen;
        public IPEndPoint EndPoint { get; }

        public Listener()
        {
            var address = Loopback.Next();
            _listen = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listen.Bind(new IPEndPoint(address, 0));
            _listen.Listen(8);
            EndPoint = (IPEndPoint)_listen.LocalEndPoint!;
        }

        public async Task<RawPeer> AcceptAsync(int seconds = 30)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var s = await _listen.AcceptAsync(cts.Token);
            return new RawPeer(s, EndPoint.Address);
        }

        public void Dispose() => _listen.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(chunk, _cts.Token);
                if (n == 0) break;
                buffer.Write(chunk.AsSpan(0, n));
                var seq = new ReadOnlySequence<byte>(buffer.WrittenMemory);
                long consumedBefore = seq.Length;
                while (Frame.TryRead(ref seq, Magic, out var command, out var payload)) _received.Writer.TryWrite((command, payload));
                var rest = seq.ToArray();
                if (rest.Length != consumedBefore)
                {
                    buffer.Clear();
                    buffer.Write(rest);
                }
            }
        }
        catch (Exception) { /* closed */ }
        Closed = true;
        _received.Writer.TryComplete();
    }

    public async Task SendAsync(string command, byte[] payload) => await SendRawAsync(Frame.Build(Magic, command, payload));

    public async Task SendRawAsync(byte[] bytes)
    {
        try { await _stream.WriteAsync(bytes); }
        catch (IOException) { Closed = true; }
        catch (ObjectDisposedException) { Closed = true; }
    }

    /// <summary>The next message with this command (others are skipped and answered where the protocol needs it: ping).</summary>
    public async Task<byte[]> ExpectAsync(string command, int seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await foreach (var (c, p) in _received.Reader.ReadAllAsync(cts.Token))
        {
            if (c == command) return p;
            if (c == Commands.Ping) await SendAsync(Commands.Pong, p);
        }
        throw new InvalidOperationException($"connection closed before '{command}' arrived");
    }

    /// <summary>The next message of any command but ping (answered); null once the connection is closed.</summary>
    public async Task<(string Command, byte[] Payload)?> NextAsync(int seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await foreach (var (c, p) in _received.Reader.ReadAllAsync(cts.Token))
        {
            if (c != Commands.Ping) return (c, p);
            await SendAsync(Commands.Pong, p);
        }
        return null;
    }

    /// <summary>The messages already received, without waiting (pings among them answered).</summary>
    public async Task<List<(string Command, byte[] Payload)>> DrainAsync()
    {
        var list = new List<(string, byte[])>();
        while (_received.Reader.TryRead(out var m))
        {
            if (m.Command == Commands.Ping) await SendAsync(Commands.Pong, m.Payload);
            else list.Add(m);
        }
        return list;
    }

    /// <summary>Waits until the node closes the connection (bounded).</summary>
    public async Task WaitClosedAsync(int seconds = 30)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await foreach (var (c, p) in _received.Reader.ReadAllAsync(cts.Token))
            if (c == Commands.Ping) await SendAsync(Commands.Pong, p);
    }

    /// <summary>version / verack both ways, claiming <paramref name="bestHeight"/>; returns the node's version.</summary>
    public async Task<VersionMessage> HandshakeAsync(LedgerFacade like, uint bestHeight = 0, System.Numerics.BigInteger? work = null, ushort listenPort = 0,
        ulong services = VersionMessage.FullBlocks)
    {
        var v = new VersionMessage(VersionMessage.CurrentProtocol, like.Network.ChainId, like.Genesis.Hash, services,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), listenPort, (ulong)Random.Shared.NextInt64(1, long.MaxValue), "/raw-test-peer/",
            bestHeight, work ?? 0);
        await SendAsync(Commands.Version, v.Encode());
        var theirs = VersionMessage.Decode(await ExpectAsync(Commands.Version));
        await SendAsync(Commands.Verack, []);
        await ExpectAsync(Commands.Verack);
        return theirs;
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _stream.Dispose();
        try { await _reader; } catch (Exception) { }
    }
}

internal static class LedgerTestExtensions
{
    public static Hash256 TipHash(this LedgerFacade l) => l.Tip.Hash;
}
