namespace Hashmint.Mining.Tests;

public sealed class HashRateMeterTests
{
    [Fact]
    public void CountsFromManyThreads()
    {
        var meter = new HashRateMeter();

        Parallel.For(0, 1000, _ => meter.Add(3));

        Assert.Equal(3000UL, meter.TotalHashes);
    }

    [Fact]
    public void RateIsHashesOverTheIntervalBetweenReadings()
    {
        var earlier = new HashRateReading(1_000, TimeSpan.FromSeconds(2));
        var later = new HashRateReading(31_000, TimeSpan.FromSeconds(5));

        Assert.Equal(10_000, later.HashesPerSecondSince(earlier));
        Assert.Equal(0, later.HashesPerSecondSince(later));
    }

    [Fact]
    public void ResetStartsOver()
    {
        var meter = new HashRateMeter();
        meter.Add(500);

        meter.Reset();

        Assert.Equal(0UL, meter.TotalHashes);
        Assert.True(meter.HashesPerSecond >= 0);
    }
}
