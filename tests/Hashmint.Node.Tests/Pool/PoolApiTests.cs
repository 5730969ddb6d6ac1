using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Node.Hosting;
using Hashmint.Pool.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Hashmint.Node.Tests.Pool;

/// <summary>The pool's statistics, metrics and events through the node's real host.</summary>
public sealed class PoolApiTests
{
    [Fact]
    public async Task Pool_stats_miner_stats_metrics_and_events_after_a_block_found_through_the_pool()
    {
        int poolPort = HashmintProcess.FreePort();
        await using var node = await InProcessNode.StartAsync(ChainParams.Regtest, AccountId.None, o => o.PoolPort = poolPort);
        var secret = new byte[32];
        secret[0] = 7;
        secret[31] = 3;
        string address = Address.Encode(ChainParams.Regtest.AddressPrefix, Schnorr.GetXOnlyPublicKey(secret));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = node.App.Services.GetRequiredService<NodeEvents>().Subscribe(stop.Token);

        await using var miner = await StratumTestClient.ConnectAsync(poolPort);
        var job = await miner.LoginAsync(address + ".gpu0");
        var weak = miner.Mine(job, v => v > StratumTestClient.TargetOfBits(job.NBits));
        Assert.Equal(23, (await miner.SubmitAsync(address + ".gpu0", job, weak))["error"]![0]!.GetValue<int>());
        Assert.True((await miner.SubmitAsync(address + ".gpu0", job, miner.MineBlock(job)))["result"]!.GetValue<bool>());

        var pool = await node.Http.GetFromJsonAsync<JsonElement>("api/v1/pool");
        Assert.Equal(1, pool.GetProperty("blocksFound").GetInt64());
        Assert.Equal(1, pool.GetProperty("sharesAccepted").GetInt64());
        Assert.Equal(1, pool.GetProperty("rejectedByReason").GetProperty("low-difficulty").GetInt64());
        Assert.Equal(1, pool.GetProperty("miners").GetInt32());
        Assert.Equal(1, pool.GetProperty("workers").GetInt32());
        Assert.True(pool.GetProperty("hashRate").GetProperty("oneMinute").GetDouble() > 0);
        Assert.True(pool.GetProperty("hashRate").GetProperty("oneHour").GetDouble() > 0);
        Assert.Equal(address, pool.GetProperty("recentBlocks")[0].GetProperty("finder").GetString());
        Assert.Equal(address, pool.GetProperty("recentBlocks")[0].GetProperty("payouts")[0].GetProperty("address").GetString());

        var me = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/pool/miners/{address}");
        Assert.Equal(1, me.GetProperty("blocksFound").GetInt64());
        Assert.Equal(1.0, me.GetProperty("pplnsShare").GetDouble());
        Assert.Equal("gpu0", me.GetProperty("workers")[0].GetProperty("name").GetString());
        Assert.True(me.GetProperty("workers")[0].GetProperty("connected").GetBoolean());
        Assert.True(me.GetProperty("workers")[0].GetProperty("hashRate").GetProperty("oneMinute").GetDouble() > 0);
        Assert.Equal(1, me.GetProperty("paidBlocks").GetInt64());

        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("api/v1/pool/miners/nope")).StatusCode);
        string stranger = Address.Encode(ChainParams.Regtest.AddressPrefix, Schnorr.GetXOnlyPublicKey(new byte[31].Append((byte)1).ToArray()));
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync($"api/v1/pool/miners/{stranger}")).StatusCode);

        string metrics = await node.Http.GetStringAsync("metrics");
        Assert.Contains("hashmint_pool_shares_accepted_total 1", metrics);
        Assert.Contains("hashmint_pool_shares_rejected_total{reason=\"low-difficulty\"} 1", metrics);
        Assert.Contains("hashmint_pool_blocks_found_total{outcome=\"connected\"} 1", metrics);
        Assert.Contains("hashmint_pool_connections 1", metrics);

        while (true)
        {
            var e = await events.ReadAsync(stop.Token);
            if (e.Kind != "pool-block") continue;
            Assert.Equal(1u, e.Height);
            Assert.Contains(address, e.Detail);
            break;
        }
    }
}
