namespace Hashmint.Pool;

/// <summary>One minute of the pool's shares: accepted (with their credited difficulty) and rejected.</summary>
/// <param name="Start">The minute's first second (UTC).</param>
/// <param name="Seconds">
/// How much of the minute the pool saw: 60, or less for the minute the pool started in and the current minute (the
/// seconds so far).
/// </param>
public readonly record struct ShareMinute(DateTimeOffset Start, int Seconds, long Accepted, long Rejected, double Difficulty)
{
    /// <summary>Estimated hashes per second: Σ accepted difficulty × 2^32 over the seconds of the minute the pool saw (0 when it saw none).</summary>
    public double HashesPerSecond => Seconds > 0 ? Difficulty * HashRateWindow.HashesPerDifficulty / Seconds : 0;
}

/// <summary>
/// The pool's time series: accepted shares, their credited difficulty and rejected shares in one-minute buckets, the
/// last <see cref="Minutes"/> minutes, in memory (a ring: each bucket is reused when its minute comes round again, so
/// the memory is fixed — 24 h by default, ~40 bytes a minute). Fed where the pool accounts shares (<see cref="PoolStats"/>),
/// on the pool's clock; a restart starts it empty. Minutes are UTC minutes since the Unix epoch.
/// </summary>
public sealed class ShareHistory
{
    public const int DefaultMinutes = 24 * 60;
    private readonly TimeProvider _clock;
    private readonly long _started; // unix seconds
    private readonly long[] _ids;
    private readonly long[] _accepted;
    private readonly long[] _rejected;
    private readonly double[] _difficulty;
    private readonly object _sync = new();

    public ShareHistory(TimeProvider clock, int minutes = DefaultMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 2);
        _clock = clock;
        _started = clock.GetUtcNow().ToUnixTimeSeconds();
        Minutes = minutes;
        _ids = new long[minutes];
        Array.Fill(_ids, long.MinValue);
        _accepted = new long[minutes];
        _rejected = new long[minutes];
        _difficulty = new double[minutes];
    }

    /// <summary>How many minutes are kept.</summary>
    public int Minutes { get; }

    /// <summary>When the history began (the pool's start), to the second.</summary>
    public DateTimeOffset Started => DateTimeOffset.FromUnixTimeSeconds(_started);

    public void Accepted(DateTimeOffset at, double difficulty) => Add(at, 1, 0, difficulty);

    public void Rejected(DateTimeOffset at) => Add(at, 0, 1, 0);

    private void Add(DateTimeOffset at, long accepted, long rejected, double difficulty)
    {
        long minute = Math.DivRem(at.ToUnixTimeSeconds(), 60, out long r) - (r < 0 ? 1 : 0);
        int slot = Slot(minute);
        lock (_sync)
        {
            if (_ids[slot] != minute)
            {
                if (_ids[slot] > minute) return; // older than what the ring holds now (a clock step back): dropped
                _ids[slot] = minute;
                _accepted[slot] = 0;
                _rejected[slot] = 0;
                _difficulty[slot] = 0;
            }
            _accepted[slot] += accepted;
            _rejected[slot] += rejected;
            _difficulty[slot] += difficulty;
        }
    }

    private int Slot(long minute) => (int)(((minute % Minutes) + Minutes) % Minutes);

    /// <summary>
    /// The last <paramref name="count"/> minutes up to now, oldest first, every minute present (an empty one is zeros).
    /// With <paramref name="includeCurrent"/> the last entry is the minute now under way (its seconds so far), else the
    /// last complete minute. Minutes before the pool started have 0 seconds (and no shares).
    /// </summary>
    public IReadOnlyList<ShareMinute> Recent(int count, bool includeCurrent = false)
    {
        count = Math.Clamp(count, 1, Minutes - 1);
        long nowSeconds = _clock.GetUtcNow().ToUnixTimeSeconds();
        long current = Math.DivRem(nowSeconds, 60, out long r) - (r < 0 ? 1 : 0);
        long last = includeCurrent ? current : current - 1;
        var list = new List<ShareMinute>(count);
        lock (_sync)
        {
            for (long m = last - count + 1; m <= last; m++)
            {
                int slot = Slot(m);
                bool held = _ids[slot] == m;
                long start = m * 60, end = Math.Min(start + 60, nowSeconds);
                int seconds = (int)Math.Clamp(end - Math.Max(start, _started), 0, 60);
                list.Add(new ShareMinute(DateTimeOffset.FromUnixTimeSeconds(start), seconds,
                    held ? _accepted[slot] : 0, held ? _rejected[slot] : 0, held ? _difficulty[slot] : 0));
            }
        }
        return list;
    }
}
