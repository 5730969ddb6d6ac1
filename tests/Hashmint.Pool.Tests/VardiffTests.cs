using Hashmint.Pool.Shares;

namespace Hashmint.Pool.Tests;

/// <summary>
/// Vardiff against simulated miners on a simulated clock: shares arrive as a Poisson process at rate
/// hash rate / (difficulty · 2^32), seeded, so every run is the same. The housekeeping ticks once a second.
/// </summary>
public sealed class VardiffTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private sealed record Run(double FinalDifficulty, double MeanInterval, int Shares, int Changes);

    private static Run Simulate(double hashesPerSecond, PoolOptions o, double networkDifficulty, TimeSpan warmUp, TimeSpan measure, int seed)
    {
        var random = new Random(seed);
        var now = Start;
        var vardiff = new Vardiff(o, o.InitialDifficulty, now);
        vardiff.Set(o.InitialDifficulty, networkDifficulty, now);
        double NextGap() => -Math.Log(1 - random.NextDouble()) * vardiff.Difficulty * Math.Pow(2, 32) / hashesPerSecond;
        var nextShare = now + TimeSpan.FromSeconds(NextGap());
        var nextTick = now + TimeSpan.FromSeconds(1);
        var measureFrom = Start + warmUp;
        var end = measureFrom + measure;
        int shares = 0, changes = 0;
        while (now < end)
        {
            bool share = nextShare <= nextTick;
            now = share ? nextShare : nextTick;
            double? changed;
            if (share)
            {
                if (now >= measureFrom) shares++;
                changed = vardiff.OnShare(now, networkDifficulty);
            }
            else
            {
                changed = vardiff.OnTick(now, networkDifficulty);
                nextTick = now + TimeSpan.FromSeconds(1);
            }
            if (changed is not null && now >= measureFrom) changes++;
            // Memoryless: after a share, or a change of difficulty, the time to the next share starts afresh.
            if (share || changed is not null) nextShare = now + TimeSpan.FromSeconds(NextGap());
        }
        return new Run(vardiff.Difficulty, measure.TotalSeconds / Math.Max(shares, 1), shares, changes);
    }

    [Theory]
    [InlineData(1e3, 1)]
    [InlineData(1e4, 2)]
    [InlineData(1e5, 3)]
    [InlineData(1e6, 4)]
    [InlineData(1e7, 5)]
    [InlineData(1e8, 6)]
    [InlineData(1e9, 7)]
    public void Miners_from_1_kHs_to_1_GHs_converge_to_one_share_per_10_seconds(double hashesPerSecond, int seed)
    {
        var o = new PoolOptions(); // defaults: 10 s target, initial 0.001, minimum 0.000001
        var run = Simulate(hashesPerSecond, o, networkDifficulty: 1e9, TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), seed);
        double ideal = hashesPerSecond * o.TargetShareSeconds / Math.Pow(2, 32);
        Assert.InRange(run.FinalDifficulty / ideal, 1 / 3.0, 3.0); // a momentary value: vardiff moves in steps of at least 30 %
        Assert.InRange(run.MeanInterval, 7, 14);
    }

    [Fact]
    public void Difficulty_never_goes_above_the_network_nor_below_the_minimum()
    {
        var o = new PoolOptions { MinDifficulty = 0.01 };
        var fast = Simulate(1e12, o, networkDifficulty: 64, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), seed: 11);
        Assert.Equal(64, fast.FinalDifficulty);
        var slow = Simulate(10, o, networkDifficulty: 64, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), seed: 12);
        Assert.Equal(0.01, slow.FinalDifficulty);
    }

    [Fact]
    public void A_steady_miner_is_left_alone_inside_the_variance_band()
    {
        var o = new PoolOptions();
        var run = Simulate(4.294967296e9, o, 1e9, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), seed: 21); // ideal difficulty 10
        Assert.InRange(run.FinalDifficulty, 7, 14);
        Assert.True(run.Changes <= 12, $"{run.Changes} changes in an hour for a steady miner");
    }

    [Fact]
    public void Difficulties_at_or_above_one_are_integers_and_smaller_ones_are_kept_exact()
    {
        var o = new PoolOptions { InitialDifficulty = 1 };
        var vardiff = new Vardiff(o, 1, Start);
        for (int i = 0; i < o.RetargetShares; i++) vardiff.OnShare(Start + TimeSpan.FromSeconds(i * 0.37), 1e9);
        Assert.Equal(Math.Floor(vardiff.Difficulty), vardiff.Difficulty);
        Assert.True(vardiff.Difficulty > 1);
        Assert.Equal("0.000123", Stratum.StratumDifficulty.Format(0.000123));
        Assert.Equal("27", Stratum.StratumDifficulty.Format(27));
    }

    [Fact]
    public void The_network_getting_easier_pulls_the_difficulty_down_at_the_next_tick()
    {
        var o = new PoolOptions();
        var vardiff = new Vardiff(o, 100, Start);
        vardiff.Set(100, 1000, Start);
        Assert.Equal(50, vardiff.OnTick(Start + TimeSpan.FromSeconds(1), 50));
    }
}
