using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Shares;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Pool.Server;

/// <summary>Handles what a share found: blocks go to the ledger at once, mint proofs become mine-mint transactions.</summary>
public interface IFoundWork
{
    /// <summary>The share met the job's network target.</summary>
    void Found(StratumConnection connection, string worker, ShareResult share);
    bool CanSubmitMints { get; }
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
        ILogger<StratumServer>? log = null)
    {
        _ledger = ledger;
        Jobs = jobs;
        Options = options;
        Clock = clock;
        Stats = stats;
        _log = (ILogger?)log ?? NullLogger.Instance;
        Validator = new ShareValidator(jobs, options);
        Bans = new BanList(clock);
        _found = found ?? new FoundWorkSubmitter(ledger, jobs, stats, clock, null, _log);
        _nextExtranonce1 = (uint)Random.Shared.Next();
    }


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
    /// <summary>True when found mint proofs can be sent (the pool has a key to sign and pay for mine-mint transactions).</summary>
    public bool ServesMintJobs => _found.CanSubmitMints;

    /// <summary>Why a collection cannot be mined through the pool (null: it can).</summary>
    internal string? CheckCollection(string collection) => Jobs.CheckCollection(collection);

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
        if (!share.IsBlock) return;
        _found.Found(connection, worker, share);
        if (share.Job.Kind == JobKind.Mint) RequestRefresh(clean: false); // the next mint builds on this proof: new jobs (clean for that collection)
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

    /// <summary>
    /// A new generation of jobs to every authorized miner: one job (and one notify line) per key, shared by its miners.
    /// clean_jobs is set when asked (the chain moved) or when the key's job builds on another parent than before.
    /// </summary>
    internal void FanOut(bool clean)
    {
        var started = Stopwatch.GetTimestamp();
        Jobs.Refresh();
        int sent = 0;
        foreach (var group in _connections.Values.Where(c => c.IsAuthorized).GroupBy(c => c.Key))
        {
            PoolJob job;
            try { job = Jobs.Current(group.Key); }
            catch (Exception e) { LogNoJob(e, group.Key.Kind.ToString()); continue; }
            var line = job.NotifyLine(clean || job.NewParent);
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

/// <summary>
/// What a share that meets its job's network target becomes, on the submitting connection's thread before the
/// answer: a block, submitted through <see cref="LedgerFacade.SubmitBlock"/> at once; or a mint proof, sent as a
/// mine-mint transaction signed (and its fee paid) by the pool's key. The token goes to the minter committed in the
/// proof's preimage — the pool cannot redirect it.
/// </summary>
public sealed partial class FoundWorkSubmitter(LedgerFacade ledger, JobManager jobs, PoolStats stats, TimeProvider clock, byte[]? mintKey, ILogger log) : IFoundWork
{
    private readonly ILogger _log = log;
    private readonly AccountId _mintSender = mintKey is null ? AccountId.None : new AccountId(Schnorr.GetXOnlyPublicKey(mintKey));

    public bool CanSubmitMints => mintKey is not null;
    /// <summary>The account that signs and pays for the pool's mine-mint transactions.</summary>
    public AccountId MintSender => _mintSender;

    public void Found(StratumConnection connection, string worker, ShareResult share)
    {
        var job = share.Job!;
        if (job.Kind == JobKind.Block) SubmitBlock(job, worker, share);
        else SubmitMint(job, worker, share);
    }

    private void SubmitBlock(PoolJob job, string worker, ShareResult share)
    {
        var template = job.Template!;
        var header = BlockHeader.Decode(share.Header);
        var block = new Block(header, template.Coinbase.WithExtranonce(share.Extranonce), template.Transactions);
        var result = ledger.SubmitBlock(block);
        var found = new FoundBlock(block.Height, block.Hash, job.Key.Account, worker, result.Outcome.ToString(), result.Rejection?.ToString(), clock.GetUtcNow())
        {
            Payouts = block.Coinbase.Payouts,
        };
        stats.BlockFound(found);
        if (result.Rejection is null) LogBlock(block.Height, block.Hash.ToString(), job.Key.Account.ToAddress(ledger.Network.AddressPrefix), worker, result.Outcome.ToString());
        else LogBlockRefused(block.Height, block.Hash.ToString(), result.Rejection.ToString());
    }

    private void SubmitMint(PoolJob job, string worker, ShareResult share)
    {
        string collection = job.Key.Collection!;
        var extranonce = new byte[PoolJob.ExtranonceSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(extranonce, share.Extranonce);
        var op = new MineMintOperation(collection, job.Key.Account, share.Header!, extranonce);
        Hash256? txid = null;
        string? refusal = null;
        if (mintKey is null) refusal = "the pool has no key to send mint proofs";
        else
        {
            try
            {
                var tx = ledger.SubmitSigned(_mintSender, nonce => Transaction.CreateSignedPayingPerByte(ledger.Network.ChainId, mintKey, nonce, 2, 0, [op]));
                txid = tx.Id;
                jobs.MintFound(collection, share.Hash);
            }
            catch (RejectedException e) { refusal = e.Rejection.ToString(); }
        }
        stats.MintFound(new FoundMint(collection, share.Hash, job.Key.Account, worker, txid, refusal, clock.GetUtcNow()));
        if (refusal is null) LogMint(collection, share.Hash.ToString(), job.Key.Account.ToAddress(ledger.Network.AddressPrefix), worker, txid!.Value.ToString());
        else LogMintRefused(collection, share.Hash.ToString(), refusal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pool: block {Height} {Hash} found by {Address}.{Worker}: {Outcome}")]
    private partial void LogBlock(uint height, string hash, string address, string worker, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool: block {Height} {Hash} from a share was refused by the ledger: {Reason}")]
    private partial void LogBlockRefused(uint height, string hash, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "pool: NFT of '{Collection}' mined ({Hash}) for {Address}.{Worker}: transaction {Txid}")]
    private partial void LogMint(string collection, string hash, string address, string worker, string txid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pool: mint proof of '{Collection}' ({Hash}) was refused: {Reason}")]
    private partial void LogMintRefused(string collection, string hash, string reason);
}
