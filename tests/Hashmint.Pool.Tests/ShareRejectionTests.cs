using System.Text.Json.Nodes;
using Hashmint.Pool.Tests.Support;

namespace Hashmint.Pool.Tests;

/// <summary>Every refusal: its Stratum code, [code, message, null], and a reason a person understands.</summary>
public sealed class ShareRejectionTests
{
    private static void AssertRefused(JsonObject answer, int code, string words)
    {
        Assert.True(answer["result"] is null || answer["result"]!.GetValue<bool>() == false, answer.ToJsonString());
        var error = answer["error"]!.AsArray();
        Assert.Equal(3, error.Count);
        Assert.Equal(code, error[0]!.GetValue<int>());
        Assert.Contains(words, error[1]!.GetValue<string>());
        Assert.Null(error[2]);
    }

    private static PoolHarness EasyPool() => PoolHarness.Start(o => { o.MinDifficulty = 1e-12; o.InitialDifficulty = 1e-12; });

    [Fact]
    public async Task Code_25_submit_or_authorize_before_subscribe()
    {
        await using var pool = EasyPool();
        await using var miner = await pool.ConnectAsync();
        AssertRefused(await miner.SubmitAsync("w", "1", "00000000", "00000000", "00000000"), 25, "not subscribed");
        AssertRefused(await miner.AuthorizeAsync(pool.Address(1)), 25, "mining.subscribe");
        Assert.Equal(1, pool.Stats.RejectedByReason["not-subscribed"]);
    }

    [Fact]
    public async Task Code_24_bad_usernames_and_workers_that_were_not_authorized()
    {
        await using var pool = EasyPool();
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        AssertRefused(await miner.AuthorizeAsync("not-an-address"), 24, "ADDRESS.WORKER");
        AssertRefused(await miner.AuthorizeAsync(PoolHarness.Key(1).Account.ToAddress("hm")), 24, "rm1"); // another network's address
        AssertRefused(await miner.AuthorizeAsync(pool.Address(1) + ".bad worker!"), 24, "worker name");
        AssertRefused(await miner.AuthorizeAsync(pool.Address(1), "d=-3"), 24, "positive number");
        AssertRefused(await miner.AuthorizeAsync(pool.Address(1), "nft=no-such-collection"), 24, "no collection");
        var job = await miner.LoginAsync(pool.Address(1) + ".a");
        AssertRefused(await miner.SubmitAsync(pool.Address(1) + ".b", job, miner.Mine(job, _ => true)), 24, "unauthorized worker 'b'");
        AssertRefused(await miner.AuthorizeAsync(pool.Address(2) + ".b"), 24, "one address");
    }

    [Fact]
    public async Task Code_21_unknown_job_another_miners_job_and_stale_job()
    {
        await using var pool = EasyPool();
        await using var miner = await pool.ConnectAsync();
        await using var other = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        var otherJob = await other.LoginAsync(pool.Address(2));
        string user = pool.Address(1);
        AssertRefused(await miner.SubmitAsync(user, "ffffffff", "00000000", job.NTime, "00000000"), 21, "not known");
        // Another address's job: its coinbase names someone else, so the work is not this miner's.
        var foreign = miner.Mine(otherJob, _ => true);
        AssertRefused(await miner.SubmitAsync(user, otherJob, foreign), 21, "another miner");

        // A block moves the chain: shares on the old job are stale (and not counted against the miner).
        var block = miner.MineBlock(job, extranonce2: "00000001");
        Assert.True((await miner.SubmitAsync(user, job, block))["result"]!.GetValue<bool>());
        var late = miner.MineShareNotBlock(job, extranonce2: "00000002");
        AssertRefused(await miner.SubmitAsync(user, job, late), 21, "stale");
        Assert.Equal(1, pool.Stats.RejectedByReason["stale"]);
        Assert.Equal(2, pool.Stats.RejectedByReason["job-not-found"]);
    }

    [Fact]
    public async Task Code_22_the_same_share_twice()
    {
        await using var pool = EasyPool();
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        var share = miner.MineShareNotBlock(job);
        Assert.True((await miner.SubmitAsync(pool.Address(1), job, share))["result"]!.GetValue<bool>());
        AssertRefused(await miner.SubmitAsync(pool.Address(1), job, share), 22, "duplicate");
        // The same nonce with another extranonce2 is new work.
        var again = miner.Mine(job, v => v > StratumTestClient.TargetOfBits(job.NBits), extranonce2: "00000009");
        Assert.True((await miner.SubmitAsync(pool.Address(1), job, again))["result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Code_23_a_hash_above_the_connections_target()
    {
        // Every share must meet the network's target here (the difficulty is clamped to regtest's), so half miss it.
        await using var pool = PoolHarness.Start(o => o.InitialDifficulty = 1);
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        var target = StratumTestClient.TargetOfBits(job.NBits);
        var weak = miner.Mine(job, v => v > target);
        var answer = await miner.SubmitAsync(pool.Address(1), job, weak);
        AssertRefused(answer, 23, "low difficulty share");
        Assert.Contains("needs", answer["error"]![1]!.GetValue<string>());
        Assert.Equal(0u, pool.Ledger.Tip.Height);
    }

    [Fact]
    public async Task Code_20_field_sizes_ntime_window_and_version_bits_outside_the_mask()
    {
        await using var pool = EasyPool();
        await using var miner = await pool.ConnectAsync();
        await miner.RequestAsync("mining.configure", "[[\"version-rolling\"],{\"version-rolling.mask\":\"1fffe000\"}]");
        var job = await miner.LoginAsync(pool.Address(1));
        string user = pool.Address(1);
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "0000", job.NTime, "00000000"), 20, "extranonce2 must be 4 bytes");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "000000000000", job.NTime, "00000000"), 20, "extranonce2 must be 4 bytes");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "zz000000", job.NTime, "00000000"), 20, "extranonce2");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", job.NTime, "123"), 20, "nonce must be 8 hex digits");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", "5f", "00000000"), 20, "ntime must be 8 hex digits");
        uint t = uint.Parse(job.NTime, System.Globalization.NumberStyles.HexNumber);
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", (t - 1).ToString("x8"), "00000000"), 20, "before the job's time");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", (t + 601 + 100).ToString("x8"), "00000000"), 20, "past the pool's clock");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", job.NTime, "00000000", "00000001"), 20, "outside the negotiated mask");
        AssertRefused(await miner.SubmitAsync(user, job.JobId, "00000000", job.NTime, "00000000", "xyz"), 20, "version_bits");
        AssertRefused(await miner.RequestAsync("mining.submit", "[\"a\",1,2]"), 20, "mining.submit takes");

        await using var plain = await pool.ConnectAsync();
        var plainJob = await plain.LoginAsync(pool.Address(2));
        AssertRefused(await plain.SubmitAsync(pool.Address(2), plainJob.JobId, "00000000", plainJob.NTime, "00000000", "00002000"), 20, "not negotiated");
    }
}
