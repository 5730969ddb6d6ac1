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

    [Fact]
    public async Task A_trait_offer_escrows_coins_the_owner_accepts_and_a_cancel_returns_the_rest()
    {
        const string art = "offer-art";
        await f.Submitted("collection", "create", "--datadir", f.A, "--id", art, "--name", "Offer Art", "--symbol", "OFR");
        await f.Node.GenerateAsync(1);
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", art, "--attr", "colour=gold");
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", art, "--attr", "colour=grey");
        await f.Node.GenerateAsync(1);

        ulong before = await BalanceUnits(f.AddressB);
        await f.Submitted("market", "offer", "--node", f.Url, "--datadir", f.B, "--collection", art, "--trait", "attr:colour=gold", "--price", "1.5",
            "--quantity", "2", "--fee", "1000");
        await f.Node.GenerateAsync(1);
        Assert.Equal(before - 300_000_000 - 1000, await BalanceUnits(f.AddressB));
        var offers = (await f.GetAsync($"api/v1/accounts/{f.AddressB}/offers")).GetProperty("items").EnumerateArray().ToList();
        var offer = Assert.Single(offers);
        Assert.Equal(("trait", "attr:colour", "gold", "3"), (offer.GetProperty("kind").GetString(), offer.GetProperty("trait").GetString(),
            offer.GetProperty("value").GetString(), offer.GetProperty("escrow").GetString()));
        string offerId = offer.GetProperty("offerId").GetUInt64().ToString();

        var grey = await f.Run("market", "accept", "--datadir", f.A, "--offer", offerId, "--token", "2");
        CliAssert.OneLineError(grey, CliAssert.Failure, "node refused", "offer-mismatch");
        await f.Submitted("market", "accept", "--datadir", f.A, "--offer", offerId, "--token", "1");
        await f.Node.GenerateAsync(1);
        Assert.Equal(f.AddressB, (await f.GetAsync($"api/v1/collections/{art}/tokens/1")).GetProperty("owner").GetString());
        Assert.Equal(1u, (await f.GetAsync($"api/v1/offers/{offerId}")).GetProperty("remaining").GetUInt32());

        var notYours = await f.Run("market", "cancel", "--datadir", f.A, "--offer", offerId);
        CliAssert.OneLineError(notYours, CliAssert.Failure, "node refused", "not-authorized");
        await f.Submitted("market", "cancel", "--node", f.Url, "--datadir", f.B, "--offer", offerId, "--fee", "1000");
        await f.Node.GenerateAsync(1);
        Assert.Equal(before - 150_000_000 - 2000, await BalanceUnits(f.AddressB));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await f.Node.Http.GetAsync($"api/v1/offers/{offerId}")).StatusCode);
    }

    [Fact]
    public async Task An_auction_settles_by_itself_at_its_end_height()
    {
        const string art = "auc-art";
        await f.Submitted("collection", "create", "--datadir", f.A, "--id", art, "--name", "Auction Art", "--symbol", "AUC");
        await f.Node.GenerateAsync(1);
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", art);
        await f.Node.GenerateAsync(1);
        await f.Submitted("market", "auction", "--datadir", f.A, "--collection", art, "--token", "1", "--reserve", "1.25", "--blocks", "3");
        await f.Node.GenerateAsync(1);
        var auction = await f.GetAsync($"api/v1/collections/{art}/tokens/1/auction");
        uint end = auction.GetProperty("endHeight").GetUInt32();
        Assert.Equal("1.25", auction.GetProperty("minimumBid").GetString());

        var moved = await f.Run("nft", "transfer", "--datadir", f.A, "--collection", art, "--token", "1", "--to", f.AddressB);
        CliAssert.OneLineError(moved, CliAssert.Failure, "node refused", "token-in-auction");
        var own = await f.Run("market", "bid", "--datadir", f.A, "--collection", art, "--token", "1");
        CliAssert.OneLineError(own, CliAssert.Failure, "node refused", "bad-recipient");

        ulong before = await BalanceUnits(f.AddressB);
        await f.Submitted("market", "bid", "--node", f.Url, "--datadir", f.B, "--collection", art, "--token", "1", "--fee", "1000");
        await f.Node.GenerateAsync(1);
        Assert.Equal(before - 125_000_000 - 1000, await BalanceUnits(f.AddressB));
        var cancel = await f.Run("market", "cancel", "--datadir", f.A, "--collection", art, "--token", "1");
        CliAssert.OneLineError(cancel, CliAssert.Failure, "node refused", "auction-has-bids");

        // No transaction settles it: blocks pass, and at the end of block `end` the token is B's.
        while ((await f.GetAsync("api/v1/status")).GetProperty("height").GetUInt32() < end)
        {
            Assert.Equal(f.AddressA, (await f.GetAsync($"api/v1/collections/{art}/tokens/1")).GetProperty("owner").GetString());
            await f.Node.GenerateAsync(1);
        }
        Assert.Equal(f.AddressB, (await f.GetAsync($"api/v1/collections/{art}/tokens/1")).GetProperty("owner").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await f.Node.Http.GetAsync($"api/v1/collections/{art}/tokens/1/auction")).StatusCode);
        var sale = Assert.Single((await f.GetAsync($"api/v1/collections/{art}/tokens/1/sales")).GetProperty("items").EnumerateArray());
        Assert.Equal(("auction", end), (sale.GetProperty("via").GetString(), sale.GetProperty("height").GetUInt32()));
        var show = await f.Run("market", "show", "--node", f.Url, "--collection", art, "--token", "1");
        CliAssert.Succeeded(show);
        Assert.Contains("not auctioned", show.StdOut);

        // The activity feed shows the settlement the chain made, newest first, and pages with a cursor.
        var activity = await f.Run("market", "activity", "--node", f.Url, "--collection", art, "--token", "1");
        CliAssert.Succeeded(activity);
        var lines = activity.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["auction-settled", "sold", "bid", "auction-started"], lines.Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim()).ToArray());
        Assert.Contains($"buyer {f.AddressB}", lines[0]);
        Assert.Contains("1.25 HMT", lines[0]);
        Assert.Contains("by the chain at the block's end", lines[0]);
        var first = await f.Run("market", "activity", "--node", f.Url, "--address", f.AddressB, "--kind", "bid", "--limit", "1");
        CliAssert.Succeeded(first);
        Assert.Contains($"bidder {f.AddressB}", first.StdOut);
        var badKind = await f.Run("market", "activity", "--node", f.Url, "--collection", art, "--kind", "sold,swapped");
        CliAssert.OneLineError(badKind, CliAssert.Failure, "node refused", "bad-kind");
    }

    [Theory]
    [InlineData("say when it ends: --blocks N or --end-height H", "market", "auction", "--collection", "mkt-art", "--token", "1", "--reserve", "1")]
    [InlineData("give --blocks or --end-height, not both", "market", "auction", "--collection", "mkt-art", "--token", "1", "--reserve", "1", "--blocks", "3", "--end-height", "99")]
    [InlineData("--increment-bps: 10001 is too large", "market", "auction", "--collection", "mkt-art", "--token", "1", "--reserve", "1", "--blocks", "3", "--increment-bps", "10001")]
    [InlineData("say what to cancel", "market", "cancel")]
    [InlineData("give --collection (and maybe --token) or --address", "market", "activity")]
    [InlineData("--address shows an account's activity in every collection", "market", "activity", "--collection", "mkt-art", "--address", "rm1x")]
    [InlineData("give --offer, or --collection and --token for an auction, not both", "market", "cancel", "--offer", "1", "--collection", "mkt-art", "--token", "1")]
    [InlineData("an auction is cancelled with both --collection and --token", "market", "cancel", "--collection", "mkt-art")]
    [InlineData("give --token or --trait, not both", "market", "offer", "--collection", "mkt-art", "--token", "1", "--trait", "rarity=rare", "--price", "1")]
    [InlineData("--quantity goes with offers for any token", "market", "offer", "--collection", "mkt-art", "--token", "1", "--quantity", "2", "--price", "1")]
    [InlineData("--trait: 'colour=red' is not TRAIT=VALUE", "market", "offer", "--collection", "mkt-art", "--trait", "colour=red", "--price", "1")]
    [InlineData("--offer is required", "market", "accept", "--token", "1")]
    [InlineData("--end-price needs --end-height", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "1")]
    [InlineData("--expiry goes with fixed-price listings", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "1", "--end-height", "50", "--expiry", "9")]
    [InlineData("--start-height and --end-height go with --end-price", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-height", "50")]
    [InlineData("must be below --price", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "2", "--end-price", "3", "--end-height", "50")]
    [InlineData("--price: '0' is not a positive amount of HMT", "market", "list", "--collection", "mkt-art", "--token", "1", "--price", "0")]
    [InlineData("--price is required", "market", "list", "--collection", "mkt-art", "--token", "1")]
    [InlineData("--token is required", "market", "buy", "--collection", "mkt-art")]
    [InlineData("--token: a token is given twice", "market", "buy", "--collection", "mkt-art", "--token", "1", "--token", "1")]
    [InlineData("--token: 'x' is not a whole number", "market", "delist", "--collection", "mkt-art", "--token", "x")]
    [InlineData("'hashmint market' needs a command: list, delist, buy, offer, accept, cancel, auction, bid, show", "market")]
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
    [InlineData("offer")]
    [InlineData("accept")]
    [InlineData("cancel")]
    [InlineData("auction")]
    [InlineData("bid")]
    public async Task Every_market_command_has_help(string command)
    {
        var run = await f.Run("market", command, "--help");
        CliAssert.Succeeded(run);
        Assert.Contains(command is "accept" ? "--offer" : "--collection", run.StdOut);
    }
}
