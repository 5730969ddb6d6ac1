using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hashmint.Node.Tests.Market;

/// <summary>The market API on the node's real host: listings by price with cursors, the floor, sales, an account's listings, and market events.</summary>
public sealed class MarketApiTests
{
    private static readonly ChainParams Net = ChainParams.Regtest;

    private static byte[] Key(byte seed)
    {
        var k = new byte[32];
        k[0] = 0x5a;
        k[31] = seed;
        return k;
    }

    private static AccountId Id(byte seed) => new(Schnorr.GetXOnlyPublicKey(Key(seed)));

    [Fact]
    public async Task Listings_floor_sales_and_events_follow_the_chain()
    {
        var miner = Id(100);
        await using var node = await InProcessNode.StartAsync(Net, miner);
        var ledger = node.Ledger;
        string hrp = Net.AddressPrefix;
        await node.MineAsync(2, Id(1));
        await node.MineAsync(2, Id(2));
        var events = node.App.Services.GetRequiredService<NodeEvents>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var reader = events.Subscribe(cts.Token);

        void Send(byte key, params Operation[] ops) =>
            ledger.SubmitSigned(Id(key), nonce => Transaction.CreateSignedPayingPerByte(Net.ChainId, Key(key), nonce, 2, 0, ops));

        var def = new CollectionDefinition("api-art", "API Art", "API", CollectionKind.Art, 100, 1000, [new RoyaltySplit(Id(3), 1000)],
            TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        Send(1, new CreateCollectionOperation(def), Mint(1), Mint(1), Mint(1));
        await node.MineAsync(1, miner);
        uint h = ledger.Tip.Height + 1;
        Send(1, new ListOperation("api-art", 1, ListingTerms.Fixed(Amount.Coins(5))),
            new ListOperation("api-art", 2, ListingTerms.Dutch(Amount.Coins(10), Amount.Coins(2), h, h + 8)),
            new ListOperation("api-art", 3, ListingTerms.Fixed(Amount.Coins(1))));
        await node.MineAsync(1, miner);

        // Cheapest first, by the lowest price each can reach: #3 (1), #2 (falls to 2), #1 (5); two per page.
        var first = await Get(node, "api/v1/collections/api-art/listings?limit=2");
        Assert.Equal([3UL, 2UL], Items(first).Select(i => i.GetProperty("tokenId").GetUInt64()));
        Assert.Equal("fixed-price", Items(first)[0].GetProperty("kind").GetString());
        Assert.Equal("dutch", Items(first)[1].GetProperty("kind").GetString());
        uint next = ledger.Tip.Height + 1;
        Assert.Equal(ListingTerms.Dutch(Amount.Coins(10), Amount.Coins(2), h, h + 8).PriceAt(next).Units, Items(first)[1].GetProperty("priceUnits").GetUInt64());
        var second = await Get(node, $"api/v1/collections/api-art/listings?limit=2&cursor={first.GetProperty("next").GetString()}");
        Assert.Equal([1UL], Items(second).Select(i => i.GetProperty("tokenId").GetUInt64()));

        var market = await Get(node, "api/v1/collections/api-art/market");
        Assert.Equal("1", market.GetProperty("floor").GetString());
        Assert.Equal(3UL, market.GetProperty("floorTokenId").GetUInt64());
        Assert.Equal(0UL, market.GetProperty("sales").GetUInt64());

        Send(2, new BuyOperation("api-art", 3, Amount.Coins(1)));
        await node.MineAsync(1, miner);
        var sales = Items(await Get(node, "api/v1/collections/api-art/tokens/3/sales"));
        var sale = Assert.Single(sales);
        Assert.Equal(Id(2).ToAddress(hrp), sale.GetProperty("buyer").GetString());
        Assert.Equal("0.1", sale.GetProperty("royalty").GetString());
        Assert.Equal("listing", sale.GetProperty("via").GetString());
        market = await Get(node, "api/v1/collections/api-art/market");
        Assert.Equal((1UL, "1", "100000000"), (market.GetProperty("sales").GetUInt64(), market.GetProperty("volume").GetString(), market.GetProperty("volumeUnits").GetString()));
        // Two blocks after listing, the Dutch price is 10 − 2 · 1 = 8 HMT: #1 at 5 is the floor, found past #2's lower key.
        Assert.Equal((1UL, "5"), (market.GetProperty("floorTokenId").GetUInt64(), market.GetProperty("floor").GetString()));
        Assert.Equal(8UL * Amount.UnitsPerCoin, (await Get(node, "api/v1/collections/api-art/tokens/2/listing")).GetProperty("priceUnits").GetUInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("api/v1/collections/api-art/tokens/3/listing")).StatusCode);
        Assert.Equal(5UL * Amount.UnitsPerCoin, (await Get(node, "api/v1/collections/api-art/tokens/1/listing")).GetProperty("priceUnits").GetUInt64());

        var mine = Items(await Get(node, $"api/v1/accounts/{Id(1).ToAddress(hrp)}/listings"));
        Assert.Equal([1UL, 2UL], mine.Select(i => i.GetProperty("tokenId").GetUInt64()));
        Assert.Empty(Items(await Get(node, $"api/v1/accounts/{Id(2).ToAddress(hrp)}/listings")));

        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("api/v1/collections/api-art/tokens/x/sales")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("api/v1/collections/api-art/listings?cursor=AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("api/v1/collections/no-such/market")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("api/v1/collections/api-art/tokens/99/listing")).StatusCode);

        // An offer and an auction, read back through their endpoints; the auction settles by itself and the stream says so.
        Send(2, new MakeOfferOperation(OfferTarget.ForCollection("api-art"), Amount.Coins(1), 2, 0));
        Send(1, new DelistOperation("api-art", 1), new StartAuctionOperation("api-art", 1, Amount.Coins(2), ledger.Tip.Height + 3, 1000, 0));
        await node.MineAsync(1, miner);
        var offer = Assert.Single(Items(await Get(node, "api/v1/collections/api-art/offers")));
        Assert.Equal(("collection", 2u, "2"), (offer.GetProperty("kind").GetString(), offer.GetProperty("remaining").GetUInt32(), offer.GetProperty("escrow").GetString()));
        Assert.Equal(offer.GetProperty("offerId").GetUInt64(), (await Get(node, $"api/v1/offers/{offer.GetProperty("offerId").GetUInt64()}")).GetProperty("offerId").GetUInt64());
        Assert.Single(Items(await Get(node, $"api/v1/accounts/{Id(2).ToAddress(hrp)}/offers")));
        var auction = await Get(node, "api/v1/collections/api-art/tokens/1/auction");
        Assert.Equal(("2", 2UL * Amount.UnitsPerCoin), (auction.GetProperty("reserve").GetString(), auction.GetProperty("minimumBidUnits").GetUInt64()));
        Assert.Single(Items(await Get(node, "api/v1/collections/api-art/auctions")));
        Assert.Single(Items(await Get(node, $"api/v1/accounts/{Id(1).ToAddress(hrp)}/auctions")));
        Send(2, new BidOperation("api-art", 1, Amount.Coins(2)));
        await node.MineAsync(1, miner);
        Assert.Equal(2UL * Amount.UnitsPerCoin + 2UL * Amount.UnitsPerCoin / 10, (await Get(node, "api/v1/collections/api-art/tokens/1/auction")).GetProperty("minimumBidUnits").GetUInt64());
        await node.MineAsync(2, miner);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("api/v1/collections/api-art/tokens/1/auction")).StatusCode);
        Assert.Equal(Id(2).ToAddress(hrp), (await Get(node, "api/v1/collections/api-art/tokens/1")).GetProperty("owner").GetString());

        var kinds = new List<string>();
        while (!kinds.Any(k => k.StartsWith("auction-settled", StringComparison.Ordinal)))
        {
            var e = await reader.ReadAsync(cts.Token);
            if (e.Kind is "listed" or "sold" or "delisted" or "offered" or "auction-started" or "bid" or "auction-settled") kinds.Add($"{e.Kind} {e.Detail}");
        }
        Assert.Equal(["listed api-art #1", "listed api-art #2", "listed api-art #3", "sold api-art #3", "offered any token of 'api-art'", "delisted api-art #1",
            "auction-started api-art #1", "bid api-art #1: 2 HMT", $"auction-settled api-art #1 sold to {Id(2).ToAddress(hrp)} for 2 HMT"], kinds.OrderBy(Order).ToList());
    }

    /// <summary>Transactions of one block come in fee-rate order, which ties may swap: compare blocks, not transactions, in order.</summary>
    private static int Order(string eventText) => eventText switch
    {
        _ when eventText.StartsWith("listed", StringComparison.Ordinal) => 0,
        _ when eventText.StartsWith("sold", StringComparison.Ordinal) => 1,
        _ when eventText.StartsWith("offered", StringComparison.Ordinal) => 2,
        _ when eventText.StartsWith("delisted", StringComparison.Ordinal) => 3,
        _ when eventText.StartsWith("auction-started", StringComparison.Ordinal) => 4,
        _ when eventText.StartsWith("bid", StringComparison.Ordinal) => 5,
        _ => 6,
    };

    private static MintOperation Mint(byte to) => new("api-art", Id(to), TokenContent.None, [], null, null);

    private static async Task<JsonElement> Get(InProcessNode node, string path)
    {
        using var r = await node.Http.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();
}
