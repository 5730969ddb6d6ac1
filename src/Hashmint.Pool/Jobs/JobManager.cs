using System.Collections.Concurrent;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;

namespace Hashmint.Pool.Jobs;

/// <summary>
/// The pool's jobs. Each <em>generation</em> (a new tip: clean; or a refresh that takes in new transactions and time)
/// has at most one job per <see cref="JobKey"/>, built on first use from a ledger template (block jobs) or the
/// collection's mint slot (mint jobs). Jobs of the last <see cref="PoolOptions.JobGenerationsKept"/> generations can
/// still be found for share checks; a job from before the last clean generation, or whose parent is no longer the
/// tip, is stale.
/// </summary>
public sealed class JobManager
{
    private readonly LedgerFacade _ledger;
    private readonly IPayoutPolicy _payouts;
    private readonly PoolOptions _options;
    private readonly TimeProvider _clock;
    private readonly Func<JobKey, long, string, PoolJob>? _mintJobs;
    private readonly object _sync = new();
    private readonly ConcurrentDictionary<string, PoolJob> _byId = new(StringComparer.Ordinal);
    private readonly Queue<(long Generation, string Id)> _order = new();
    private Dictionary<JobKey, PoolJob> _current = [];
    private long _generation;
    private long _cleanGeneration;
    private long _nextId;
    private DateTimeOffset _generationStarted;

    public JobManager(LedgerFacade ledger, IPayoutPolicy payouts, PoolOptions options, TimeProvider clock, Func<JobKey, long, string, PoolJob>? mintJobs = null)
    {
        _ledger = ledger;
        _payouts = payouts;
        _options = options;
        _clock = clock;
        _mintJobs = mintJobs;
        _generationStarted = clock.GetUtcNow();
        _nextId = Random.Shared.Next(1 << 16) << 8;
    }

    public LedgerFacade Ledger => _ledger;
    public long Generation { get { lock (_sync) return _generation; } }
    public DateTimeOffset GenerationStarted { get { lock (_sync) return _generationStarted; } }

    /// <summary>Starts a new generation; <paramref name="clean"/> makes every earlier job stale (the tip moved).</summary>
    public void Refresh(bool clean)
    {
        lock (_sync)
        {
            _generation++;
            if (clean) _cleanGeneration = _generation;
            _current = [];
            _generationStarted = _clock.GetUtcNow();
            while (_order.Count > 0 && _order.Peek().Generation <= _generation - _options.JobGenerationsKept)
                _byId.TryRemove(_order.Dequeue().Id, out _);
        }
    }

    /// <summary>The current generation's job for a key, built on first use.</summary>
    /// <exception cref="Exception">whatever the ledger throws when it cannot build a template.</exception>
    public PoolJob Current(JobKey key)
    {
        lock (_sync)
        {
            if (_current.TryGetValue(key, out var job)) return job;
            string id = (++_nextId).ToString("x");
            job = key.Kind == JobKind.Block ? BuildBlockJob(key, _generation, id)
                : (_mintJobs ?? throw new InvalidOperationException("this pool serves no mint jobs"))(key, _generation, id);
            _current[key] = job;
            _byId[id] = job;
            _order.Enqueue((_generation, id));
            return job;
        }
    }

    public PoolJob? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>True when shares on the job can no longer become a block (or mint): the chain moved on.</summary>
    public bool IsStale(PoolJob job)
    {
        if (job.Generation < Interlocked.Read(ref _cleanGeneration)) return true;
        return job.Kind == JobKind.Block && job.PreviousHash != _ledger.Tip.Hash;
    }

    private PoolJob BuildBlockJob(JobKey key, long generation, string id)
    {
        var template = _ledger.CreateTemplate(new TemplateRequest(_payouts.PayeesFor(key.Account), key.Account, _options.CoinbaseMessage));
        var cb = template.Coinbase;
        return new PoolJob(id, generation, key, template.Parent.Hash, cb.Coinb1.ToArray(), cb.Coinb2.ToArray(), template.MerkleBranch,
            BlockTemplate.HeaderVersion, template.Bits, template.Time, template.Height, _clock.GetUtcNow(), template);
    }
}
