namespace Hashmint.Mining.Tests;

public sealed class HashBenchmarkTests
{
    [Fact]
    public void FormatIsTheCliLine()
    {
        Assert.Equal("sha256d avx512: 36.25 MH/s (1 threads)", HashBenchmark.Format("avx512", 36_250_000, 1));
        Assert.Equal("sha256d avx2: 0.00 MH/s (2 threads)", HashBenchmark.Format(("avx2", 1_000, 2)));
    }

    [Fact]
    public void RunReportsTheResolvedEngineAndAPositiveRate()
    {
        (string engine, double rate, int threads) = HashBenchmark.Run("auto", 1, TimeSpan.FromMilliseconds(300));

        Assert.Equal(NonceSearchEngines.Supported[0], engine);
        Assert.Equal(1, threads);
        Assert.True(rate > 0);
    }

    [Fact]
    public void RunRejectsUnknownEnginesAndEmptyDurations()
    {
        Assert.Throws<ArgumentException>(() => HashBenchmark.Run("md5", 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashBenchmark.Run("scalar", 1, TimeSpan.Zero));
    }
}
