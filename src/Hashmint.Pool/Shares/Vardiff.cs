namespace Hashmint.Pool.Shares;

/// <summary>
/// Variable difficulty for one connection, toward one share per <see cref="PoolOptions.TargetShareSeconds"/>. Shares
/// are counted in a window that closes after <see cref="PoolOptions.RetargetShares"/> shares or
/// <see cref="PoolOptions.RetargetSeconds"/>, whichever comes first; then the observed rate sets the new difficulty
/// (<c>d · target interval · shares / elapsed</c>; a window with no share counts as one, so a miner that cannot reach
/// the difficulty comes down quickly), unless it is within <see cref="PoolOptions.RetargetVariance"/> of the target.
/// The result is clamped between the minimum and the network's difficulty, and rounded to an integer at or above 1.
/// Pure logic on a given clock, so it is tested with simulated miners.
/// </summary>
public sealed class Vardiff
{
    private readonly PoolOptions _o;
    private DateTimeOffset _windowStart;
    private int _shares;

    public Vardiff(PoolOptions options, double initial, DateTimeOffset now)
    {
        _o = options;
        Difficulty = initial;
        _windowStart = now;
    }

    public double Difficulty { get; private set; }
    /// <summary>A floor above the pool's (mining.configure minimum-difficulty), never above the network's.</summary>
    public double Floor { get; set; }

    /// <summary>Sets the difficulty directly (suggest_difficulty); clamped; restarts the window.</summary>
    public double Set(double difficulty, double networkDifficulty, DateTimeOffset now)
    {
        Difficulty = Clamp(difficulty, networkDifficulty);
        _windowStart = now;
        _shares = 0;
        return Difficulty;
    }

    /// <summary>An accepted share; returns the new difficulty when it changes.</summary>
    public double? OnShare(DateTimeOffset now, double networkDifficulty)
    {
        _shares++;
        if (_shares >= _o.RetargetShares || (now - _windowStart).TotalSeconds >= _o.RetargetSeconds) return Retarget(now, networkDifficulty);
        return null;
    }

    /// <summary>Time passing without shares; returns the new difficulty when it changes.</summary>
    public double? OnTick(DateTimeOffset now, double networkDifficulty)
    {
        if ((now - _windowStart).TotalSeconds >= _o.RetargetSeconds) return Retarget(now, networkDifficulty);
        if (Difficulty > networkDifficulty) return Change(Clamp(Difficulty, networkDifficulty)); // the network got easier
        return null;
    }

    private double? Retarget(DateTimeOffset now, double networkDifficulty)
    {
        double elapsed = Math.Max((now - _windowStart).TotalSeconds, 0.001);
        int shares = Math.Max(_shares, 1);
        _windowStart = now;
        _shares = 0;
        double interval = elapsed / shares;
        double ratio = _o.TargetShareSeconds / interval;
        if (Math.Abs(ratio - 1) <= _o.RetargetVariance && Difficulty <= networkDifficulty) return null;
        return Change(Clamp(Difficulty * ratio, networkDifficulty));
    }

    private double? Change(double next)
    {
        if (next == Difficulty) return null;
        Difficulty = next;
        return next;
    }

    private double Clamp(double difficulty, double networkDifficulty)
    {
        double floor = Math.Max(_o.MinDifficulty, Floor);
        double d = Stratum.StratumDifficulty.Normalise(Math.Max(difficulty, floor));
        return Math.Min(d, networkDifficulty);
    }
}
