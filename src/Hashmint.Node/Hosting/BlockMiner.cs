using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Mining;

namespace Hashmint.Node.Hosting;

/// <summary>
/// Mines blocks on the current tip: takes a template, searches nonces on all its threads (rolling the
/// extranonce when a nonce range runs out), hands a found block to <paramref name="submit"/>, and starts over
/// when the tip changes or the template grows stale.
/// </summary>
public sealed class BlockMiner(BlockAssembler assembler, Action<Block> submit, Func<AccountId> payTo, string engineName = "auto") : IDisposable
{
    private readonly object _sync = new();
    private CancellationTokenSource? _run;
    private CancellationTokenSource _round = new();
    private Task? _loop;
    private ParallelNonceSearcher? _searcher;

    /// <summary>How long one template is worked on before fresh transactions and time are taken in.</summary>
    public TimeSpan TemplateLifetime { get; init; } = TimeSpan.FromSeconds(10);
    public string CoinbaseMessage { get; init; } = "mined with hashmint";

    public bool IsRunning { get { lock (_sync) return _loop is { IsCompleted: false }; } }
    public int Threads { get; private set; }
    public long BlocksFound => Interlocked.Read(ref _blocksFound);
    private long _blocksFound;
    public double HashesPerSecond => _searcher?.Meter.HashesPerSecond ?? 0;
    public string EngineName => _searcher?.Engine.Name ?? engineName;

    public void Start(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), "at least one mining thread");
        lock (_sync)
        {
            StopUnlocked();
            Threads = threads;
            _searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(engineName), threads);
            _run = new CancellationTokenSource();
            var token = _run.Token;
            _loop = Task.Factory.StartNew(() => MineLoop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
    }

    public void Stop()
    {
        lock (_sync) StopUnlocked();
    }

    private void StopUnlocked()
    {
        if (_run is null) return;
        _run.Cancel();
        _round.Cancel();
        try { _loop?.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { /* cancelled */ }
        _run.Dispose();
        _run = null;
        _loop = null;
    }

    private long _templateStartedTicks;

    /// <summary>New transactions arrived: take them into a fresh template, at most once a second.</summary>
    public void OnNewTransactions()
    {
        long started = Interlocked.Read(ref _templateStartedTicks);
        if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(1)) OnTipChanged();
    }

    /// <summary>Abandons the current template (the tip moved).</summary>
    public void OnTipChanged()
    {
        lock (_sync) _round.Cancel();
    }

    private async Task MineLoop(CancellationToken stop)
    {
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
            BlockTemplate template;
            Interlocked.Exchange(ref _templateStartedTicks, System.Diagnostics.Stopwatch.GetTimestamp());
            try { template = assembler.Create(payTo(), payTo(), CoinbaseMessage); }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The tip moved under the assembler; take a fresh one.
                continue;
            }
            Block? block;
            try { block = await SolveAsync(template, _searcher!, linked.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { continue; }
            if (block is null) continue;
            Interlocked.Increment(ref _blocksFound);
            try { submit(block); }
            catch (RejectedException e)
            {
                // Our own block refused (e.g. the clock moved): report, pause briefly, build a fresh template.
                Console.Error.WriteLine($"miner: block {block.Hash} refused: {e.Rejection}");
                try { await Task.Delay(1000, stop).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
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
        Stop();
        lock (_sync) _round.Cancel(); // the round source is left to the collector: a racing OnTipChanged may still touch it
    }
}
