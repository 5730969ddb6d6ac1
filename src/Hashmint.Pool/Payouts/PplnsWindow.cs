using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Payouts;

/// <summary>
/// PPLNS — pay per last N shares — paid in the coinbase itself. N is <see cref="PoolOptions.PplnsWindowFactor"/> times
/// the network difficulty (in difficulty units): the newest block-job shares whose credited difficulty adds up to N,
/// the oldest counted only for the part inside N. A block pays every account in the window by its work, in proportion;
/// at most <see cref="MaxPayees"/> accounts (the consensus limit of a committed-payout coinbase, 1,000), the largest kept and the others' work left out of
/// that block. With an empty window the finder takes all. Shares are written to the store before they are
/// acknowledged, so a restart loses none and pays exactly what an uninterrupted pool would.
/// </summary>
public sealed class PplnsWindow : IPayoutPolicy
{
    /// <summary>Weights are the window's work scaled to this many units in total.</summary>
    private const double WeightScale = 1UL << 40;
    private readonly PoolStore? _store;
    private readonly LedgerFacade _ledger;
    private readonly PoolOptions _options;
    private readonly LinkedList<WindowShare> _shares = new(); // oldest first
    private readonly object _sync = new();
    private double _sum;
    private ulong _next;
    // Group commit (see Add): shares added but not yet written, in sequence order (under _sync); the newest sequence
    // number written, and the lock held while writing (one batch at a time).
    private readonly List<(WindowShare Share, IEnumerable<ulong> Left)> _unwritten = [];
    private readonly object _writeSync = new();
    private ulong _written;

    public PplnsWindow(LedgerFacade ledger, PoolOptions options, PoolStore? store)
    {
        _ledger = ledger;
        _options = options;
        _store = store;
        MaxPayees = ledger.Network.MaxCommittedPayouts;
        _next = 1;
        if (store is null) return;
        double size = WindowDifficulty();
        double sum = 0;
        var loaded = new List<WindowShare>();
        foreach (var s in store.SharesNewestFirst())
        {
            loaded.Add(s);
            sum += s.Difficulty;
            if (sum >= size * 2) break; // what a live window keeps (see Trim); older ones are deleted by the next share
        }
        for (int i = loaded.Count - 1; i >= 0; i--) { _shares.AddLast(loaded[i]); _sum += loaded[i].Difficulty; }
        _next = store.NextSequence('s');
    }

    public int MaxPayees { get; init; }

    /// <summary>N: the window's size in difficulty units, from the difficulty of the next block.</summary>
    public double WindowDifficulty() => _options.PplnsWindowFactor * StratumDifficulty.OfTarget(StratumDifficulty.TargetOfBits(_ledger.NextBits()));

    public int Count { get { lock (_sync) return _shares.Count; } }

    /// <summary>Shares added but not yet written (tests).</summary>
    internal int Unwritten { get { lock (_sync) return _unwritten.Count; } }

    /// <summary>
    /// Adds an accepted block-job share (persisted before this returns); mint-job shares earn NFTs, not coins.
    /// Group commit: the share joins a queue, and whichever caller holds the write lock writes every share queued so
    /// far in one synced batch, in sequence order; a caller whose share was written by another returns without a
    /// write of its own. So concurrent connections share one sync instead of waiting for one each. A failed write
    /// puts its shares back at the head of the queue (the next writer retries them) and throws to its caller.
    /// </summary>
    public void Add(AcceptedShare share)
    {
        if (share.Kind != JobKind.Block) return;
        ulong sequence;
        lock (_sync)
        {
            var entry = new WindowShare(_next++, share.Account, share.Difficulty, share.At.ToUnixTimeMilliseconds());
            _shares.AddLast(entry);
            _sum += entry.Difficulty;
            var left = Trim(WindowDifficulty());
            if (_store is null) return;
            _unwritten.Add((entry, left));
            sequence = entry.Sequence;
        }
        lock (_writeSync)
        {
            if (_written >= sequence) return; // a batch written while this caller waited for the lock held its share
            List<(WindowShare Share, IEnumerable<ulong> Left)> batch;
            lock (_sync)
            {
                batch = [.. _unwritten];
                _unwritten.Clear();
            }
            try { _store.AppendShares(batch); }
            catch
            {
                lock (_sync) _unwritten.InsertRange(0, batch);
                throw;
            }
            _written = batch[^1].Share.Sequence;
        }
    }

    /// <summary>Keeps at least twice N (the difficulty can fall); returns the sequence numbers dropped.</summary>
    private List<ulong> Trim(double size)
    {
        var dropped = new List<ulong>();
        while (_shares.First is { } oldest && _sum - oldest.Value.Difficulty >= size * 2)
        {
            _sum -= oldest.Value.Difficulty;
            dropped.Add(oldest.Value.Sequence);
            _shares.RemoveFirst();
        }
        return dropped;
    }

    /// <summary>Each account's work inside the window (newest shares first, the oldest cut at N).</summary>
    public IReadOnlyList<(AccountId Account, double Work)> Work()
    {
        double remaining = WindowDifficulty();
        var work = new Dictionary<AccountId, double>();
        lock (_sync)
        {
            for (var node = _shares.Last; node is not null && remaining > 0; node = node.Previous)
            {
                double take = Math.Min(node.Value.Difficulty, remaining);
                remaining -= take;
                work[node.Value.Account] = work.GetValueOrDefault(node.Value.Account) + take;
            }
        }
        // Deterministic order: most work first, then by account bytes.
        return work.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Value).ThenBy(x => x.Key.Key).ToList();
    }

    public IReadOnlyList<PayoutShare> PayeesFor(AccountId finder)
    {
        var work = Work();
        if (work.Count == 0) return [new PayoutShare(finder, 1)];
        var kept = work.Take(MaxPayees).ToList();
        double total = kept.Sum(x => x.Work);
        return kept.Select(x => new PayoutShare(x.Account, Math.Max(1UL, (ulong)Math.Round(x.Work / total * WeightScale)))).ToList();
    }
}
