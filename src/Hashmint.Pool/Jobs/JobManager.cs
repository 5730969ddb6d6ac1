using System.Collections.Concurrent;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Nft;

namespace Hashmint.Pool.Jobs;

/// <summary>
/// The pool's jobs. Each <em>generation</em> (a new tip: clean; or a refresh that takes in new transactions and time)
/// has at most one job per <see cref="JobKey"/>, built on first use from a ledger template (block jobs) or the
/// collection's mint slot (mint jobs: <see cref="MintSlot"/>, after the proofs already pending). Jobs of the last
/// <see cref="PoolOptions.JobGenerationsKept"/> generations can still be found for share checks. A block job whose
/// parent is no longer the tip is stale; so is a mint job whose previous mint is no longer the collection's newest
/// (a proof found by the pool moves it at once; a chain update at the next generation).
/// </summary>
public sealed class JobManager
{
    private readonly LedgerFacade _ledger;
    private readonly IPayoutPolicy _payouts;
    private readonly PoolOptions _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<JobKey, Hash256> _lastParent = [];
    private readonly ConcurrentDictionary<string, Hash256> _mintPrevious = new(StringComparer.Ordinal);
    private readonly object _sync = new();
    private readonly ConcurrentDictionary<string, PoolJob> _byId = new(StringComparer.Ordinal);
    private readonly Queue<(long Generation, string Id)> _order = new();
    private Dictionary<JobKey, PoolJob> _current = [];
    private long _generation;
    private long _nextId;
    private DateTimeOffset _generationStarted;

    public JobManager(LedgerFacade ledger, IPayoutPolicy payouts, PoolOptions options, TimeProvider clock)
    {
        _ledger = ledger;
        _payouts = payouts;
        _options = options;
        _clock = clock;
        _generationStarted = clock.GetUtcNow();
        _nextId = Random.Shared.Next(1 << 16) << 8;
    }

    public LedgerFacade Ledger => _ledger;
    public long Generation { get { lock (_sync) return _generation; } }
    public DateTimeOffset GenerationStarted { get { lock (_sync) return _generationStarted; } }

    /// <summary>Starts a new generation of jobs (built on first use, on the tip and mint slots of that moment).</summary>
    public void Refresh()
    {
        lock (_sync)
        {
            _generation++;
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
            bool newParent;
            job = key.Kind == JobKind.Block ? BuildBlockJob(key, _generation, id) : BuildMintJob(key, _generation, id);
            newParent = !_lastParent.TryGetValue(key, out var last) || last != job.PreviousHash;
            _lastParent[key] = job.PreviousHash;
            job.NewParent = newParent;
            _current[key] = job;
            _byId[id] = job;
            _order.Enqueue((_generation, id));
            return job;
        }
    }

    public PoolJob? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Registers a job built elsewhere (benchmarks: a job with a long Merkle branch) in the current generation.</summary>
    internal void Adopt(PoolJob job)
    {
        lock (_sync)
        {
            _byId[job.Id] = job;
            _order.Enqueue((job.Generation, job.Id));
        }
    }

    /// <summary>True when shares on the job can no longer become a block (or mint): the chain moved on.</summary>
    public bool IsStale(PoolJob job) => job.Kind == JobKind.Block
        ? job.PreviousHash != _ledger.Tip.Hash
        : _mintPrevious.TryGetValue(job.Key.Collection!, out var newest) && newest != job.PreviousHash;

    /// <summary>A proof the pool found and sent to the mempool: the collection's next mint builds on it.</summary>
    public void MintFound(string collection, Hash256 proofHash) => _mintPrevious[collection] = proofHash;

    /// <summary>Why a collection cannot be mined through the pool now (null: it can).</summary>
    public string? CheckCollection(string collection)
    {
        var c = _ledger.ReadState(view => view.GetCollection(collection));
        if (c is null) return $"there is no collection '{collection}'";
        if (c.Definition.MintPolicy != MintPolicy.ProofOfWork) return $"'{collection}' is not minted by proof of work";
        if (c.Minted >= c.Definition.MaxSupply) return $"'{collection}' is sold out";
        return null;
    }

    private PoolJob BuildMintJob(JobKey key, long generation, string id)
    {
        string collection = key.Collection!;
        var tip = _ledger.Tip;
        var c = _ledger.ReadState(view => view.GetCollection(collection)) ?? throw new InvalidOperationException($"collection '{collection}' is gone");
        var slot = MintSlot.Next(c, _ledger.PendingTransactions(), tip.Height);
        _mintPrevious[collection] = slot.PreviousMint;
        var prefix = MintProof.PreimagePrefix(_ledger.Network.ChainId, collection, key.Account);
        uint time = (uint)Math.Max(_clock.GetUtcNow().ToUnixTimeSeconds(), tip.Header.Time);
        return new PoolJob(id, generation, key, slot.PreviousMint, prefix, [], [], BlockTemplate.HeaderVersion, slot.Bits, time, tip.Height + 1, _clock.GetUtcNow());
    }

    private PoolJob BuildBlockJob(JobKey key, long generation, string id)
    {
        // Kind 0x02 coinbase: the payout list is committed by hash, so coinb1 | extranonce | coinb2 stays ≤ 181 bytes for any number of payees.
        var template = _ledger.CreateTemplate(new TemplateRequest(_payouts.PayeesFor(key.Account), key.Account, _options.CoinbaseMessage) { CommitPayouts = true });
        var cb = template.Coinbase;
        return new PoolJob(id, generation, key, template.Parent.Hash, cb.Coinb1.ToArray(), cb.Coinb2.ToArray(), template.MerkleBranch,
            BlockTemplate.HeaderVersion, template.Bits, template.Time, template.Height, _clock.GetUtcNow(), template);
    }
}
