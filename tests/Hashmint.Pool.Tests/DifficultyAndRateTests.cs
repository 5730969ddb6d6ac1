using System.Numerics;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Tests;

public sealed class DifficultyAndRateTests
{
    [Fact]
    public void Difficulty_1_is_the_target_0xFFFF_times_2_to_the_208()
    {
        Assert.Equal(new BigInteger(0xFFFF) << 208, StratumDifficulty.ToBig(StratumDifficulty.ToTarget(1)));
        Assert.Equal((new BigInteger(0xFFFF) << 208) / 3, StratumDifficulty.ToBig(StratumDifficulty.ToTarget(3)));
        Assert.Equal(new BigInteger(0xFFFF) << 209, StratumDifficulty.ToBig(StratumDifficulty.ToTarget(0.5)));
        Assert.Equal((BigInteger.One << 256) - 1, StratumDifficulty.ToBig(StratumDifficulty.ToTarget(1e-30)));
        Assert.Equal(1.0, StratumDifficulty.OfTarget(StratumDifficulty.TargetOfBits(0x1d00ffff)), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => StratumDifficulty.ToTarget(0));
    }

    [Fact]
    public void Hash_rate_comes_from_accepted_difficulty_and_is_never_0_for_a_miner_that_is_submitting()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var rate = new HashRateWindow();
        for (int i = 0; i < 360; i++) rate.Add(start + TimeSpan.FromSeconds(i * 10), 2.0); // difficulty 2 every 10 s for an hour
        var end = start + TimeSpan.FromHours(1);
        double expected = 2.0 * Math.Pow(2, 32) / 10;
        Assert.InRange(rate.HashesPerSecond(end, TimeSpan.FromMinutes(1)) / expected, 0.8, 1.2);
        Assert.InRange(rate.HashesPerSecond(end, TimeSpan.FromMinutes(10)) / expected, 0.9, 1.1);
        Assert.InRange(rate.HashesPerSecond(end, TimeSpan.FromHours(1)) / expected, 0.9, 1.1);

        // A slow miner: one share five minutes ago still shows a rate over the last minute.
        var slow = new HashRateWindow();
        slow.Add(start, 1);
        Assert.True(slow.HashesPerSecond(start + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)) > 0);
        // One that just started is not under-reported by the hour's window.
        var fresh = new HashRateWindow();
        fresh.Add(start, 1);
        fresh.Add(start + TimeSpan.FromSeconds(10), 1);
        Assert.InRange(fresh.HashesPerSecond(start + TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)), Math.Pow(2, 32) / 20, Math.Pow(2, 32) / 5);
        Assert.Equal(0, new HashRateWindow().HashesPerSecond(start, TimeSpan.FromMinutes(1)));
    }
}
