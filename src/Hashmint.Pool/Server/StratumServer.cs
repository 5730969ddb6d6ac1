using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Shares;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Pool.Server;

/// <summary>Handles what a share found: blocks go to the ledger at once, mint proofs become mine-mint transactions.</summary>
public interface IFoundWork
{
    /// <summary>The share met the job's network target; returns a one-line outcome for the log.</summary>
    void Found(StratumConnection connection, string worker, ShareResult share);
}

/// <summary>
/// The Stratum V1 server: accepts TCP connections (refusing banned addresses and those over their connection limit),
/// runs each <see cref="StratumConnection"/>, pushes new jobs to every authorized miner when the chain moves (clean) or
/// the current job is older than <see cref="PoolOptions.JobRefreshInterval"/>, and runs the housekeeping (timeouts,
/// vardiff without shares, ban expiry) on the given clock.
/// </summary>
public sealed partial class StratumServer : IAsyncDisposable
{
    private readonly LedgerFacade _ledger;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<long, StratumConnection> _connections = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Channel<bool> _refresh = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly IFoundWork _found;
    private Socket? _listener;
    private ITimer? _housekeeping;
    private long _nextConnection;
    private uint _nextExtranonce1;
    private int _housekeepingBusy;

    public StratumServer(LedgerFacade ledger, JobManager jobs, PoolOptions options, TimeProvider clock, PoolStats stats, IFoundWork? found = null,
        Func<string, string?>? checkCollection = null, ILogger<StratumServer>? log = null)
    {
        _ledger = ledger;
        Jobs = jobs;
        Options = options;
        Clock = clock;
        Stats = stats;
        _log = (ILogger?)log ?? NullLogger.Instance;
        Validator = new ShareValidator(jobs, options);
        Bans = new BanList(clock);
        _found = found ?? new LedgerBlockSubmitter(ledger, stats, clock, _log);
        _checkCollection = checkCollection;
        _nextExtranonce1 = (uint)Random.Shared.Next();
    }

    private readonly Func<string, string?>? _checkCollection;

    public PoolOptions Options { get; }
    public TimeProvider Clock { get; }
    public JobManager Jobs { get; }
    public ShareValidator Validator { get; }
    public BanList Bans { get; }
    public PoolStats Stats { get; }
    public ChainParams Network => _ledger.Network;
    /// <summary>The port listened on (the one asked for, or the one the system picked for 0).</summary>
    public int Port { get; private set; }
    public int ConnectionCount => _connections.Count;
    public IReadOnlyCollection<StratumConnection> Connections => (IReadOnlyCollection<StratumConnection>)_connections.Values;
    public bool ServesMintJobs => _checkCollection is not null;

    /// <summary>Why a collection cannot be mined through the pool (null: it can).</summary>
    internal string? CheckCollection(string collection) => _checkCollection?.Invoke(collection) ?? "this pool serves no NFT jobs";

    public void Start()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var address = Options.ListenAddress();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            listener.Dispose();
            listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        }
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(address, Options.Port));
        listener.Listen(1024);
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ledger.ChainUpdated += OnChainUpdated;
        _running.Add(Task.Run(AcceptLoopAsync));
        _running.Add(Task.Run(FanOutLoopAsync));
        _housekeeping = Clock.CreateTimer(_ => Housekeep(), null, Options.HousekeepingInterval, Options.HousekeepingInterval);
        LogListening(address.ToString(), Port);
    }

    private void OnChainUpdated(ChainUpdated update) => RequestRefresh(clean: true);

    /// <summary>Asks for new jobs for every miner (clean: the old ones are stale). Coalesced; done on the fan-out loop.</summary>
    public void RequestRefresh(bool clean) => _refresh.Writer.TryWrite(clean);

    // ---- connections ----

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener!.AcceptAsync(token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { LogAcceptFailed(e.SocketErrorCode.ToString()); continue; }
            try { Admit(socket); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { socket.Dispose(); }
        }
    }

    private void Admit(Socket socket)
    {
        var remote = ((IPEndPoint)socket.RemoteEndPoint!).Address;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        if (Bans.Find(remote) is { } ban)
        {
            Stats.CountRefusedConnection("banned");
            socket.Dispose();
            return;
        }
        if (_connections.Count >= Options.MaxConnections)
        {
            Stats.CountRefusedConnection("pool-full");
            socket.Dispose();
            return;
        }
        lock (_perAddress)
        {
            int count = _perAddress.GetValueOrDefault(remote);
            if (count >= Options.MaxConnectionsPerAddress)
            {
                Stats.CountRefusedConnection("too-many-connections");
                Bans.Add(remote, $"more than {Options.MaxConnectionsPerAddress} connections at once", Options.BanDuration);
                LogBanned(remote.ToString(), $"more than {Options.MaxConnectionsPerAddress} connections at once");
                socket.Dispose();
                return;
            }
            _perAddress[remote] = count + 1;
        }
        socket.NoDelay = true;
        long id = Interlocked.Increment(ref _nextConnection);
        uint extranonce1 = Interlocked.Increment(ref _nextExtranonce1);
        var connection = new StratumConnection(id, socket, remote, extranonce1, this, Clock.GetUtcNow());
        _connections[id] = connection;
        _ = RunConnectionAsync(connection);
    }

    private async Task RunConnectionAsync(StratumConnection connection)
    {
        try { await connection.RunAsync().ConfigureAwait(false); }
        catch (Exception e) { LogConnectionFailed(e, connection.Id); }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            lock (_perAddress)
            {
                int left = _perAddress.GetValueOrDefault(connection.Remote) - 1;
                if (left <= 0) _perAddress.Remove(connection.Remote); else _perAddress[connection.Remote] = left;
            }
        }
    }

    internal void Ban(StratumConnection connection, string reason)
    {
        Bans.Add(connection.Remote, reason, Options.BanDuration);
        Stats.CountBan();
        LogBanned(connection.Remote.ToString(), reason);
    }

    internal void OnClosedWithReason(StratumConnection connection, string reason) => LogClosed(connection.Id, connection.Remote.ToString(), reason);

    internal void OnAuthorized(StratumConnection connection)
    {
        PoolJob job;
        try { job = Jobs.Current(connection.Key); }
        catch (Exception e)
        {
            LogNoJob(e, connection.Key.Kind.ToString());
            connection.Close("the pool could not build a job");
            return;
        }
        connection.Start(job, Clock.GetUtcNow());
    }

    internal void OnAccepted(StratumConnection connection, Core.Primitives.AccountId account, string worker, ShareResult share, DateTimeOffset now)
    {
        Stats.Accepted(new AcceptedShare(account, worker, share.Difficulty, now, share.Job!.Kind, share.Job.Key.Collection, share.IsBlock));
        if (share.IsBlock) _found.Found(connection, worker, share);
    }

    internal void OnRejected(StratumConnection connection, Core.Primitives.AccountId account, string worker, Stratum.StratumError error, DateTimeOffset now) =>
        Stats.Rejected(new RejectedShare(account, worker, error.Code, error.Reason, now));

    // ---- jobs ----

    private async Task FanOutLoopAsync()
    {
        var reader = _refresh.Reader;
        var token = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                bool clean = false;
                while (reader.TryRead(out bool c)) clean |= c;
                try { FanOut(clean); }
                catch (Exception e) { LogFanOutFailed(e); }
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    /// <summary>A new generation of jobs to every authorized miner: one job (and one notify line) per key, shared by its miners.</summary>
    internal void FanOut(bool clean)
    {
        var started = Stopwatch.GetTimestamp();
        Jobs.Refresh(clean);
        int sent = 0;
        foreach (var group in _connections.Values.Where(c => c.IsAuthorized).GroupBy(c => c.Key))
        {
            PoolJob job;
            try { job = Jobs.Current(group.Key); }
            catch (Exception e) { LogNoJob(e, group.Key.Kind.ToString()); continue; }
            var line = job.NotifyLine(clean);
            foreach (var c in group) { c.SendJob(job, line); sent++; }
        }
        Stats.FannedOut(sent, Stopwatch.GetElapsedTime(started), clean);
    }

    private void Housekeep()
    {
        if (Interlocked.Exchange(ref _housekeepingBusy, 1) == 1) return;
        try
        {
            var now = Clock.GetUtcNow();
            foreach (var c in _connections.Values) c.Housekeep(now);
            if (now - Jobs.GenerationStarted >= Options.JobRefreshInterval && !_connections.IsEmpty) RequestRefresh(clean: false);
            Bans.Prune();
        }
        catch (Exception e) { LogHousekeepingFailed(e); }
        finally { Volatile.Write(ref _housekeepingBusy, 0); }
    }

    /// <summary>Runs the housekeeping now (tests, after moving a manual clock).</summary>
    internal void HousekeepNow() => Housekeep();

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _ledger.ChainUpdated -= OnChainUpdated;
        await _stop.CancelAsync().ConfigureAwait(false);
        _housekeeping?.Dispose();
        _listener?.Dispose();
        _refresh.Writer.TryComplete();
        foreach (var c in _connections.Values) c.Close(null);
        try { await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { /* the loops end with their sockets */ }
        var deadline = Stopwatch.GetTimestamp();
        while (!_connections.IsEmpty && Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(10)) await Task.Delay(10).ConfigureAwait(false);
        LogStopped();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "pool: Stratum server listening on {Address}:{Port}")]
    private partial void LogListening(string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "pool: Stratum server stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "pool: banned {Address}: {Reason}")]
    private partial void LogBanned(string address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pool: connection {Id} from {Address} closed: {Reason}")]
    private partial void LogClosed(long id, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pool: accepting a connection failed: {Error}")]
    private partial void LogAcceptFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: connection {Id} failed")]
    private partial void LogConnectionFailed(Exception e, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: could not build a {Kind} job")]
    private partial void LogNoJob(Exception e, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: pushing new jobs failed")]
    private partial void LogFanOutFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: housekeeping failed")]
    private partial void LogHousekeepingFailed(Exception e);
}

/// <summary>Blocks found by shares go to <see cref="LedgerFacade.SubmitBlock"/> at once, on the submitting connection's thread.</summary>
public sealed partial class LedgerBlockSubmitter(LedgerFacade ledger, PoolStats stats, TimeProvider clock, ILogger log) : IFoundWork
{
    private readonly ILogger _log = log;

    public void Found(StratumConnection connection, string worker, ShareResult share)
    {
        var job = share.Job!;
        if (job.Kind != JobKind.Block || job.Template is not { } template) return;
        var header = BlockHeader.Decode(share.Header);
        var block = new Block(header, template.Coinbase.WithExtranonce(share.Extranonce), template.Transactions);
        var result = ledger.SubmitBlock(block);
        var found = new FoundBlock(block.Height, block.Hash, job.Key.Account, worker, result.Outcome.ToString(), result.Rejection?.ToString(), clock.GetUtcNow());
        stats.BlockFound(found);
        if (result.Rejection is null) LogBlock(block.Height, block.Hash.ToString(), job.Key.Account.ToAddress(ledger.Network.AddressPrefix), worker, result.Outcome.ToString());
        else LogBlockRefused(block.Height, block.Hash.ToString(), result.Rejection.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pool: block {Height} {Hash} found by {Address}.{Worker}: {Outcome}")]
    private partial void LogBlock(uint height, string hash, string address, string worker, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: block {Height} {Hash} from a share was refused by the ledger: {Reason}")]
    private partial void LogBlockRefused(uint height, string hash, string reason);
}
