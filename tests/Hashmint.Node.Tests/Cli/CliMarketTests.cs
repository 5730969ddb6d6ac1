using System.Security.Cryptography;
using System.Text;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Node.Tests.Cli;

/// <summary>`hashmint market` through the real executable on a live regtest node: list, buy with another wallet, royalties, delist, show, and its errors.</summary>
public sealed class CliMarketTests(RegtestCliFixture f) : IClassFixture<RegtestCliFixture>
{
    private const string Id = "mkt-art";

    private static string Address(string seed) =>
        new AccountId(Schnorr.GetXOnlyPublicKey(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))).ToAddress("rm");

    private async Task<ulong> BalanceUnits(string address) =>
        (await f.GetAsync($"api/v1/accounts/{address}")).GetProperty("balanceUnits").GetUInt64();

    [Fact]
    public async Task List_then_buy_with_another_wallet_pays_the_royalty_recipient_exactly_its_split()
    {
        string royaltyTo = Address("cli market royalty recipient");
        await f.Submitted("collection", "create", "--datadir", f.A, "--id", Id, "--name", "Market Art", "--symbol", "MKT",
            "--royalty-bps", "750", "--split", $"{royaltyTo}:750");
        await f.Node.GenerateAsync(1);
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", Id);
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", Id);
        await f.Node.GenerateAsync(1);

        uint height = (await f.GetAsync("api/v1/status")).GetProperty("height").GetUInt32();
        await f.Submitted("market", "list", "--datadir", f.A, "--collection", Id, "--token", "1", "--price", "3");
        await f.Submitted("market", "list", "--datadir", f.A, "--collection", Id, "--token", "2", "--price", "2", "--end-price", "1.5", "--end-height", $"{height + 20}");
        await f.Node.GenerateAsync(1);

        var show = await f.Run("market", "show", "--datadir", f.A, "--collection", Id);
        CliAssert.Succeeded(show);
        Assert.Contains("\"floorTokenId\": 2", show.StdOut);
        Assert.Contains("\"kind\": \"dutch\"", show.StdOut);

        ulong before = await BalanceUnits(royaltyTo);
        ulong sellerBefore = await BalanceUnits(f.AddressA);
        await f.Submitted("market", "buy", "--node", f.Url, "--datadir", f.B, "--collection", Id, "--token", "1");
        await f.Node.GenerateAsync(1);
        Assert.Equal(before + 22_500_000, await BalanceUnits(royaltyTo)); // 7.5 % of 3 HMT
        Assert.Equal(f.AddressB, (await f.GetAsync($"api/v1/collections/{Id}/tokens/1")).GetProperty("owner").GetString());
        Assert.True(await BalanceUnits(f.AddressA) >= sellerBefore + 277_500_000); // the rest, plus block rewards that A mines

        var sold = await f.Run("market", "show", "--node", f.Url, "--collection", Id, "--token", "1");
        CliAssert.Succeeded(sold);
        Assert.Contains("not listed", sold.StdOut);
        Assert.Contains($"\"buyer\": \"{f.AddressB}\"", sold.StdOut);
        Assert.Contains("\"royalty\": \"0.225\"", sold.StdOut);

        var again = await f.Run("market", "buy", "--node", f.Url, "--datadir", f.B, "--collection", Id, "--token", "1");
        CliAssert.OneLineError(again, CliAssert.Failure, "mkt-art #1 is not for sale");
        var tooLow = await f.Run("market", "buy", "--node", f.Url, "--datadir", f.B, "--collection", Id, "--token", "2", "--max-price", "1");
        CliAssert.OneLineError(tooLow, CliAssert.Failure, "node refused", "price-above-max");

        await f.Submitted("market", "delist", "--datadir", f.A, "--collection", Id, "--token", "2");
        await f.Node.GenerateAsync(1);
        var delisted = await f.Run("market", "show", "--datadir", f.A, "--collection", Id, "--token", "2");
        CliAssert.Succeeded(delisted);
        Assert.Contains("not listed", delisted.StdOut);
        var notYours = await f.Run("market", "list", "--node", f.Url, "--datadir", f.B, "--collection", Id, "--token", "2", "--price", "1");
        CliAssert.OneLineError(notYours, CliAssert.Failure, "node refused", "not-authorized");
    }

    [Theory]
    [InlineData("--end-price needs --end-height", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "1")]
    [InlineData("--expiry goes with fixed-price listings", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "1", "--end-height", "50", "--expiry", "9")]
    [InlineData("--start-height and --end-height go with --end-price", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-height", "50")]
    [InlineData("must be below --price", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "3", "--end-height", "50")]
    [InlineData("--price: '0' is not a positive amount of HMT", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "0")]
    [InlineData("--price is required", "market", "list", "--collection", "mkt-art", "--token", "1")]
    [InlineData("--token is required", "market", "buy", "--collection", "mkt-art")]
    [InlineData("--token: a token is given twice", "market", "buy", "--collection", "mkt-art", "--token", "1", "--token", "1")]
    [InlineData("--token: 'x' is not a whole number", "market", "delist", "--collection", "mkt-art", "--token", "x")]
    [InlineData("'hashmint market' needs a command: list, delist, buy, show", "market")]
    public async Task Command_lines_that_cannot_mean_anything_are_one_line_usage_errors(string fragment, params string[] args)
    {
        var run = await f.Run(args);
        CliAssert.OneLineError(run, CliAssert.Usage, fragment);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("delist")]
    [InlineData("buy")]
    [InlineData("show")]
    public async Task Every_market_command_has_help(string command)
    {
        var run = await f.Run("market", command, "--help");
        CliAssert.Succeeded(run);
        Assert.Contains("--collection", run.StdOut);
    }
}
