using System.Buffers.Binary;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Pool.Tests.Support;

namespace Hashmint.Pool.Tests;

/// <summary>The wire as stock miners see it: field layouts and byte orders, and blocks mined through the pool.</summary>
public sealed class StratumProtocolTests
{
    [Fact]
    public async Task Subscribe_answers_the_two_subscriptions_extranonce1_and_a_4_byte_extranonce2()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        var response = await miner.SubscribeAsync();

        Assert.Null(response["error"]);
        var result = response["result"]!.AsArray();
        var subscriptions = result[0]!.AsArray();
        Assert.Equal("mining.set_difficulty", subscriptions[0]![0]!.GetValue<string>());
        Assert.Equal("mining.notify", subscriptions[1]![0]!.GetValue<string>());
        Assert.Equal(subscriptions[0]![1]!.GetValue<string>(), subscriptions[1]![1]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{8}$", result[1]!.GetValue<string>());
        Assert.Equal(4, result[2]!.GetValue<int>()); // cpuminer refuses 0 and sizes over 100

        await using var other = await pool.ConnectAsync();
        await other.SubscribeAsync();
        Assert.NotEqual(miner.Extranonce1, other.Extranonce1);
    }

    [Fact]
    public async Task Authorize_sends_difficulty_then_a_clean_job_with_stock_byte_orders()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        var auth = await miner.AuthorizeAsync(pool.Address(1) + ".rig1");
        Assert.True(auth["result"]!.GetValue<bool>());
        Assert.Null(auth["error"]);

        var difficulty = await miner.NextNotificationAsync("mining.set_difficulty");
        Assert.Single(difficulty["params"]!.AsArray());
        var notify = await miner.NextNotificationAsync("mining.notify");
        var p = notify["params"]!.AsArray();
        Assert.Equal(9, p.Count);
        var job = miner.Job!;

        // prevhash: the tip's 32 header bytes with each 4-byte word reversed.
        var tip = pool.Ledger.Tip.Hash.ToArray();
        for (int i = 0; i < 32; i += 4) Array.Reverse(tip, i, 4);
        Assert.Equal(Convert.ToHexStringLower(tip), job.PrevHash);
        Assert.Equal("00000001", job.Version);
        Assert.Equal("207fffff", job.NBits); // regtest bits, big-endian hex
        var template = pool.Jobs.Find(job.JobId)!;
        Assert.Equal(template.Time.ToString("x8"), job.NTime);
        Assert.True(job.Clean);
        Assert.Empty(job.Branch); // no transactions: the coinbase id is the Merkle root

        // coinb1 is the coinbase up to the 8-byte extranonce: kind 02 (payouts committed) | chain id | height 1.
        var coinb1 = Convert.FromHexString(job.Coinb1);
        Assert.Equal(9, coinb1.Length);
        Assert.Equal(2, coinb1[0]);
        Assert.Equal(pool.Network.ChainId, BinaryPrimitives.ReadUInt32LittleEndian(coinb1.AsSpan(1)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(coinb1.AsSpan(5)));
    }

    [Fact]
    public async Task A_share_that_meets_the_network_target_is_a_block_the_node_accepts_paying_the_finder_who_gets_the_block_nft()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(7) + ".cpu");
        var share = miner.MineBlock(job, extranonce2: "0a0b0c0d");
        var answer = await miner.SubmitAsync(pool.Address(7) + ".cpu", job, share);
        Assert.True(answer["result"]!.GetValue<bool>(), answer.ToJsonString());

        Assert.Equal(1u, pool.Ledger.Tip.Height);
        var block = pool.Ledger.GetBlock(pool.Ledger.Tip.Hash)!;
        Assert.Equal(share.Header, block.Header.ToBytes()); // exactly the header the miner hashed
        Assert.Equal(Convert.FromHexString(job.Coinb1 + miner.Extranonce1 + "0a0b0c0d" + job.Coinb2), block.Coinbase.Encoded);
        var (_, account) = PoolHarness.Key(7);
        var payout = Assert.Single(block.Coinbase.Payouts);
        Assert.Equal(account, payout.To);
        Assert.Equal(pool.Network.SubsidyAt(1), payout.Amount);
        Assert.Equal(account, block.Coinbase.NftRecipient);
        Assert.Equal(1, pool.Stats.BlocksFound);

        // The chain moved: a clean job on the new tip comes to the miner; its block mints block 1's NFT to the finder.
        await miner.NextNotificationAsync("mining.notify");
        Assert.True(miner.Job!.Clean);
        Assert.NotEqual(job.PrevHash, miner.Job.PrevHash);
        var second = miner.MineBlock(miner.Job);
        Assert.True((await miner.SubmitAsync(pool.Address(7) + ".cpu", miner.Job, second))["result"]!.GetValue<bool>());
        Assert.Equal(2u, pool.Ledger.Tip.Height);
        var token = pool.Ledger.ReadState(view => view.GetToken("blocks", 1));
        Assert.NotNull(token);
        Assert.Equal(account, token.Owner);
    }

    [Fact]
    public async Task Version_rolling_is_negotiated_as_the_pool_mask_anded_with_the_miners_and_rolled_blocks_are_accepted()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        var configure = await miner.RequestAsync("mining.configure",
            "[[\"version-rolling\",\"minimum-difficulty\",\"subscribe-extranonce\"],{\"version-rolling.mask\":\"00ffff00\",\"version-rolling.min-bit-count\":2,\"minimum-difficulty.value\":0.0000001}]");
        var result = configure["result"]!.AsObject();
        Assert.True(result["version-rolling"]!.GetValue<bool>());
        Assert.Equal("00ffe000", result["version-rolling.mask"]!.GetValue<string>()); // 1fffe000 & 00ffff00
        Assert.True(result["minimum-difficulty"]!.GetValue<bool>());
        Assert.False(result["subscribe-extranonce"]!.GetValue<bool>());

        await using var full = await pool.ConnectAsync();
        var all = await full.RequestAsync("mining.configure", "[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]");
        Assert.Equal("1fffe000", all["result"]!["version-rolling.mask"]!.GetValue<string>());

        var job = await full.LoginAsync(pool.Address(2));
        var rolled = full.MineBlock(job, versionBits: "1fffe000");
        Assert.True((await full.SubmitAsync(pool.Address(2), job, rolled))["result"]!.GetValue<bool>());
        var block = pool.Ledger.GetBlock(pool.Ledger.Tip.Hash)!;
        Assert.Equal(0x1fffe001u, block.Header.Version);
    }

    [Fact]
    public async Task Suggest_difficulty_and_the_d_password_set_the_starting_difficulty_sent_as_a_number()
    {
        await using var pool = PoolHarness.Start(o => { o.MinDifficulty = 1e-12; o.InitialDifficulty = 1e-11; });
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        Assert.True((await miner.RequestAsync("mining.suggest_difficulty", "[2e-11]"))["result"]!.GetValue<bool>());
        await miner.AuthorizeAsync(pool.Address(3));
        var set = await miner.NextNotificationAsync("mining.set_difficulty");
        Assert.Equal(2e-11, set["params"]![0]!.GetValue<double>());

        await using var other = await pool.ConnectAsync();
        await other.SubscribeAsync();
        await other.AuthorizeAsync(pool.Address(4), "x,d=3e-11");
        Assert.Equal(3e-11, (await other.NextNotificationAsync("mining.set_difficulty"))["params"]![0]!.GetValue<double>());

        // Above the network's difficulty the pool clamps: on regtest every share is then a block.
        await using var greedy = await pool.ConnectAsync();
        await greedy.SubscribeAsync();
        await greedy.AuthorizeAsync(pool.Address(5), "d=1000");
        double sent = (await greedy.NextNotificationAsync("mining.set_difficulty"))["params"]![0]!.GetValue<double>();
        Assert.True(sent < 1e-9, $"difficulty {sent} must be clamped to regtest's");
    }

    [Fact]
    public async Task Extranonce_subscribe_is_acknowledged_and_unknown_methods_are_refused_with_code_20()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        await miner.SubscribeAsync();
        Assert.True((await miner.RequestAsync("mining.extranonce.subscribe", "[]"))["result"]!.GetValue<bool>());
        var unknown = await miner.RequestAsync("mining.get_transactions", "[]");
        Assert.Equal(20, unknown["error"]![0]!.GetValue<int>());
        Assert.Null(unknown["error"]![2]);
        Assert.Contains("unknown method", unknown["error"]![1]!.GetValue<string>());
    }

    [Fact]
    public async Task A_non_block_share_is_accepted_and_credited_without_moving_the_chain()
    {
        await using var pool = PoolHarness.Start(o => { o.MinDifficulty = 1e-12; o.InitialDifficulty = 1e-12; });
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1) + ".w");
        var share = miner.MineShareNotBlock(job);
        Assert.True((await miner.SubmitAsync(pool.Address(1) + ".w", job, share))["result"]!.GetValue<bool>());
        Assert.Equal(0u, pool.Ledger.Tip.Height);
        Assert.Equal(1, pool.Stats.SharesAccepted);
        var stats = pool.Stats.Miners[PoolHarness.Key(1).Account];
        Assert.Equal(1, stats.Workers["w"].Accepted);
        Assert.True(stats.Rate.HashesPerSecond(pool.Clock.GetUtcNow(), TimeSpan.FromMinutes(1)) > 0);
    }

    [Fact]
    public async Task A_refresh_sends_a_job_that_is_not_clean_and_old_jobs_on_the_same_tip_stay_valid()
    {
        await using var pool = PoolHarness.Start(o => { o.MinDifficulty = 1e-12; o.InitialDifficulty = 1e-12; });
        await using var miner = await pool.ConnectAsync();
        var first = await miner.LoginAsync(pool.Address(1));
        pool.Advance(pool.Options.JobRefreshInterval);
        await miner.NextNotificationAsync("mining.notify");
        Assert.False(miner.Job!.Clean);
        Assert.NotEqual(first.JobId, miner.Job.JobId);
        var old = miner.MineShareNotBlock(first);
        Assert.True((await miner.SubmitAsync(pool.Address(1), first, old))["result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Miners_of_one_address_share_one_job_and_each_has_its_own_extranonce1()
    {
        await using var pool = PoolHarness.Start();
        await using var a = await pool.ConnectAsync();
        await using var b = await pool.ConnectAsync();
        var ja = await a.LoginAsync(pool.Address(1) + ".a");
        var jb = await b.LoginAsync(pool.Address(1) + ".b");
        Assert.Equal(ja.JobId, jb.JobId);
        Assert.NotEqual(a.Extranonce1, b.Extranonce1);
        // The same extranonce2 and nonce on two connections is different work.
        var sa = a.Mine(ja, _ => true);
        var sb = b.Mine(jb, _ => true);
        Assert.NotEqual(Convert.ToHexString(sa.Hash), Convert.ToHexString(sb.Hash));
    }

    [Fact]
    public void The_notify_prevhash_is_what_a_miner_swaps_back_into_the_header()
    {
        var hash = Hash256.Parse("000000000000000000024bead8df69990852c202db0e0097c1a12ea637d7e96d");
        string notify = Stratum.StratumHex.PrevHash(hash);
        var bytes = Convert.FromHexString(notify);
        for (int i = 0; i < 32; i += 4) Array.Reverse(bytes, i, 4);
        Assert.Equal(hash.ToArray(), bytes);
        Assert.EndsWith("00000000", notify); // the zero bytes of a hash's top word stay last, as in pools' notify messages
    }

    [Fact]
    public async Task A_block_with_a_rolled_ntime_inside_the_window_is_accepted_with_that_time()
    {
        await using var pool = PoolHarness.Start();
        await using var miner = await pool.ConnectAsync();
        var job = await miner.LoginAsync(pool.Address(1));
        uint rolled = uint.Parse(job.NTime, System.Globalization.NumberStyles.HexNumber) + 300;
        var target = StratumTestClient.TargetOfBits(job.NBits);
        var share = miner.Mine(job, v => v <= target, ntime: rolled.ToString("x8"));
        Assert.True((await miner.SubmitAsync(pool.Address(1), job, share))["result"]!.GetValue<bool>());
        Assert.Equal(rolled, pool.Ledger.GetBlock(pool.Ledger.Tip.Hash)!.Header.Time);
    }
}
