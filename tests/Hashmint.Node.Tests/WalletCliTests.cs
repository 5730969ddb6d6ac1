using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests;

/// <summary>`hashmint wallet ...` against a running regtest node; the passphrase comes from the environment only.</summary>
public sealed class WalletCliTests
{
    [Fact]
    public async Task Wallet_create_send_and_balance_through_the_cli()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("node");
        var env = new Dictionary<string, string> { ["HASHMINT_PASSPHRASE"] = "correct horse battery staple" };

        var (created, createOut) = await HashmintProcess.RunAsync(["wallet", "create", "--network", "regtest", "--datadir", dir, "--words", "12"], env);
        Assert.True(created == 0, createOut);
        var (shown, address) = await HashmintProcess.RunAsync(["wallet", "show", "--datadir", dir]);
        Assert.Equal(0, shown);
        address = address.Trim();
        Assert.StartsWith("rm1", address);

        var (noPass, noPassOut) = await HashmintProcess.RunAsync(["wallet", "create", "--network", "regtest", "--datadir", tmp.Sub("other")]);
        Assert.NotEqual(0, noPass);
        Assert.Contains("HASHMINT_PASSPHRASE", noPassOut);

        await using var node = await RunningNode.StartAsync(dir);
        await node.GenerateAsync(3); // pays the wallet (the node's default payout)

        var (created2, _) = await HashmintProcess.RunAsync(["wallet", "create", "--network", "regtest", "--datadir", tmp.Sub("second")], env);
        Assert.Equal(0, created2);
        var recipient = (await HashmintProcess.RunAsync(["wallet", "show", "--datadir", tmp.Sub("second")])).Output.Trim();

        var (wrongCode, wrongOut) = await HashmintProcess.RunAsync(["wallet", "send", "--datadir", dir, "--to", recipient, "--amount", "1"],
            new Dictionary<string, string> { ["HASHMINT_PASSPHRASE"] = "wrong" });
        Assert.Equal(1, wrongCode);
        Assert.Contains("wrong passphrase", wrongOut);

        var (sent, txid) = await HashmintProcess.RunAsync(["wallet", "send", "--datadir", dir, "--to", recipient, "--amount", "2.5"], env);
        Assert.True(sent == 0, txid);
        txid = txid.Trim();
        Assert.Equal(64, txid.Length);
        await node.GenerateAsync(1);
        var tx = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{txid}");
        Assert.Equal("confirmed", tx.GetProperty("status").GetString());

        var (balanceCode, balanceOut) = await HashmintProcess.RunAsync(["wallet", "balance", "--datadir", dir, "--address", recipient]);
        Assert.Equal(0, balanceCode);
        Assert.Contains("balance  2.5 HMT", balanceOut);
    }
}
