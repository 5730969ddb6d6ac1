using System.Globalization;

namespace Hashmint.Mining;

/// <summary>The CLI's hash benchmark: how fast an engine searches nonces with a given number of threads.</summary>
public static class HashBenchmark
{
    /// <summary>
    /// Searches an impossible target (all zero) with <paramref name="threads"/> threads for
    /// <paramref name="duration"/> and reports the rate, after a short warm-up that compiles the kernels.
    /// </summary>
    /// <param name="engine">auto, avx512, avx512vl, avx2 or scalar.</param>
    /// <param name="threads">Worker threads; 0 or less means one per processor.</param>
    public static (string EngineName, double HashesPerSecond, int Threads) Run(string engine, int threads, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The benchmark needs a positive duration.");
        INonceSearchEngine searchEngine = NonceSearchEngines.Create(engine);
        var searcher = new ParallelNonceSearcher(searchEngine, threads);
        byte[] target = new byte[BlockHeaderLayout.TargetSize];

        // The kernels are compiled on first use; keep that out of the measurement.
        searchEngine.Search(BenchmarkHeader(0), target, 0, 1 << 16, CancellationToken.None, out _, out _);

        using var timer = new CancellationTokenSource(duration);
        HashRateReading start = searcher.Meter.Take();
        searcher.SearchAsync(BenchmarkHeader, target, timer.Token).GetAwaiter().GetResult();
        double rate = searcher.Meter.Take().HashesPerSecondSince(start);
        return (searchEngine.Name, rate, searcher.Threads);
    }

    /// <summary>"sha256d &lt;engine&gt;: &lt;rate&gt; MH/s (&lt;N&gt; threads)", the rate with two decimals.</summary>
    public static string Format(string engineName, double hashesPerSecond, int threads) =>
        string.Create(CultureInfo.InvariantCulture, $"sha256d {engineName}: {hashesPerSecond / 1e6:F2} MH/s ({threads} threads)");

    public static string Format((string EngineName, double HashesPerSecond, int Threads) result) =>
        Format(result.EngineName, result.HashesPerSecond, result.Threads);

    /// <summary>A fixed header whose merkle root carries the extranonce, like a real coinbase would change it.</summary>
    private static byte[] BenchmarkHeader(ulong extranonce)
    {
        byte[] header = new byte[BlockHeaderLayout.HeaderSize];
        for (int i = 0; i < header.Length; i++)
            header[i] = (byte)(i * 37 + 11);
        BitConverter.TryWriteBytes(header.AsSpan(BlockHeaderLayout.MerkleRootOffset), extranonce);
        return header;
    }
}
