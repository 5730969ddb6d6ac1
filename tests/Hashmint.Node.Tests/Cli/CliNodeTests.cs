using System.Net;

namespace Hashmint.Node.Tests.Cli;

/// <summary>The CLI against a live regtest node: --node from another directory, admin tokens, and burn, approve and operators end to end.</summary>
public sealed class CliNodeTests(RegtestCliFixture f) : IClassFixture<RegtestCliFixture>
{
    [Fact]
    public async Task Node_url_reaches_the_node_from_another_directory()
    {
        var status = await f.Run("status", "--node", f.Url);
        CliAssert.Succeeded(status);
        Assert.Contains("\"network\": \"regtest\"", status.StdOut);
        var trailing = await f.Run("status", "--node", f.Url + "/api/v1/");
        CliAssert.Succeeded(trailing);

        // B's directory has a wallet and no node: the wallet signs, the node at the URL answers.
        Assert.False(File.Exists(Path.Combine(f.B, "node.json")));
        var balance = await f.Run("wallet", "balance", "--node", f.Url, "--datadir", f.B);
        CliAssert.Succeeded(balance);
        Assert.Contains($"address  {f.AddressB}", balance.StdOut);
        Assert.Matches(@"balance  (1\d|20)(\.\d+)? HMT", balance.StdOut); // 20 HMT from A, less any fees B paid in other tests
        var withoutNode = await f.Run("wallet", "balance", "--datadir", f.B);
        CliAssert.OneLineError(withoutNode, CliAssert.Failure, "no running node found", "--node URL");
        CliAssert.Succeeded(await f.Run("nft", "list", "--node", f.Url, "--datadir", f.B));
        CliAssert.Succeeded(await f.Run("collection", "show", "--node", f.Url, "--id", RegtestCliFixture.Collection));

        var wrongNetwork = await f.Run("status", "--node", f.Url, "--network", "dev");
        CliAssert.OneLineError(wrongNetwork, CliAssert.Failure, "--network dev, but the node at", "is on 'regtest'");
        var nobody = await f.Run("status", "--node", $"http://127.0.0.1:{HashmintProcess.FreePort()}");
        CliAssert.OneLineError(nobody, CliAssert.Failure, "cannot reach the node at");
    }

    [Fact]
    public async Task Admin_calls_with_node_take_the_token_from_a_file_or_the_environment()
    {
        string tokenFile = Path.Combine(f.A, "api-token");
        var none = await f.Run("generate", "1", "--node", f.Url);
        CliAssert.OneLineError(none, CliAssert.Usage, "--api-token-file PATH", "HASHMINT_API_TOKEN");

        var fromFile = await f.Run("generate", "1", "--node", f.Url, "--api-token-file", tokenFile);
        CliAssert.Succeeded(fromFile);
        Assert.Equal(64, fromFile.StdOut.Trim().Length);

        var fromEnv = await f.Run(new Dictionary<string, string> { ["HASHMINT_API_TOKEN"] = f.Node.Token }, "generate", "1", "--node", f.Url);
        CliAssert.Succeeded(fromEnv);

        var wrong = await f.Run(new Dictionary<string, string> { ["HASHMINT_API_TOKEN"] = "not-the-token" }, "generate", "1", "--node", f.Url);
        CliAssert.OneLineError(wrong, CliAssert.Failure, "refused the API token (401)");
        var directory = await f.Run("generate", "1", "--node", f.Url, "--api-token-file", f.A);
        CliAssert.OneLineError(directory, CliAssert.Failure, "--api-token-file", "is a directory, not a file");

        // Without --node, as before: the data directory's node and token.
        CliAssert.Succeeded(await f.Run("generate", "1", "--datadir", f.A));
        var mining = await f.Run("mine", "--stop", "--node", f.Url, "--api-token-file", tokenFile);
        CliAssert.Succeeded(mining);
        Assert.Contains("\"running\": false", mining.StdOut);
    }

    [Fact]
    public async Task Burn_approve_and_operator_end_to_end()
    {
        var ids = await f.MintAsync(4);
        ulong approved = ids[0], cleared = ids[1], operated = ids[2], guarded = ids[3];

        await f.Submitted("nft", "approve", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{approved}", "--spender", f.AddressB);
        await f.Submitted("nft", "approve", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{cleared}", "--spender", f.AddressB);
        await f.Submitted("nft", "operator", "grant", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--address", f.AddressB);
        await f.Node.GenerateAsync(1);
        Assert.Equal(f.AddressB, (await f.TokenAsync(approved)).GetProperty("approved").GetString());
        Assert.Equal(f.AddressB, (await f.TokenAsync(cleared)).GetProperty("approved").GetString());

        // The approval is cleared; B moves one token as its approved spender and one as A's operator, through --node.
        await f.Submitted("nft", "approve", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{cleared}", "--clear");
        await f.Submitted("nft", "transfer", "--node", f.Url, "--datadir", f.B, "--collection", RegtestCliFixture.Collection, "--token", $"{approved}", "--to", f.AddressB);
        await f.Submitted("nft", "transfer", "--node", f.Url, "--datadir", f.B, "--collection", RegtestCliFixture.Collection, "--token", $"{operated}", "--to", f.AddressB);
        await f.Node.GenerateAsync(1);
        Assert.Equal(JsonNull, (await f.TokenAsync(cleared)).GetProperty("approved").ValueKind);
        Assert.Equal(f.AddressB, (await f.TokenAsync(approved)).GetProperty("owner").GetString());
        Assert.Equal(f.AddressB, (await f.TokenAsync(operated)).GetProperty("owner").GetString());

        // Revoked, B may no longer move A's tokens: the node says why, in one line.
        await f.Submitted("nft", "operator", "revoke", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--address", f.AddressB);
        await f.Node.GenerateAsync(1);
        var refused = await f.Run("nft", "transfer", "--node", f.Url, "--datadir", f.B, "--collection", RegtestCliFixture.Collection, "--token", $"{guarded}", "--to", f.AddressB);
        CliAssert.OneLineError(refused, CliAssert.Failure, "node refused", "not-authorized");
        var approveSelf = await f.Run("nft", "approve", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{guarded}", "--spender", f.AddressA);
        CliAssert.OneLineError(approveSelf, CliAssert.Usage, "--spender is your own address");

        // Burns: A its own token, B the one it received.
        ulong burnedBefore = (await f.GetAsync($"api/v1/collections/{RegtestCliFixture.Collection}")).GetProperty("burned").GetUInt64();
        await f.Submitted("nft", "burn", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{guarded}");
        await f.Submitted("nft", "burn", "--node", f.Url, "--datadir", f.B, "--collection", RegtestCliFixture.Collection, "--token", $"{approved}");
        await f.Node.GenerateAsync(1);
        foreach (var id in new[] { guarded, approved })
            Assert.Equal(HttpStatusCode.NotFound, (await f.Node.Http.GetAsync($"api/v1/collections/{RegtestCliFixture.Collection}/tokens/{id}")).StatusCode);
        Assert.Equal(burnedBefore + 2, (await f.GetAsync($"api/v1/collections/{RegtestCliFixture.Collection}")).GetProperty("burned").GetUInt64());
        var again = await f.Run("nft", "burn", "--datadir", f.A, "--collection", RegtestCliFixture.Collection, "--token", $"{guarded}");
        CliAssert.OneLineError(again, CliAssert.Failure, "node refused", "unknown-token");
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
