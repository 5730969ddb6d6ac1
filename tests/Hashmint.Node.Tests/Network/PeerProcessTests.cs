using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests.Network;

/// <summary>Real `hashmint node` processes talking the peer-to-peer protocol over loopback.</summary>
public sealed class PeerProcessTests
{
    private static readonly string Payout = new Hashmint.Core.Primitives.AccountId(Hashmint.Crypto.Schnorr.GetXOnlyPublicKey(
        System.Security.Cryptography.SHA256.HashData("hashmint peer process test"u8))).ToAddress(Hashmint.Core.Consensus.ChainParams.Regtest.AddressPrefix);

    private static async Task<JsonElement> PeersAsync(RunningNode node) => await node.Http.GetFromJsonAsync<JsonElement>("api/v1/peers");

    private static async Task<int> ReadyPeersAsync(RunningNode node) =>
        (await PeersAsync(node)).GetProperty("peers").EnumerateArray().Count(p => p.GetProperty("handshakeComplete").GetBoolean());

    [Fact]
    public async Task Two_nodes_connect_sync_and_show_each_other_in_the_api_and_the_cli()
    {
        using var dir = new TempDir();
        int portA = HashmintProcess.FreePort(), portB = HashmintProcess.FreePort();
        await using var a = await RunningNode.StartAsync(dir.Sub("a"), "node", "--listen", $"127.0.0.1:{portA}", "--payout", Payout);
        await a.GenerateAsync(3);
        await using var b = await RunningNode.StartAsync(dir.Sub("b"), "node", "--listen", $"127.0.0.2:{portB}", "--peer", $"127.0.0.1:{portA}");
        await b.WaitUntilAsync(async () => await ReadyPeersAsync(b) == 1 && await ReadyPeersAsync(a) == 1, TimeSpan.FromSeconds(60), "the two nodes to connect");
        await b.WaitUntilAsync(async () => (await b.StatusAsync()).GetProperty("height").GetUInt32() == 3, TimeSpan.FromSeconds(60), "b to sync 3 blocks");
        // A block mined on a afterwards is relayed.
        await a.GenerateAsync(2);
        await b.WaitUntilAsync(async () => (await b.StatusAsync()).GetProperty("tipHash").GetString() == (await a.StatusAsync()).GetProperty("tipHash").GetString(),
            TimeSpan.FromSeconds(60), "b to follow a's tip");

        var peers = await PeersAsync(b);
        Assert.Equal($"127.0.0.2:{portB}", peers.GetProperty("listening").GetString());
        var peer = Assert.Single(peers.GetProperty("peers").EnumerateArray());
        Assert.Equal($"127.0.0.1:{portA}", peer.GetProperty("address").GetString());
        Assert.Equal("outbound", peer.GetProperty("direction").GetString());
        Assert.Equal(5u, peer.GetProperty("height").GetUInt32());
        Assert.True(peer.GetProperty("blocksReceived").GetInt64() >= 5);
        Assert.True(peer.GetProperty("bytesReceived").GetInt64() > 0);
        Assert.Empty(peers.GetProperty("banned").EnumerateArray());

        var cli = await HashmintProcess.RunSplitAsync(["peers", "--datadir", dir.Sub("a")]);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("inbound", cli.StdOut);
        Assert.Contains("127.0.0.2:", cli.StdOut);
        Assert.Contains($"listening 127.0.0.1:{portA}", cli.StdOut);
        Assert.Contains("serving state: the tip and snapshot heights none (every 100 blocks; indexed now: none;", cli.StdOut);

        // The peer database is written into the data directory and kept when the node stops.
        Assert.Equal(0, await b.StopAsync());
        var book = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Sub("b"), "peers.json"))).RootElement;
        Assert.Contains(book.GetProperty("addresses").EnumerateArray(), e => e.GetProperty("endPoint").GetString() == $"127.0.0.1:{portA}");
    }

    [Theory]
    [InlineData("--listen", "abc", "--listen: 'abc' is not HOST:PORT")]
    [InlineData("--listen", "70000", "--listen: port 70000 is out of range 1..65535")]
    [InlineData("--peer", "127.0.0.1", "--peer: '127.0.0.1' is not HOST:PORT")]
    [InlineData("--peer", "127.0.0.1:0", "--peer: '0' is not a port (1..65535)")]
    public async Task Bad_listen_and_peer_values_are_one_line_usage_errors(string option, string value, string message)
    {
        using var dir = new TempDir();
        var run = await HashmintProcess.RunSplitAsync(["node", "--network", "regtest", "--datadir", dir.Path, option, value]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {message}", line);
    }
}
