using Hashmint.Core.Consensus;
using Hashmint.Crypto;
using Hashmint.Pool.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests.Pool;

/// <summary>`hashmint node --pool-port P`: the real executable serves Stratum, and a stock-miner client mines a block through it.</summary>
public sealed class PoolNodeTests
{
    [Fact]
    public async Task Node_with_a_pool_port_serves_stratum_and_a_share_that_is_a_block_is_connected()
    {
        using var tmp = new TempDir();
        var secret = new byte[32];
        secret[0] = 9;
        secret[31] = 1;
        string address = Address.Encode(ChainParams.Regtest.AddressPrefix, Schnorr.GetXOnlyPublicKey(secret));
        int poolPort = HashmintProcess.FreePort();
        await using var node = await RunningNode.StartAsync(tmp.Sub("node"), "node", "--pool-port", poolPort.ToString());
        Assert.Contains($"minerd -a sha256d -o stratum+tcp://127.0.0.1:{poolPort} -u ", node.Process.Output);

        await using var miner = await StratumTestClient.ConnectAsync(poolPort);
        var job = await miner.LoginAsync(address + ".rig");
        var share = miner.MineBlock(job);
        var answer = await miner.SubmitAsync(address + ".rig", job, share);
        Assert.True(answer["result"]!.GetValue<bool>(), answer.ToJsonString());
        await node.WaitUntilAsync(async () => (await node.StatusAsync()).GetProperty("height").GetUInt32() >= 1, TimeSpan.FromSeconds(30), "the pool's block");
        var block = await node.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks/1");
        Assert.Contains(address, block.GetRawText());
        Assert.Equal(0, await node.StopAsync());
    }
}
