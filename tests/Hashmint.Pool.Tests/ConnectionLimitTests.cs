using System.Net;
using System.Text;
using Hashmint.Pool.Tests.Support;

namespace Hashmint.Pool.Tests;

/// <summary>Line limits, timeouts, bans with expiry, connection caps and the bounded send queue — all on the manual clock.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Garbage_closes_the_connection_and_bans_the_address_until_the_ban_expires()
    {
        await using var pool = PoolHarness.Start(o => o.BanDuration = TimeSpan.FromMinutes(5));
        await using (var miner = await pool.ConnectAsync())
        {
            await miner.SendLineAsync("GET / HTTP/1.1");
            Assert.True(await miner.ClosedByPoolAsync());
        }
        Assert.NotNull(pool.Server.Bans.Find(IPAddress.Loopback));
        Assert.Contains("not JSON", pool.Server.Bans.Find(IPAddress.Loopback)!.Reason);

        await using (var refused = await pool.ConnectAsync())
            Assert.True(await refused.ClosedByPoolAsync());
        Assert.Equal(1, pool.Stats.RefusedConnections["banned"]);

        pool.Advance(TimeSpan.FromMinutes(5));
        await using var back = await pool.ConnectAsync();
        Assert.Null((await back.SubscribeAsync())["error"]);
    }

    [Fact]
    public async Task A_json_line_that_is_not_a_request_is_garbage_too()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        await miner.SendLineAsync("[1,2,3]");
        Assert.True(await miner.ClosedByPoolAsync());
        Assert.NotNull(pool.Server.Bans.Find(IPAddress.Loopback));
    }

    [Fact]
    public async Task A_line_that_is_not_UTF_8_is_garbage_with_its_reason()
    {
        // The input the stratum-line fuzz target found: JSON that parses, with invalid UTF-8 inside the method string,
        // which JsonElement.GetString() throws on (InvalidOperationException) instead of refusing.
        var line = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Regressions", "invalid-utf8-in-method"));
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        Assert.Null((await miner.SubscribeAsync())["error"]);
        await miner.SendRawAsync([.. line, (byte)'\n']);
        Assert.True(await miner.ClosedByPoolAsync());
        Assert.Contains("not UTF-8 text", pool.Server.Bans.Find(IPAddress.Loopback)!.Reason);
    }

    [Fact]
    public async Task A_line_over_the_maximum_length_is_refused_without_waiting_for_its_end()
    {
        await using var pool = PoolHarness.Start(o => o.MaxLineBytes = 1024);
        await using var miner = await pool.ConnectAsync();
        await miner.SendRawAsync(Encoding.ASCII.GetBytes("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"" + new string('a', 2000)));
        Assert.True(await miner.ClosedByPoolAsync());
        Assert.Contains("without a newline", pool.Server.Bans.Find(IPAddress.Loopback)!.Reason);
    }

    [Fact]
    public async Task A_line_just_under_the_limit_is_served()
    {
        await using var pool = PoolHarness.Start(o => o.MaxLineBytes = 1024);
        await using var miner = await pool.ConnectAsync();
        string agent = new('a', 1024 - "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"\"]}".Length);
        Assert.Null((await miner.SubscribeAsync(agent))["error"]);
    }

    [Fact]
    public async Task A_connection_that_does_not_subscribe_and_authorize_in_time_is_closed_without_a_ban()
    {
        await using var pool = PoolHarness.Start(o => o.SubscribeTimeout = TimeSpan.FromSeconds(30));
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        pool.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, pool.Server.ConnectionCount);
        pool.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await miner.ClosedByPoolAsync());
        Assert.Null(pool.Server.Bans.Find(IPAddress.Loopback));
    }

    [Fact]
    public async Task An_idle_miner_is_closed_after_the_idle_timeout()
    {
        await using var pool = PoolHarness.Start(o => { o.IdleTimeout = TimeSpan.FromMinutes(2); o.JobRefreshInterval = TimeSpan.FromHours(1); });
        await using var miner = await pool.ConnectAsync();
        await miner.LoginAsync(pool.Address(1));
        pool.Advance(TimeSpan.FromSeconds(119));
        await miner.RequestAsync("mining.extranonce.subscribe", "[]"); // any message counts as activity
        pool.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(1, pool.Server.ConnectionCount);
        pool.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await miner.ClosedByPoolAsync());
    }

    [Fact]
    public async Task Too_many_connections_from_one_address_are_refused_and_banned()
    {
        await using var pool = PoolHarness.Start(o => o.MaxConnectionsPerAddress = 3);
        var clients = new List<StratumTestClient>();
        for (int i = 0; i < 3; i++)
        {
            var c = await pool.ConnectAsync();
            await c.SubscribeAsync(); // proves it was admitted
            clients.Add(c);
        }
        await using (var fourth = await pool.ConnectAsync())
            Assert.True(await fourth.ClosedByPoolAsync());
        Assert.Contains("more than 3 connections", pool.Server.Bans.Find(IPAddress.Loopback)!.Reason);
        // The admitted ones keep working.
        Assert.Null((await clients[0].RequestAsync("mining.extranonce.subscribe", "[]"))["error"]);
        foreach (var c in clients) await c.DisposeAsync();
    }

    [Fact]
    public async Task A_flood_of_invalid_shares_bans_the_address()
    {
        await using var pool = PoolHarness.Start(o => { o.InvalidShareWindow = 20; o.InvalidSharePercentToBan = 50; o.InitialDifficulty = 1; });
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        var target = StratumTestClient.TargetOfBits(job.NBits);
        uint nonce = 0;
        bool closed = false;
        for (int i = 0; i < 10 && !closed; i++)
        {
            var weak = miner.Mine(job, v => v > target, startNonce: nonce);
            nonce = Convert.ToUInt32(weak.Nonce, 16) + 1;
            try
            {
                await miner.SubmitAsync(pool.Address(1), job, weak);
            }
            catch (IOException) { closed = true; }
        }
        Assert.True(closed || await miner.ClosedByPoolAsync());
        Assert.Contains("invalid", pool.Server.Bans.Find(IPAddress.Loopback)!.Reason);
        Assert.Equal(10, pool.Stats.RejectedByReason["low-difficulty"]);
    }

    [Fact]
    public async Task A_miner_that_stops_reading_is_disconnected_when_its_send_queue_fills()
    {
        await using var pool = PoolHarness.Start(o => o.SendQueueLength = 4);
        await using var miner = await pool.ConnectAsync();
        await miner.LoginAsync(pool.Address(1));
        // The miner reads nothing more; the pool keeps pushing jobs until the kernel buffers and then the queue are full.
        for (int i = 0; i < 200_000 && pool.Server.ConnectionCount > 0; i++)
        {
            pool.Server.FanOut(clean: false);
            if (i % 1000 == 999) await Task.Delay(1);
        }
        await PoolHarness.WaitUntilAsync(() => pool.Server.ConnectionCount == 0, "the slow miner to be disconnected");
    }

    [Fact]
    public async Task Options_that_cannot_work_are_refused_at_start_up_with_every_problem()
    {
        var problems = PoolOptionsValidator.Problems(new PoolOptions { Port = 70000, Host = "localhost!", MinDifficulty = 0, RetargetVariance = 1, SendQueueLength = 0 });
        Assert.Contains(problems, p => p.Contains("port"));
        Assert.Contains(problems, p => p.Contains("host"));
        Assert.Contains(problems, p => p.Contains("MinDifficulty"));
        Assert.Contains(problems, p => p.Contains("RetargetVariance"));
        Assert.Contains(problems, p => p.Contains("SendQueueLength"));
        Assert.Empty(PoolOptionsValidator.Problems(new PoolOptions()));
        await Task.CompletedTask;
    }
}
