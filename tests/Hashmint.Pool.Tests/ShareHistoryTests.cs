using Hashmint.Core.Primitives;
using Hashmint.Pool.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Hashmint.Pool.Tests;

/// <summary>The pool's per-minute share history (the mining page's charts), on a manual clock.</summary>
public sealed class ShareHistoryTests
{
    private static readonly double TwoTo32 = Math.Pow(2, 32);
    // 1,800,000,000 is a whole minute (30,000,000 × 60).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Each_minute_holds_its_shares_and_its_rate_is_the_accepted_difficulty_times_2_to_the_32_over_60_seconds()
    {
        var clock = new FakeTimeProvider(T0);
        var history = new ShareHistory(clock);
        for (int i = 0; i < 6; i++) history.Accepted(T0 + TimeSpan.FromSeconds(i * 10), 2.0); // minute 0: 6 × difficulty 2
        for (int i = 0; i < 3; i++) history.Accepted(T0 + TimeSpan.FromSeconds(60 + i * 15), 4.0); // minute 1: 3 × difficulty 4
        history.Rejected(T0 + TimeSpan.FromSeconds(61));
        history.Rejected(T0 + TimeSpan.FromSeconds(119));
        history.Accepted(T0 + TimeSpan.FromSeconds(185), 1.5); // minute 3, under way
        clock.SetUtcNow(T0 + TimeSpan.FromSeconds(210));

        var complete = history.Recent(3);
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], complete.Select(m => m.Start));
        Assert.Equal([6L, 3, 0], complete.Select(m => m.Accepted));
        Assert.Equal([0L, 2, 0], complete.Select(m => m.Rejected));
        Assert.Equal([12.0, 12.0, 0], complete.Select(m => m.Difficulty));
        Assert.All(complete, m => Assert.Equal(60, m.Seconds));
        Assert.Equal(12 * TwoTo32 / 60, complete[0].HashesPerSecond, 6);
        Assert.Equal(12 * TwoTo32 / 60, complete[1].HashesPerSecond, 6);
        Assert.Equal(0, complete[2].HashesPerSecond);

        // With the current minute: its seconds so far (30) and its shares.
        var withCurrent = history.Recent(2, includeCurrent: true);
        Assert.Equal(T0.AddMinutes(3), withCurrent[^1].Start);
        Assert.Equal(30, withCurrent[^1].Seconds);
        Assert.Equal(1, withCurrent[^1].Accepted);
        Assert.Equal(1.5 * TwoTo32 / 30, withCurrent[^1].HashesPerSecond, 6);
    }

    [Fact]
    public void The_minute_the_pool_started_in_counts_only_the_seconds_it_ran_and_earlier_minutes_have_none()
    {
        var clock = new FakeTimeProvider(T0 + TimeSpan.FromSeconds(20)); // started 20 s into the minute
        var history = new ShareHistory(clock);
        history.Accepted(T0 + TimeSpan.FromSeconds(30), 8.0);
        clock.SetUtcNow(T0 + TimeSpan.FromSeconds(60));
        var minutes = history.Recent(3);
        Assert.Equal([0, 0, 40], minutes.Select(m => m.Seconds));
        Assert.Equal(8 * TwoTo32 / 40, minutes[^1].HashesPerSecond, 6);
        Assert.Equal(0, minutes[0].HashesPerSecond);
    }

    [Fact]
    public void The_ring_is_bounded_and_a_minute_coming_round_again_starts_from_zero()
    {
        var clock = new FakeTimeProvider(T0);
        var history = new ShareHistory(clock, minutes: 10);
        history.Accepted(T0, 5.0);
        history.Rejected(T0);
        history.Accepted(T0.AddMinutes(10), 1.0); // the same slot ten minutes later
        clock.SetUtcNow(T0.AddMinutes(11));
        var all = history.Recent(100); // asks for more than is kept: gets what the ring holds
        Assert.Equal(9, all.Count);
        Assert.Equal(T0.AddMinutes(10), all[^1].Start);
        Assert.Equal(1, all[^1].Accepted);
        Assert.Equal(0, all[^1].Rejected);
        Assert.Equal(1.0, all[^1].Difficulty);
        Assert.Equal(1, all.Sum(m => m.Accepted));
        // A share from before what the slot now holds (the clock stepped back) is dropped, not mixed in.
        history.Accepted(T0, 7.0);
        Assert.Equal(1.0, history.Recent(100).Sum(m => m.Difficulty));
    }

    [Fact]
    public void Pool_stats_feed_the_history_and_count_rejections_by_reason_per_miner_and_worker()
    {
        var clock = new FakeTimeProvider(T0);
        var stats = new PoolStats(clock);
        var account = new AccountId(Enumerable.Repeat((byte)7, 32).ToArray());
        stats.Accepted(new AcceptedShare(account, "rig1", 0.5, T0 + TimeSpan.FromSeconds(5), JobKind.Block, null, false));
        stats.Accepted(new AcceptedShare(account, "rig1", 0.25, T0 + TimeSpan.FromSeconds(50), JobKind.Mint, "art", false));
        stats.Rejected(new RejectedShare(account, "rig1", 23, "low-difficulty", T0 + TimeSpan.FromSeconds(55)));
        stats.Rejected(new RejectedShare(account, "rig1", 21, "stale", T0 + TimeSpan.FromSeconds(65)));
        stats.Rejected(new RejectedShare(account, "rig1", 23, "low-difficulty", T0 + TimeSpan.FromSeconds(70)));
        clock.SetUtcNow(T0.AddMinutes(2));

        var minutes = stats.History.Recent(2);
        Assert.Equal([2L, 0], minutes.Select(m => m.Accepted));
        Assert.Equal([1L, 2], minutes.Select(m => m.Rejected));
        Assert.Equal(0.75 * TwoTo32 / 60, minutes[0].HashesPerSecond, 6);
        var miner = stats.Miners[account];
        Assert.Equal(2, miner.RejectedByReason["low-difficulty"]);
        Assert.Equal(1, miner.RejectedByReason["stale"]);
        Assert.Equal(2, miner.Workers["rig1"].RejectedByReason["low-difficulty"]);
        Assert.Equal(3, miner.Rejected);
    }
}
