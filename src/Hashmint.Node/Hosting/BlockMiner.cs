using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Mining;
using Microsoft.Extensions.Logging;

namespace Hashmint.Node.Hosting;

/// <summary>
/// Mines blocks on the current tip: takes a template, searches nonces on all its threads (rolling the extranonce when
/// a nonce range runs out), submits a found block through the ledger, and starts over when the tip changes or the
/// template grows stale. Repeated failures back off (up to 30 s) and are logged, never retried in a tight loop.
/// </summary>
public sealed partial class BlockMiner : IDisposable
{
    private readonly LedgerFacade _ledger;
    private readonly MinerIdentity _identity;
    private readonly string _engineName;
    private readonly ILogger<BlockMiner> _log;
    private readonly object _sync = new();
    /// <summary>Serialises start and stop (the admin API may call both at once).</summary>
    private readonly SemaphoreSlim _control = new(1, 1);
    private CancellationTokenSource? _run;
    private CancellationTokenSource _round = new();
    private Task? _loop;
    private ParallelNonceSearcher? _searcher;
    private long _templateStartedTicks;
    private long _blocksFound;

    public BlockMiner(LedgerFacade ledger, MinerIdentity identity, Microsoft.Extensions.Options.IOptions<NodeOptions> options, ILogger<BlockMiner> log)
    {
        _ledger = ledger;
        _identity = identity;
        _engineName = options.Value.MiningEngine;
        _log = log;
        CoinbaseMessage = $"hashmint {ledger.Network.Name} node";
        _ledger.ChainUpdated += _ => AbandonTemplate();
        _ledger.TransactionAccepted += _ => OnNewTransaction();
    }

    /// <summary>How long one template is worked on before fresh transactions and time are taken in.</summary>
    public TimeSpan TemplateLifetime { get; init; } = TimeSpan.FromSeconds(10);
    public string CoinbaseMessage { get; init; }

    public bool IsRunning { get { lock (_sync) return _loop is { IsCompleted: false }; } }
    public int Threads { get; private set; }
    public long BlocksFound => Interlocked.Read(ref _blocksFound);
    public double HashesPerSecond => _searcher?.Meter.HashesPerSecond ?? 0;
    public string EngineName => _searcher?.Engine.Name ?? _engineName;

    /// <summary>Starts (or restarts with another thread count) the mining loop.</summary>
    public async Task StartAsync(int threads)
    {
        if (threads is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(threads), "mining threads must be 1..1024");
        if (_identity.PayTo.IsNone) throw new InvalidOperationException("mining needs a payout address: create a wallet ('hashmint wallet create') or pass --payout");
        await _control.WaitAsync();
        try
        {
            await StopLoopAsync();
            lock (_sync)
            {
                Threads = threads;
                _searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(_engineName), threads);
                _run = new CancellationTokenSource();
                var token = _run.Token;
                _loop = Task.Factory.StartNew(() => MineLoop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            }
        }
        finally { _control.Release(); }
        LogStarted(threads, EngineName);
    }

    /// <summary>
    /// Stops the loop and waits for it. The wait happens outside the lock: the loop may be submitting a block, which
    /// raises the ledger's event, which calls <see cref="AbandonTemplate"/>, which takes the lock.
    /// </summary>
    public async Task StopAsync()
    {
        await _control.WaitAsync();
        try { await StopLoopAsync(); }
        finally { _control.Release(); }
    }

    private async Task StopLoopAsync()
    {
        CancellationTokenSource? run;
        Task? loop;
        lock (_sync)
        {
            run = _run;
            loop = _loop;
            _run = null;
            _loop = null;
            _round.Cancel();
        }
        if (run is null) return;
        await run.CancelAsync();
        try { if (loop is not null) await loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { /* stopping */ }
        run.Dispose();
        LogStopped(BlocksFound);
    }

    /// <summary>New transactions arrived: take them into a fresh template, at most once a second.</summary>
    private void OnNewTransaction()
    {
        long started = Interlocked.Read(ref _templateStartedTicks);
        if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(1)) AbandonTemplate();
    }

    /// <summary>Abandons the current template (the tip moved, or better transactions wait).</summary>
    private void AbandonTemplate()
    {
        lock (_sync) _round.Cancel();
    }

    private async Task MineLoop(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            CancellationTokenSource round;
            lock (_sync)
            {
                if (_round.IsCancellationRequested) { _round.Dispose(); _round = new CancellationTokenSource(); }
                round = _round;
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, round.Token);
            linked.CancelAfter(TemplateLifetime);
            Interlocked.Exchange(ref _templateStartedTicks, System.Diagnostics.Stopwatch.GetTimestamp());
            Block? block;
            try
            {
                var template = _ledger.CreateTemplate(TemplateRequest.Solo(_identity.PayTo, CoinbaseMessage));
                block = await SolveAsync(template, _searcher!, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { continue; }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogTemplateFailed(e, failures + 1);
                if (!await BackOff(++failures, stop)) return;
                continue;
            }
            if (block is null) continue;
            Interlocked.Increment(ref _blocksFound);
            var result = _ledger.SubmitBlock(block);
            if (result.Rejection is null) { failures = 0; continue; }
            // Our own block refused (e.g. the clock moved): report, wait, build a fresh template.
            LogBlockRefused(block.Hash.ToString(), result.Rejection.ToString());
            if (!await BackOff(++failures, stop)) return;
        }
    }

    /// <summary>Waits 0.1 s, doubling per consecutive failure up to 30 s; false when stopping.</summary>
    private static async Task<bool> BackOff(int failures, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(failures - 1, 9))));
        try { await Task.Delay(delay, stop).ConfigureAwait(false); return true; }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Finds the proof of work for a template; null when cancelled first.</summary>
    public static async Task<Block?> SolveAsync(BlockTemplate template, ParallelNonceSearcher searcher, CancellationToken ct)
    {
        var target = CompactTarget.ToTargetBytes(CompactTarget.ToTarget(template.Bits)!.Value);
        var solution = await searcher.SearchAsync(extranonce => template.HeaderFor(extranonce).ToBytes(), target, ct).ConfigureAwait(false);
        if (solution is null) return null;
        uint nonce = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(solution.Header80.AsSpan(76));
        return template.BuildBlock(solution.Extranonce, nonce);
    }

    public void Dispose()
    {
        StopAsync().GetAwaiter().GetResult();
        lock (_sync) _round.Cancel(); // the round source is left to the collector: a racing event may still touch it
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "miner started: {Threads} thread(s), engine {Engine}")]
    private partial void LogStarted(int threads, string engine);

    [LoggerMessage(Level = LogLevel.Information, Message = "miner stopped ({Blocks} block(s) found since start)")]
    private partial void LogStopped(long blocks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "miner: could not build a template (failure {Failures} in a row); backing off")]
    private partial void LogTemplateFailed(Exception e, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "miner: own block {Hash} refused: {Reason}; backing off")]
    private partial void LogBlockRefused(string hash, string reason);
}
