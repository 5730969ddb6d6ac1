using System.Collections.Concurrent;
using Hashmint.Core.Primitives;

namespace Hashmint.Pool;

/// <summary>
/// Accepted share difficulty in 10-second buckets over the last hour: hash rate over a window is
/// Σ difficulty · 2^32 / the window (shortened to the time since the first share, so a miner that just started is not
/// under-reported), and a miner that has submitted within the hour never shows 0 for a shorter window (the hour's
/// rate stands in).
/// </summary>
public sealed class HashRateWindow
{
    public const int BucketSeconds = 10;
    public const int Buckets = 360;
    public static readonly double HashesPerDifficulty = Math.Pow(2, 32);
    private readonly long[] _ids = new long[Buckets];
    private readonly double[] _sums = new double[Buckets];
    private long _firstSeen = long.MinValue;

    public void Add(DateTimeOffset at, double difficulty)
    {
        long seconds = at.ToUnixTimeSeconds();
        long id = seconds / BucketSeconds;
        int slot = (int)(id % Buckets);
        lock (_sums)
        {
            if (_firstSeen == long.MinValue) _firstSeen = seconds;
            if (_ids[slot] != id) { _ids[slot] = id; _sums[slot] = 0; }
            _sums[slot] += difficulty;
        }
    }

    /// <summary>Σ accepted difficulty within the window ending now.</summary>
    public double DifficultyWithin(DateTimeOffset now, TimeSpan window)
    {
        long newest = now.ToUnixTimeSeconds() / BucketSeconds;
        long oldest = (now.ToUnixTimeSeconds() - (long)window.TotalSeconds) / BucketSeconds;
        double sum = 0;
        lock (_sums)
            for (int i = 0; i < Buckets; i++)
                if (_ids[i] > oldest && _ids[i] <= newest) sum += _sums[i];
        return sum;
    }

    public double HashesPerSecond(DateTimeOffset now, TimeSpan window)
    {
        double rate = RateOver(now, window);
        if (rate == 0 && window < TimeSpan.FromHours(1)) rate = RateOver(now, TimeSpan.FromHours(1));
        return rate;
    }

    private double RateOver(DateTimeOffset now, TimeSpan window)
    {
        double sum = DifficultyWithin(now, window);
        if (sum == 0) return 0;
        long first;
        lock (_sums) first = _firstSeen;
        double span = Math.Min(window.TotalSeconds, Math.Max(now.ToUnixTimeSeconds() - first + BucketSeconds, BucketSeconds));
        return sum * HashesPerDifficulty / span;
    }
}

/// <summary>One worker of a miner (the part after the dot in the username).</summary>
public sealed class WorkerStats(string name)
{
    public string Name { get; } = name;
    public HashRateWindow Rate { get; } = new();
    public long Accepted;
    public long Rejected;
    /// <summary>Rejected shares by reason label (docs/POOL.md, "Share checks").</summary>
    public ConcurrentDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset? LastShare { get; internal set; }
}

/// <summary>One payout address and its workers.</summary>
public sealed class MinerStats(AccountId account)
{
    public AccountId Account { get; } = account;
    public HashRateWindow Rate { get; } = new();
    public ConcurrentDictionary<string, WorkerStats> Workers { get; } = new(StringComparer.Ordinal);
    public long Accepted;
    public long Rejected;
    /// <summary>Rejected shares by reason label (counted once this address has had a share accepted).</summary>
    public ConcurrentDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
    public long BlocksFound;
    public long MintsFound;
    /// <summary>Coins paid to this account by blocks the pool found (in their coinbases), and how many paid it.</summary>
    public long PaidUnits;
    public long PaidBlocks;
    public DateTimeOffset? LastShare { get; internal set; }
}

/// <summary>
/// What the pool has done: shares accepted and rejected by reason, hash rates from accepted share difficulty (pool,
/// per miner, per worker), blocks and NFTs found, the effort since the last block, refused connections and bans, and
/// the last job fan-out. Raises events for metrics and persistence.
/// </summary>
public sealed class PoolStats(TimeProvider clock)
{
    private const int RecentFinds = 100;
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refused = new(StringComparer.Ordinal);
    private readonly LinkedList<FoundBlock> _blocks = new();
    private readonly LinkedList<FoundMint> _mints = new();
    private long _accepted, _blocksFound, _mintsFound, _bans;
    private double _difficultySinceBlock;

    public TimeProvider Clock { get; } = clock;
    public HashRateWindow Rate { get; } = new();
    /// <summary>Accepted and rejected shares per minute (the charts of the mining page).</summary>
    public ShareHistory History { get; } = new(clock);
    public ConcurrentDictionary<AccountId, MinerStats> Miners { get; } = new();

    public event Action<AcceptedShare>? ShareAccepted;
    public event Action<RejectedShare>? ShareRejected;
    public event Action<FoundBlock>? BlockFoundEvent;
    public event Action<FoundMint>? MintFoundEvent;

    public long SharesAccepted => Interlocked.Read(ref _accepted);
    public long SharesRejected => _rejected.Values.Sum();
    public IReadOnlyDictionary<string, long> RejectedByReason => new SortedDictionary<string, long>(_rejected, StringComparer.Ordinal);
    public IReadOnlyDictionary<string, long> RefusedConnections => new SortedDictionary<string, long>(_refused, StringComparer.Ordinal);
    public long BlocksFound => Interlocked.Read(ref _blocksFound);
    public long MintsFound => Interlocked.Read(ref _mintsFound);
    public long Bans => Interlocked.Read(ref _bans);
    /// <summary>Σ accepted block-share difficulty since the last block found (effort = this / network difficulty).</summary>
    public double DifficultySinceLastBlock { get { lock (_blocks) return _difficultySinceBlock; } }
    public int LastFanOutMiners { get; private set; }
    public TimeSpan LastFanOutTime { get; private set; }

    public IReadOnlyList<FoundBlock> RecentBlocks() { lock (_blocks) return _blocks.ToList(); }
    public IReadOnlyList<FoundMint> RecentMints() { lock (_mints) return _mints.ToList(); }

    public void Accepted(AcceptedShare share)
    {
        Interlocked.Increment(ref _accepted);
        Rate.Add(share.At, share.Difficulty);
        History.Accepted(share.At, share.Difficulty);
        var miner = Miners.GetOrAdd(share.Account, a => new MinerStats(a));
        Interlocked.Increment(ref miner.Accepted);
        miner.Rate.Add(share.At, share.Difficulty);
        miner.LastShare = share.At;
        var worker = miner.Workers.GetOrAdd(share.Worker, w => new WorkerStats(w));
        Interlocked.Increment(ref worker.Accepted);
        worker.Rate.Add(share.At, share.Difficulty);
        worker.LastShare = share.At;
        if (share.Kind == Jobs.JobKind.Block) lock (_blocks) _difficultySinceBlock += share.Difficulty;
        ShareAccepted?.Invoke(share);
    }

    public void Rejected(RejectedShare share)
    {
        _rejected.AddOrUpdate(share.Reason, 1, (_, n) => n + 1);
        History.Rejected(share.At);
        // Only addresses that have done work get an entry (a refusal costs the sender nothing, so it creates none).
        if (!share.Account.IsNone && Miners.TryGetValue(share.Account, out var miner))
        {
            Interlocked.Increment(ref miner.Rejected);
            miner.RejectedByReason.AddOrUpdate(share.Reason, 1, (_, n) => n + 1);
            if (miner.Workers.TryGetValue(share.Worker, out var worker))
            {
                Interlocked.Increment(ref worker.Rejected);
                worker.RejectedByReason.AddOrUpdate(share.Reason, 1, (_, n) => n + 1);
            }
        }
        ShareRejected?.Invoke(share);
    }

    /// <summary>Blocks and NFTs found before a restart, read back from the store.</summary>
    public void Restore(IEnumerable<FoundBlock> blocks, IEnumerable<FoundMint> mints)
    {
        foreach (var b in blocks) Record(b);
        foreach (var m in mints) Record(m);
    }

    public void BlockFound(FoundBlock block)
    {
        Record(block);
        BlockFoundEvent?.Invoke(block);
    }

    private void Record(FoundBlock block)
    {
        lock (_blocks)
        {
            _blocks.AddFirst(block);
            if (_blocks.Count > RecentFinds) _blocks.RemoveLast();
            if (block.Rejection is null) _difficultySinceBlock = 0;
        }
        if (block.Rejection is not null) return;
        Interlocked.Increment(ref _blocksFound);
        Interlocked.Increment(ref Miners.GetOrAdd(block.Finder, a => new MinerStats(a)).BlocksFound);
        foreach (var p in block.Payouts)
        {
            var paid = Miners.GetOrAdd(p.To, a => new MinerStats(a));
            Interlocked.Add(ref paid.PaidUnits, (long)p.Amount.Units);
            Interlocked.Increment(ref paid.PaidBlocks);
        }
    }

    public void MintFound(FoundMint mint)
    {
        Record(mint);
        MintFoundEvent?.Invoke(mint);
    }

    private void Record(FoundMint mint)
    {
        lock (_mints)
        {
            _mints.AddFirst(mint);
            if (_mints.Count > RecentFinds) _mints.RemoveLast();
        }
        if (mint.Rejection is not null) return;
        Interlocked.Increment(ref _mintsFound);
        Interlocked.Increment(ref Miners.GetOrAdd(mint.Minter, a => new MinerStats(a)).MintsFound);
    }

    public void CountRefusedConnection(string reason) => _refused.AddOrUpdate(reason, 1, (_, n) => n + 1);
    public void CountBan() => Interlocked.Increment(ref _bans);

    public void FannedOut(int miners, TimeSpan time, bool clean)
    {
        LastFanOutMiners = miners;
        LastFanOutTime = time;
    }
}
