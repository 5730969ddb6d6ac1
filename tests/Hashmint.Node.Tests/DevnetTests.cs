using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests;

/// <summary>The one-command demo: `hashmint devnet` mines, stops cleanly on SIGTERM, and continues its chain after a restart.</summary>
public sealed class DevnetTests
{
    [Fact]
    public async Task Devnet_mines_stops_cleanly_and_continues_after_restart()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("devnet");
        uint firstHeight;
        string hashAtFirstHeight;

        await using (var node = await RunningNode.StartAsync(dir, "devnet"))
        {
            await node.WaitUntilAsync(async () => (await node.StatusAsync()).GetProperty("height").GetUInt32() >= 3, TimeSpan.FromSeconds(180), "devnet to mine 3 blocks");
            var status = await node.StatusAsync();
            Assert.Equal("dev", status.GetProperty("network").GetString());
            Assert.Equal(JsonValueKind.Number, status.GetProperty("height").ValueKind);
            Assert.Equal(64, status.GetProperty("tipHash").GetString()!.Length);
            Assert.True(status.GetProperty("difficulty").GetDouble() > 0);
            Assert.True(status.GetProperty("mempool").GetProperty("count").GetInt32() >= 0);
            Assert.True(status.GetProperty("mining").GetProperty("running").GetBoolean());
            Assert.True(File.Exists(Path.Combine(dir, "wallet.json")), "devnet creates its dev wallet");
            // devnet runs the Stratum pool and prints the exact command line for a stock miner, paying the dev wallet.
            string wallet = File.ReadAllText(Path.Combine(dir, "wallet.address")).Trim();
            Assert.Matches($@"miner     minerd -a sha256d -o stratum\+tcp://127\.0\.0\.1:\d+ -u {wallet}\.worker -p x", node.Process.Output);

            Assert.Equal(0, await node.StopAsync());
            Assert.Contains("stopped cleanly", node.Process.Output);
            firstHeight = uint.Parse(node.Process.Output.Split("stopped cleanly at height ")[1].Split('\n')[0].Trim());
            Assert.True(firstHeight >= 3);
        }

        // Reopen the same database: the chain is there, then grows on top of it.
        await using (var node = await RunningNode.StartAsync(dir, "devnet"))
        {
            var block = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{firstHeight}");
            hashAtFirstHeight = block.GetProperty("hash").GetString()!;
            await node.WaitUntilAsync(async () => (await node.StatusAsync()).GetProperty("height").GetUInt32() > firstHeight, TimeSpan.FromSeconds(180), "the restarted devnet to extend its chain");
            var again = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{firstHeight}");
            Assert.Equal(hashAtFirstHeight, again.GetProperty("hash").GetString());
            Assert.True(again.GetProperty("mainChain").GetBoolean());
            Assert.Equal(0, await node.StopAsync());
        }
    }
}
