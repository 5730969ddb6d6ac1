using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Hashmint.Core.Primitives;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Shares;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Server;

/// <summary>
/// One miner's TCP connection: newline-delimited JSON read through a <see cref="PipeReader"/> (zero-byte reads, so an
/// idle connection holds no buffer), requests handled one at a time in arrival order, and a bounded queue of outgoing
/// lines written by its own loop through a <see cref="PipeWriter"/>. A miner that does not read its queue is
/// disconnected rather than buffered without bound.
/// </summary>
public sealed class StratumConnection
{
    private readonly StratumServer _server;
    private readonly Socket _socket;
    private readonly PoolOptions _o;
    private readonly Channel<byte[]> _outgoing;
    private readonly CancellationTokenSource _closed = new();
    private readonly object _sync = new();
    private readonly HashSet<string> _workers = new(StringComparer.Ordinal);

    // Negotiated and mutable state, under _sync.
    private bool _subscribed;
    private AccountId _account;
    private JobKey _key;
    private string? _collection;
    private uint _versionMask;
    private double? _suggested;
    private Vardiff? _vardiff;
    private double _difficulty;
    private Hash256 _target;
    private double _previousDifficulty;
    private Hash256 _previousTarget;
    private DateTimeOffset _previousUntil;
    private PoolJob? _job;
    private DateTimeOffset _lastReceived;
    private int _windowShares, _windowInvalid;
    private string? _closeReason;

    internal StratumConnection(long id, Socket socket, IPAddress remote, uint extranonce1, StratumServer server, DateTimeOffset now)
    {
        Id = id;
        _socket = socket;
        Remote = remote;
        Extranonce1 = extranonce1;
        _server = server;
        _o = server.Options;
        ConnectedAt = now;
        _lastReceived = now;
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(_o.SendQueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public long Id { get; }
    public IPAddress Remote { get; }
    /// <summary>The first 4 bytes of the coinbase extranonce, as a little-endian value (the hex sent is its bytes in order).</summary>
    public uint Extranonce1 { get; }
    public string Extranonce1Hex
    {
        get
        {
            Span<byte> b = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, Extranonce1);
            return Convert.ToHexStringLower(b);
        }
    }
    public DateTimeOffset ConnectedAt { get; }
    public string? UserAgent { get; private set; }
    public bool IsSubscribed { get { lock (_sync) return _subscribed; } }
    public bool IsAuthorized { get { lock (_sync) return !_account.IsNone; } }
    public AccountId Account { get { lock (_sync) return _account; } }
    public JobKey Key { get { lock (_sync) return _key; } }
    public double Difficulty { get { lock (_sync) return _difficulty; } }
    public uint VersionMask { get { lock (_sync) return _versionMask; } }
    public string? CloseReason { get { lock (_sync) return _closeReason; } }
    public IReadOnlyList<string> Workers { get { lock (_sync) return _workers.ToList(); } }
    internal CancellationToken Closed => _closed.Token;

    // ---- lifetime ----

    internal async Task RunAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 2048, minimumReadSize: 512, leaveOpen: true, useZeroByteReads: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 1024, leaveOpen: true));
        var writing = WriteLoopAsync(writer);
        try { await ReadLoopAsync(reader).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { /* the peer went away or we closed */ }
        finally
        {
            Close(null);
            try { await writing.ConfigureAwait(false); } catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _socket.Dispose();
        }
    }

    /// <summary>Closes the connection (idempotent); the reason is logged and kept.</summary>
    public void Close(string? reason)
    {
        lock (_sync)
        {
            if (_closed.IsCancellationRequested) return;
            _closeReason ??= reason ?? "closed";
        }
        _outgoing.Writer.TryComplete();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        _closed.Cancel();
        if (reason is not null) _server.OnClosedWithReason(this, reason);
    }

    private async Task ReadLoopAsync(PipeReader reader)
    {
        var token = _closed.Token;
        while (true)
        {
            var result = await reader.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                if (line.Length > _o.MaxLineBytes) { Garbage($"a line of {line.Length} bytes is over the limit of {_o.MaxLineBytes}"); return; }
                if (!HandleLine(line)) return;
            }
            if (buffer.Length > _o.MaxLineBytes) { Garbage($"more than {_o.MaxLineBytes} bytes without a newline"); return; }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var at = buffer.PositionOf((byte)'\n');
        if (at is null) { line = default; return false; }
        line = buffer.Slice(0, at.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, at.Value));
        return true;
    }

    private async Task WriteLoopAsync(PipeWriter writer)
    {
        var reader = _outgoing.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line)) writer.Write(line);
            var flushed = await writer.FlushAsync(_closed.Token).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled) return;
        }
    }

    /// <summary>Queues a line; a full queue means the miner stopped reading, and it is disconnected.</summary>
    public bool Send(byte[] line)
    {
        if (_outgoing.Writer.TryWrite(line)) return true;
        if (!_closed.IsCancellationRequested) Close($"send queue full ({_o.SendQueueLength} messages): the miner is not reading");
        return false;
    }

    private void Garbage(string why)
    {
        _server.Ban(this, $"garbage: {why}");
        Close($"garbage: {why}");
    }

    // ---- requests ----

    /// <summary>Handles one line; false closes the connection.</summary>
    private bool HandleLine(ReadOnlySequence<byte> line)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (line.IsEmpty) return true;
        lock (_sync) _lastReceived = _server.Clock.GetUtcNow();
        using var request = StratumRequest.TryParse(line, out string? problem);
        if (request is null) { Garbage(problem!); return false; }
        string id = request.Id;
        var parameters = request.Params;
        byte[]? reply = request.Method switch
        {
            "mining.subscribe" => Subscribe(id, parameters),
            "mining.authorize" => Authorize(id, parameters),
            "mining.configure" => Configure(id, parameters),
            "mining.suggest_difficulty" => SuggestDifficulty(id, parameters),
            "mining.extranonce.subscribe" => StratumJson.True(id),
            "mining.submit" => Submit(id, parameters),
            _ => StratumJson.Error(id, StratumErrors.Other, $"unknown method '{ShareSubmission.Cut(request.Method)}'"),
        };
        if (reply is not null && id != "null") Send(reply);
        return !_closed.IsCancellationRequested;
    }

    private byte[] Subscribe(string id, JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() > 0 && parameters[0].ValueKind == JsonValueKind.String)
            UserAgent = ShareSubmission.Cut(parameters[0].GetString()!);
        lock (_sync) _subscribed = true;
        string sub = Id.ToString("x");
        return StratumJson.Result(id, w =>
        {
            w.WriteStartArray();
            w.WriteStartArray();
            w.WriteStartArray(); w.WriteStringValue("mining.set_difficulty"); w.WriteStringValue(sub); w.WriteEndArray();
            w.WriteStartArray(); w.WriteStringValue("mining.notify"); w.WriteStringValue(sub); w.WriteEndArray();
            w.WriteEndArray();
            w.WriteStringValue(Extranonce1Hex);
            w.WriteNumberValue(4);
            w.WriteEndArray();
        });
    }

    private byte[]? Authorize(string id, JsonElement parameters)
    {
        if (!IsSubscribed) return StratumJson.Error(id, StratumErrors.NotSubscribed, "not subscribed: send mining.subscribe first");
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() < 1 || parameters[0].ValueKind != JsonValueKind.String)
            return StratumJson.Error(id, StratumErrors.Other, "mining.authorize takes [username, password]");
        string user = parameters[0].GetString()!;
        string? password = parameters.GetArrayLength() > 1 && parameters[1].ValueKind == JsonValueKind.String ? parameters[1].GetString() : null;
        if (!MinerLogin.TryParse(user, password, _server.Network.AddressPrefix, out var login, out string? problem))
            return StratumJson.Error(id, StratumErrors.Unauthorized, $"unauthorized: {problem}");
        if (login.Collection is { } collection && !_server.ServesMintJobs)
            return StratumJson.Error(id, StratumErrors.Unauthorized, $"unauthorized: this pool serves no NFT jobs ('{collection}')");
        if (login.Collection is not null && _server.CheckCollection(login.Collection) is { } refusal)
            return StratumJson.Error(id, StratumErrors.Unauthorized, $"unauthorized: {refusal}");
        bool first;
        lock (_sync)
        {
            if (!_account.IsNone && (_account != login.Account || _collection != login.Collection))
                return StratumJson.Error(id, StratumErrors.Unauthorized,
                    "unauthorized: a connection mines for one address (and one collection); open another connection for another");
            first = _account.IsNone;
            if (_workers.Count >= 64 && !_workers.Contains(login.Worker))
                return StratumJson.Error(id, StratumErrors.Unauthorized, "unauthorized: at most 64 workers per connection");
            _workers.Add(login.Worker);
            if (first)
            {
                _account = login.Account;
                _collection = login.Collection;
                _key = login.Collection is null ? JobKey.Block(login.Account) : JobKey.Mint(login.Account, login.Collection);
                if (login.Difficulty is { } d) _suggested = d;
            }
        }
        Send(StratumJson.True(id));
        if (first) _server.OnAuthorized(this);
        return null;
    }

    private byte[] Configure(string id, JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() < 1 || parameters[0].ValueKind != JsonValueKind.Array)
            return StratumJson.Error(id, StratumErrors.Other, "mining.configure takes [[extension, ...], {parameters}]");
        var options = parameters.GetArrayLength() > 1 && parameters[1].ValueKind == JsonValueKind.Object ? parameters[1] : default;
        var extensions = parameters[0].EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Take(16).ToList();
        uint mask = 0;
        double? minimum = null;
        if (extensions.Contains("version-rolling"))
        {
            uint minerMask = 0xffffffff;
            if (options.ValueKind == JsonValueKind.Object && options.TryGetProperty("version-rolling.mask", out var m) && m.ValueKind == JsonValueKind.String
                && !StratumHex.TryParseU32(m.GetString()!.PadLeft(8, '0'), out minerMask))
                return StratumJson.Error(id, StratumErrors.Other, "version-rolling.mask must be 8 hex digits");
            mask = _o.VersionRollingMask & minerMask;
        }
        if (extensions.Contains("minimum-difficulty") && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("minimum-difficulty.value", out var md) && md.ValueKind == JsonValueKind.Number && md.GetDouble() is > 0 and var value && double.IsFinite(value))
            minimum = value;
        lock (_sync)
        {
            if (extensions.Contains("version-rolling")) _versionMask = mask;
            if (minimum is { } floor) { if (_vardiff is not null) _vardiff.Floor = floor; _suggested = Math.Max(_suggested ?? 0, floor); _minimum = floor; }
        }
        return StratumJson.Result(id, w =>
        {
            w.WriteStartObject();
            foreach (var e in extensions.Distinct())
            {
                switch (e)
                {
                    case "version-rolling":
                        w.WriteBoolean("version-rolling", mask != 0);
                        w.WriteString("version-rolling.mask", StratumHex.U32(mask));
                        break;
                    case "minimum-difficulty":
                        w.WriteBoolean("minimum-difficulty", minimum is not null);
                        break;
                    default:
                        w.WriteBoolean(e, false);
                        break;
                }
            }
            w.WriteEndObject();
        });
    }

    private double _minimum;

    private byte[] SuggestDifficulty(string id, JsonElement parameters)
    {
        double d = 0;
        bool ok = parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() >= 1 && parameters[0] switch
        {
            { ValueKind: JsonValueKind.Number } n => n.TryGetDouble(out d),
            { ValueKind: JsonValueKind.String } s => double.TryParse(s.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d),
            _ => false,
        };
        if (!ok || !double.IsFinite(d) || d <= 0) return StratumJson.Error(id, StratumErrors.Other, "mining.suggest_difficulty takes one positive number");
        bool apply;
        lock (_sync)
        {
            _suggested = d;
            apply = _vardiff is not null;
        }
        if (apply) SetDifficulty(d, fromVardiff: false);
        return StratumJson.True(id);
    }

    private byte[]? Submit(string id, JsonElement parameters)
    {
        var now = _server.Clock.GetUtcNow();
        MinerTerms terms;
        AccountId account;
        string worker = "";
        if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() > 0 && parameters[0].ValueKind == JsonValueKind.String)
            worker = MinerLogin.WorkerOf(parameters[0].GetString()!);
        lock (_sync)
        {
            account = _account;
            if (!_subscribed) return Reject(id, new StratumError(StratumErrors.NotSubscribed, "not subscribed: send mining.subscribe first"), account, worker, now);
            if (_account.IsNone || !_workers.Contains(worker))
                return Reject(id, new StratumError(StratumErrors.Unauthorized, $"unauthorized worker '{ShareSubmission.Cut(worker)}': send mining.authorize for it first"), account, worker, now);
            terms = new MinerTerms(_key, Extranonce1, _versionMask, _difficulty, _target, _previousDifficulty, _previousTarget, _previousUntil);
        }
        int n = parameters.GetArrayLength();
        if (n < 5 || n > 6 || !AllStrings(parameters, n))
            return Reject(id, new StratumError(StratumErrors.Other, "mining.submit takes [worker, job_id, extranonce2, ntime, nonce] and optionally version_bits, all strings") { Reason = "malformed" }, account, worker, now);
        if (!ShareSubmission.TryParse(worker, parameters[1].GetString()!, parameters[2].GetString()!, parameters[3].GetString()!, parameters[4].GetString()!,
                n == 6 ? parameters[5].GetString() : null, out var share, out var parseError))
            return Reject(id, parseError!, account, worker, now);
        var result = _server.Validator.Check(terms, share, now);
        if (result.Error is { } error) return Reject(id, error, account, worker, now);
        CountShare(valid: true);
        _server.OnAccepted(this, account, worker, result, now);
        double? next;
        lock (_sync) next = _vardiff?.OnShare(now, result.Job!.NetworkDifficulty);
        var reply = StratumJson.True(id);
        if (next is { } d)
        {
            if (id != "null") Send(reply);
            ApplyDifficulty(d, now);
            return null;
        }
        return reply;
    }

    private static bool AllStrings(JsonElement array, int n)
    {
        for (int i = 0; i < n; i++) if (array[i].ValueKind != JsonValueKind.String) return false;
        return true;
    }

    private byte[] Reject(string id, StratumError error, AccountId account, string worker, DateTimeOffset now)
    {
        _server.OnRejected(this, account, worker, error, now);
        if (error.Reason != "stale") CountShare(valid: false);
        return StratumJson.Error(id, error.Code, error.Message);
    }

    /// <summary>Flood protection: in each window of shares, too many invalid ones ban the address.</summary>
    private void CountShare(bool valid)
    {
        bool ban = false;
        lock (_sync)
        {
            _windowShares++;
            if (!valid) _windowInvalid++;
            if (_windowInvalid * 100 >= _o.InvalidSharePercentToBan * _o.InvalidShareWindow) ban = true;
            if (_windowShares >= _o.InvalidShareWindow) { _windowShares = 0; _windowInvalid = 0; }
        }
        if (!ban) return;
        string why = $"{_o.InvalidSharePercentToBan}% or more of {_o.InvalidShareWindow} shares were invalid";
        _server.Ban(this, why);
        Close($"banned: {why}");
    }

    // ---- difficulty and jobs ----

    /// <summary>After authorize: the starting difficulty, then the current job (clean).</summary>
    internal void Start(PoolJob job, DateTimeOffset now)
    {
        double initial;
        lock (_sync)
        {
            _vardiff = new Vardiff(_o, _o.InitialDifficulty, now) { Floor = _minimum };
            initial = _vardiff.Set(_suggested ?? _o.InitialDifficulty, job.NetworkDifficulty, now);
            _difficulty = initial;
            _target = StratumDifficulty.ToTarget(initial);
            _previousDifficulty = initial;
            _previousTarget = _target;
            _previousUntil = now;
            _job = job;
        }
        Send(SetDifficultyLine(initial));
        Send(job.NotifyLine(cleanJobs: true));
    }

    /// <summary>A new job for everyone with this connection's key (the same line is shared by all of them).</summary>
    internal void SendJob(PoolJob job, byte[] line)
    {
        lock (_sync)
        {
            if (_vardiff is null) return;
            _job = job;
        }
        Send(line);
    }

    private void SetDifficulty(double requested, bool fromVardiff)
    {
        var now = _server.Clock.GetUtcNow();
        double d;
        lock (_sync)
        {
            if (_vardiff is null || _job is null) return;
            d = fromVardiff ? requested : _vardiff.Set(requested, _job.NetworkDifficulty, now);
        }
        ApplyDifficulty(d, now);
    }

    /// <summary>The new difficulty applies from the next job: set_difficulty, then the current job again (not clean); the old one stays valid for the grace period.</summary>
    private void ApplyDifficulty(double d, DateTimeOffset now)
    {
        PoolJob? job;
        lock (_sync)
        {
            if (d == _difficulty) return;
            _previousDifficulty = _difficulty;
            _previousTarget = _target;
            _previousUntil = now + _o.PreviousDifficultyGrace;
            _difficulty = d;
            _target = StratumDifficulty.ToTarget(d);
            job = _job;
        }
        Send(SetDifficultyLine(d));
        if (job is not null) Send(job.NotifyLine(cleanJobs: false));
    }

    internal static byte[] SetDifficultyLine(double d) =>
        StratumJson.Notification("mining.set_difficulty", w => w.WriteRawValue(StratumDifficulty.Format(d), skipInputValidation: true));

    /// <summary>Timeouts, and vardiff for a miner that sends no shares.</summary>
    internal void Housekeep(DateTimeOffset now)
    {
        string? close = null;
        double? next = null;
        lock (_sync)
        {
            if (_account.IsNone && now - ConnectedAt >= _o.SubscribeTimeout)
                close = $"did not subscribe and authorize within {_o.SubscribeTimeout.TotalSeconds:0} s";
            else if (now - _lastReceived >= _o.IdleTimeout)
                close = $"idle: nothing received for {_o.IdleTimeout.TotalSeconds:0} s";
            else if (_vardiff is not null && _job is not null)
                next = _vardiff.OnTick(now, _job.NetworkDifficulty);
        }
        if (close is not null) { Close(close); return; }
        if (next is { } d) ApplyDifficulty(d, now);
    }
}
