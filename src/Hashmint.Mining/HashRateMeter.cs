using System.Diagnostics;

namespace Hashmint.Mining;

/// <summary>Counts hashes from any number of threads and turns them into rates.</summary>
public sealed class HashRateMeter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _totalHashes;

    /// <summary>Hashes counted since creation or the last <see cref="Reset"/>.</summary>
    public ulong TotalHashes => (ulong)Interlocked.Read(ref _totalHashes);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Average rate since creation or the last <see cref="Reset"/>.</summary>
    public double HashesPerSecond => Take().HashesPerSecondSince(default);

    public void Add(ulong hashes) => Interlocked.Add(ref _totalHashes, (long)hashes);

    public void Reset()
    {
        Interlocked.Exchange(ref _totalHashes, 0);
        _clock.Restart();
    }

    /// <summary>The count and time now; two readings give the rate over the interval between them.</summary>
    public HashRateReading Take() => new(TotalHashes, _clock.Elapsed);
}

/// <summary>A meter reading: hashes counted and time elapsed at one moment.</summary>
public readonly record struct HashRateReading(ulong TotalHashes, TimeSpan Elapsed)
{
    /// <summary>Hashes per second between <paramref name="earlier"/> and this reading (0 over an empty interval).</summary>
    public double HashesPerSecondSince(HashRateReading earlier)
    {
        double seconds = (Elapsed - earlier.Elapsed).TotalSeconds;
        return seconds > 0 ? (TotalHashes - earlier.TotalHashes) / seconds : 0;
    }
}
