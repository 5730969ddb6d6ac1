using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Explorer;
using Hashmint.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Node.Tests.Market;

/// <summary>
/// The market activity feed of the explorer index: every kind with its fields through the API, paging that does not
/// shift while blocks arrive, a reorganisation that takes out exactly the disconnected blocks' entries, and the
/// accept-offer sale attributed to its transaction in the owner history.
/// </summary>
public sealed class MarketActivityTests
{
    private static readonly ChainParams Net = ChainParams.Regtest;
    private const string Coll = "act-art";

    private static byte[] Key(byte seed)
    {
        var k = new byte[32];
        k[0] = 0x6b;
        k[31] = seed;
        return k;
    }

    private static AccountId Id(byte seed) => new(Schnorr.GetXOnlyPublicKey(Key(seed)));
    private static string Addr(byte seed) => Id(seed).ToAddress(Net.AddressPrefix);

    private static void Send(LedgerFacade ledger, byte key, params Operation[] ops) =>
        ledger.SubmitSigned(Id(key), nonce => Transaction.CreateSignedPayingPerByte(Net.ChainId, Key(key), nonce, 2, 0, ops));

    private static MintOperation Mint(byte to) => new(Coll, Id(to), TokenContent.None, [], null, null);

    /// <summary>Funds 1 and 2, creates the collection (10 % royalty to 3) and mints <paramref name="tokens"/> tokens to 1.</summary>
    private static async Task Setup(LedgerFacade ledger, int tokens)
    {
        await InProcessNode.MineAsync(ledger, 2, Id(1));
        await InProcessNode.MineAsync(ledger, 2, Id(2));
        var def = new CollectionDefinition(Coll, "Activity Art", "ACT", CollectionKind.Art, 100, 1000, [new RoyaltySplit(Id(3), 1000)],
            TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        Send(ledger, 1, [new CreateCollectionOperation(def), .. Enumerable.Range(0, tokens).Select(_ => Mint(1))]);
        await InProcessNode.MineAsync(ledger, 1, Id(100));
    }

    [Fact]
    public async Task Every_kind_appears_with_its_fields_newest_first_and_filters_and_bad_inputs_are_problems()
    {
        await using var node = await InProcessNode.StartAsync(Net, Id(100));
        var ledger = node.Ledger;
        await Setup(ledger, 5);

        uint h1 = ledger.Tip.Height + 1;
        Send(ledger, 1, new ListOperation(Coll, 1, ListingTerms.Fixed(Amount.Coins(5))),
            new ListOperation(Coll, 2, ListingTerms.Dutch(Amount.Coins(10), Amount.Coins(2), h1, h1 + 8)),
            new ListOperation(Coll, 4, ListingTerms.Fixed(Amount.Coins(1), h1 + 1)));
        Send(ledger, 2, new MakeOfferOperation(OfferTarget.ForCollection(Coll), Amount.Coins(1), 2, 0),
            new MakeOfferOperation(OfferTarget.ForToken(Coll, 3), Amount.Coins(1), 1, h1 + 1),
            new MakeOfferOperation(OfferTarget.ForTrait(Coll, "rarity", "common"), Amount.Coins(1), 1, 0));
        await node.MineAsync(1, Id(100));
        const ulong firstOffer = 1; // offers are numbered in chain order: the collection offer, the token offer, the trait offer

        // h1 + 1: a buy, a sale into the collection offer (the token is listed: the listing ends with the sale), an auction;
        // the block's end expires listing #4 and the token offer on #3.
        Send(ledger, 2, new BuyOperation(Coll, 1, Amount.Coins(5)));
        Send(ledger, 1, new AcceptOfferOperation(firstOffer, 2), new StartAuctionOperation(Coll, 3, Amount.Coins(2), h1 + 3, 1000, 0));
        await node.MineAsync(1, Id(100));
        // h1 + 2: a bid; the rest of the collection offer is cancelled; #4 is listed and withdrawn in one transaction.
        Send(ledger, 2, new BidOperation(Coll, 3, Amount.Coins(2)), new CancelOfferOperation(firstOffer));
        Send(ledger, 1, new ListOperation(Coll, 4, ListingTerms.Fixed(Amount.Coins(3))), new DelistOperation(Coll, 4));
        await node.MineAsync(1, Id(100));
        // h1 + 3: the auction of #3 settles at the block's end; #5 is auctioned and the auction cancelled in one transaction.
        Send(ledger, 1, new StartAuctionOperation(Coll, 5, Amount.Coins(1), h1 + 10, 0, 0), new CancelAuctionOperation(Coll, 5));
        await node.MineAsync(1, Id(100));

        var all = await Items(node, $"api/v1/collections/{Coll}/activity/market?limit=200");
        Assert.Equal(all.Select(e => e.GetProperty("height").GetUInt32()).OrderDescending(), all.Select(e => e.GetProperty("height").GetUInt32()));
        var byHeight = all.GroupBy(e => e.GetProperty("height").GetUInt32()).ToDictionary(g => g.Key, g => g.Select(Describe).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(new[]
        {
            "listed #1 fixed-price 5", "listed #2 dutch 10", "listed #4 fixed-price 1", "offer-made #- collection 1", "offer-made #- trait 1", "offer-made #3 token 1",
        }.Order(StringComparer.Ordinal), byHeight[h1]);
        Assert.Equal(new[]
        {
            "auction-started #3 - 2", "delisted #4 - -", "offer-expired #3 token 1", "sold #1 - 5", "sold #2 - 1",
        }.Order(StringComparer.Ordinal), byHeight[h1 + 1]);
        Assert.Equal(new[] { "bid #3 - 2", "delisted #4 - -", "listed #4 fixed-price 3", "offer-cancelled #- collection 1" }.Order(StringComparer.Ordinal), byHeight[h1 + 2]);
        Assert.Equal(new[] { "auction-cancelled #5 - -", "auction-settled #3 - 2", "auction-started #5 - 1", "sold #3 - 2" }.Order(StringComparer.Ordinal), byHeight[h1 + 3]);
        Assert.Equal(4, byHeight.Keys.Count(h => h >= h1));

        // The fields of each kind.
        JsonElement One(string kind, ulong? token, uint height) => Assert.Single(all, e => e.GetProperty("kind").GetString() == kind
            && e.GetProperty("height").GetUInt32() == height && (token is null ? e.GetProperty("tokenId").ValueKind == JsonValueKind.Null : e.GetProperty("tokenId").GetUInt64() == token));
        var buy = One("sold", 1, h1 + 1);
        Assert.Equal((Addr(1), Addr(2), "5", "0.5", "listing", "buy"), (Str(buy, "seller"), Str(buy, "buyer"), Str(buy, "price"), Str(buy, "royalty"), Str(buy, "via"), Str(buy, "operation")));
        Assert.NotNull(Str(buy, "txid"));
        var accepted = One("sold", 2, h1 + 1);
        Assert.Equal((Addr(1), Addr(2), "1", "0.1", "offer", "accept-offer", firstOffer), (Str(accepted, "seller"), Str(accepted, "buyer"), Str(accepted, "price"),
            Str(accepted, "royalty"), Str(accepted, "via"), Str(accepted, "operation"), accepted.GetProperty("offerId").GetUInt64()));
        var settledSale = One("sold", 3, h1 + 3);
        Assert.Equal((Addr(1), Addr(2), "2", "0.2", "auction", "block"), (Str(settledSale, "seller"), Str(settledSale, "buyer"), Str(settledSale, "price"),
            Str(settledSale, "royalty"), Str(settledSale, "via"), Str(settledSale, "operation")));
        Assert.Null(Str(settledSale, "txid"));
        var settled = One("auction-settled", 3, h1 + 3);
        Assert.Equal((Addr(1), Addr(2), "2", (string?)null), (Str(settled, "seller"), Str(settled, "buyer"), Str(settled, "price"), Str(settled, "txid")));
        var dutch = One("listed", 2, h1);
        Assert.Equal((Addr(1), "10", "2", h1, h1 + 8), (Str(dutch, "seller"), Str(dutch, "price"), Str(dutch, "endPrice"), dutch.GetProperty("startHeight").GetUInt32(), dutch.GetProperty("endHeight").GetUInt32()));
        Assert.Equal(("expired", "block", (string?)null), (Str(One("delisted", 4, h1 + 1), "reason"), Str(One("delisted", 4, h1 + 1), "operation"), Str(One("delisted", 4, h1 + 1), "txid")));
        // Listed and withdrawn in one block: the seller is the owner, whose record the block did not change.
        Assert.Equal((Addr(1), "withdrawn"), (Str(One("delisted", 4, h1 + 2), "seller"), Str(One("delisted", 4, h1 + 2), "reason")));
        Assert.Equal(Addr(1), Str(One("listed", 4, h1 + 2), "seller"));
        Assert.Equal(Addr(1), Str(One("auction-cancelled", 5, h1 + 3), "seller"));
        var expired = One("offer-expired", 3, h1 + 1);
        Assert.Equal((Addr(2), "1", 1u, h1 + 1), (Str(expired, "buyer"), Str(expired, "price"), expired.GetProperty("quantity").GetUInt32(), expired.GetProperty("endHeight").GetUInt32()));
        var cancelled = Assert.Single(all, e => Str(e, "kind") == "offer-cancelled");
        Assert.Equal((Addr(2), 1u, firstOffer), (Str(cancelled, "buyer"), cancelled.GetProperty("quantity").GetUInt32(), cancelled.GetProperty("offerId").GetUInt64()));
        var trait = Assert.Single(all, e => Str(e, "offerKind") == "trait");
        Assert.Equal(("rarity", "common", 3UL), (Str(trait, "trait"), Str(trait, "value"), trait.GetProperty("offerId").GetUInt64()));
        var bid = One("bid", 3, h1 + 2);
        Assert.Equal((Addr(1), Addr(2), "2", h1 + 3), (Str(bid, "seller"), Str(bid, "buyer"), Str(bid, "price"), bid.GetProperty("endHeight").GetUInt32()));
        Assert.Equal((Addr(1), "2", h1 + 3), (Str(One("auction-started", 3, h1 + 1), "seller"), Str(One("auction-started", 3, h1 + 1), "price"), One("auction-started", 3, h1 + 1).GetProperty("endHeight").GetUInt32()));

        // A token's feed: only its own events (the token offer, not the collection or trait offers).
        var token3 = await Items(node, $"api/v1/collections/{Coll}/tokens/3/activity/market");
        Assert.Equal(["auction-settled", "sold", "bid", "offer-expired", "auction-started", "offer-made"], token3.Select(e => Str(e, "kind")!).ToList());
        // An account's feed: the royalty recipient took part in no sale; the buyer in these.
        Assert.Empty(await Items(node, $"api/v1/accounts/{Addr(3)}/activity/market"));
        var buyer = await Items(node, $"api/v1/accounts/{Addr(2)}/activity/market?kind=sold,bid&limit=200");
        Assert.Equal(["sold", "bid", "sold", "sold"], buyer.Select(e => Str(e, "kind")!).ToList());
        var sold = await Items(node, $"api/v1/collections/{Coll}/activity/market?kind=sold");
        Assert.Equal(3UL, sold[0].GetProperty("tokenId").GetUInt64()); // newest first; #1 and #2 sold in one block, in its order
        Assert.Equal([1UL, 2UL], sold.Skip(1).Select(e => e.GetProperty("tokenId").GetUInt64()).Order());

        // The accepted offer's owner change is the accept-offer transaction's, not the chain's.
        var index = node.App.Services.GetRequiredService<ExplorerIndex>();
        var change = index.TokenHistory(Coll, 2, null, 1)[0].Event;
        Assert.Equal(("accept-offer", Id(2)), (change.Operation, change.To));
        Assert.Equal(Str(accepted, "txid"), change.TxId.ToString());
        Assert.NotEqual(0u, change.Position);

        // The collection page: the ten newest, and an "older" link (no script) to the rest, where the Dutch listing is.
        var html = await node.Http.GetStringAsync($"collection/{Coll}");
        Assert.Contains("auction settled", html);
        Assert.DoesNotContain("listed (Dutch", html);
        var older = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]*market=[^\"#]*)#market-activity\"");
        Assert.True(older.Success, "no older link on the collection page");
        var olderHtml = await node.Http.GetStringAsync(WebUtility.HtmlDecode(older.Groups[1].Value));
        Assert.Contains("listed (Dutch, falling to 2 HMT)", olderHtml);
        Assert.DoesNotContain("auction settled", olderHtml);
        Assert.Contains("sold via offer", await node.Http.GetStringAsync($"token/{Coll}/2"));

        await AssertProblem(node, $"api/v1/collections/{Coll}/activity/market?kind=sold,nope", HttpStatusCode.BadRequest, "bad-kind");
        await AssertProblem(node, $"api/v1/collections/{Coll}/activity/market?cursor=AAAA", HttpStatusCode.BadRequest, "bad-cursor");
        await AssertProblem(node, $"api/v1/collections/{Coll}/activity/market?limit=0", HttpStatusCode.BadRequest, "bad-limit");
        await AssertProblem(node, "api/v1/collections/no-such/activity/market", HttpStatusCode.NotFound, "not-found");
        await AssertProblem(node, $"api/v1/collections/{Coll}/tokens/99/activity/market", HttpStatusCode.NotFound, "not-found");
        await AssertProblem(node, $"api/v1/collections/{Coll}/tokens/x/activity/market", HttpStatusCode.BadRequest, "bad-token-id");
        await AssertProblem(node, "api/v1/accounts/nope/activity/market", HttpStatusCode.BadRequest, "bad-address");
        // A cursor of another list is refused.
        var tokenPage = await Get(node, $"api/v1/collections/{Coll}/tokens/3/activity/market?limit=1");
        await AssertProblem(node, $"api/v1/collections/{Coll}/activity/market?cursor={tokenPage.GetProperty("next").GetString()}", HttpStatusCode.BadRequest, "bad-cursor");
    }

    [Fact]
    public async Task A_page_after_a_cursor_does_not_shift_while_blocks_arrive()
    {
        await using var node = await InProcessNode.StartAsync(Net, Id(100));
        var ledger = node.Ledger;
        await Setup(ledger, 6);
        for (ulong t = 1; t <= 3; t++)
        {
            Send(ledger, 1, new ListOperation(Coll, t, ListingTerms.Fixed(Amount.Coins(t))), new ListOperation(Coll, t + 3, ListingTerms.Fixed(Amount.Coins(t + 3))));
            await node.MineAsync(1, Id(100));
        }
        var first = await Get(node, $"api/v1/collections/{Coll}/activity/market?limit=2");
        string cursor = first.GetProperty("next").GetString()!;
        var before = (await Get(node, $"api/v1/collections/{Coll}/activity/market?limit=2&cursor={cursor}")).GetRawText();

        Send(ledger, 2, new BuyOperation(Coll, 1, Amount.Coins(1)), new BuyOperation(Coll, 2, Amount.Coins(2)));
        Send(ledger, 1, new DelistOperation(Coll, 3));
        await node.MineAsync(2, Id(100));

        Assert.Equal(before, (await Get(node, $"api/v1/collections/{Coll}/activity/market?limit=2&cursor={cursor}")).GetRawText());
        var newest = await Items(node, $"api/v1/collections/{Coll}/activity/market?limit=3");
        Assert.Equal(["delisted", "sold", "sold"], newest.Select(e => Str(e, "kind")!).Order(StringComparer.Ordinal).ToList());
        // Walking every page sees every event once: 6 listings, 2 sales and a delisting.
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await Get(node, $"api/v1/collections/{Coll}/activity/market?limit=2{(next is null ? "" : $"&cursor={next}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(Describe));
            next = page.GetProperty("next").GetString();
        } while (next is not null);
        Assert.Equal(9, seen.Count);

        // The collection page shows the feed ten at a time, with an "older" link that carries the cursor (no script needed).
        var html = await node.Http.GetStringAsync($"collection/{Coll}");
        Assert.Contains("Market activity", html);
        Assert.Contains("sold via listing", html);
        var token = await node.Http.GetStringAsync($"token/{Coll}/1");
        Assert.Contains("delisted", await node.Http.GetStringAsync($"token/{Coll}/3"));
        Assert.Contains("sold via listing", token);
        Assert.Contains("listed", token);
        Assert.Contains("not one the list gave out", await node.Http.GetStringAsync($"token/{Coll}/1?market=AAAA"));
    }

    [Fact]
    public async Task A_reorganisation_removes_the_disconnected_blocks_entries_and_leaves_the_index_of_a_fresh_build()
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, Net);
        var index = new ExplorerIndex(ledger, store, NullLogger<ExplorerIndex>.Instance);
        await Setup(ledger, 3);
        Send(ledger, 1, new ListOperation(Coll, 1, ListingTerms.Fixed(Amount.Coins(1))), new ListOperation(Coll, 2, ListingTerms.Fixed(Amount.Coins(2))));
        await InProcessNode.MineAsync(ledger, 1, Id(100));

        // The rival starts from the same chain.
        var rival = new LedgerFacade(new MemoryKeyValueStore(), Net);
        foreach (var b in ledger.MainChainBlocks(1)) rival.SubmitBlock(b);
        Assert.Equal(ledger.Tip.Hash, rival.Tip.Hash);

        // Here: #1 sold and #2 auctioned, in one block.
        Send(ledger, 2, new BuyOperation(Coll, 1, Amount.Coins(1)));
        Send(ledger, 1, new DelistOperation(Coll, 2), new StartAuctionOperation(Coll, 2, Amount.Coins(1), ledger.Tip.Height + 5, 0, 0));
        var disconnected = (await InProcessNode.MineAsync(ledger, 1, Id(100)))[0];
        var here = index.MarketActivity(ExplorerKeys.MarketOfCollectionPrefix(Coll), null, 100, null).Events;
        Assert.Contains(here, e => e.Kind == MarketEventKind.Sold && e.Height == disconnected.Height);
        Assert.Contains(here, e => e.Kind == MarketEventKind.AuctionStarted);
        Assert.Contains(index.MarketActivity(ExplorerKeys.MarketOfAccountPrefix(Id(2)), null, 100, null).Events, e => e.Kind == MarketEventKind.Sold);

        // There: #1 withdrawn and an offer on #3, over two blocks: more work, so the ledger switches to it.
        Send(rival, 1, new DelistOperation(Coll, 1));
        Send(rival, 2, new MakeOfferOperation(OfferTarget.ForToken(Coll, 3), Amount.Coins(1), 1, 0));
        var branch = await InProcessNode.MineAsync(rival, 1, Id(101));
        branch.AddRange(await InProcessNode.MineAsync(rival, 1, Id(101)));
        foreach (var b in branch) ledger.SubmitBlock(b);
        Assert.Equal(rival.Tip.Hash, ledger.Tip.Hash);
        Assert.False(ledger.IsOnMainChain(disconnected.Hash));

        var after = index.MarketActivity(ExplorerKeys.MarketOfCollectionPrefix(Coll), null, 100, null).Events;
        Assert.DoesNotContain(after, e => e.Kind is MarketEventKind.Sold or MarketEventKind.AuctionStarted);
        Assert.Contains(after, e => e.Kind == MarketEventKind.Delisted && e.TokenId == 1 && e.Height == branch[0].Height);
        Assert.Contains(after, e => e.Kind == MarketEventKind.OfferMade && e.TokenId == 3);
        Assert.Empty(index.MarketActivity(ExplorerKeys.MarketOfAccountPrefix(Id(2)), null, 100, new HashSet<MarketEventKind> { MarketEventKind.Sold }).Events);
        Assert.Empty(index.MarketActivity(ExplorerKeys.MarketOfTokenPrefix(Coll, 2), null, 100, new HashSet<MarketEventKind> { MarketEventKind.AuctionStarted }).Events);

        // The whole index equals one built afresh from the final chain (caught up in one go).
        var freshStore = new MemoryKeyValueStore();
        var fresh = new LedgerFacade(freshStore, Net);
        foreach (var b in ledger.MainChainBlocks(1)) fresh.SubmitBlock(b);
        var freshIndex = new ExplorerIndex(fresh, freshStore, NullLogger<ExplorerIndex>.Instance);
        freshIndex.Sync();
        Assert.Equal(ledger.Tip.Height, (uint)freshIndex.Height);
        Assert.Equal(Dump(freshStore), Dump(store));
    }

    [Fact]
    public async Task A_listing_ends_when_its_token_moves_or_burns_and_a_token_minted_and_listed_at_once_is_its_minters()
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, Net);
        var index = new ExplorerIndex(ledger, store, NullLogger<ExplorerIndex>.Instance);
        await Setup(ledger, 2);
        Send(ledger, 1, new ListOperation(Coll, 1, ListingTerms.Fixed(Amount.Coins(1))), new ListOperation(Coll, 2, ListingTerms.Fixed(Amount.Coins(1))),
            Mint(1), new ListOperation(Coll, 3, ListingTerms.Fixed(Amount.Coins(4))));
        await InProcessNode.MineAsync(ledger, 1, Id(100));
        Send(ledger, 1, new TransferTokenOperation(Coll, 1, Id(2)), new BurnTokenOperation(Coll, 2));
        await InProcessNode.MineAsync(ledger, 1, Id(100));

        var events = index.MarketActivity(ExplorerKeys.MarketOfCollectionPrefix(Coll), null, 100, null).Events;
        var minted = Assert.Single(events, e => e.Kind == MarketEventKind.Listed && e.TokenId == 3);
        Assert.Equal((Id(1), 4UL * Amount.UnitsPerCoin), (minted.Seller, minted.Price.Units));
        var moved = Assert.Single(events, e => e.Kind == MarketEventKind.Delisted && e.TokenId == 1);
        Assert.Equal((DelistReason.Moved, "transfer-token", Id(1)), ((DelistReason)moved.Detail, moved.Operation, moved.Seller));
        var burned = Assert.Single(events, e => e.Kind == MarketEventKind.Delisted && e.TokenId == 2);
        Assert.Equal((DelistReason.Burned, "burn-token"), ((DelistReason)burned.Detail, burned.Operation));
        Assert.Equal(5, events.Count);
        // The burnt token keeps its market history in the API.
        Assert.Equal(2, index.MarketActivity(ExplorerKeys.MarketOfTokenPrefix(Coll, 2), null, 100, null).Events.Count);
    }

    [Fact]
    public async Task An_index_of_an_older_version_is_dropped_and_built_again_from_the_chain()
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, Net);
        var index = new ExplorerIndex(ledger, store, NullLogger<ExplorerIndex>.Instance);
        await Setup(ledger, 2);
        Send(ledger, 1, new ListOperation(Coll, 1, ListingTerms.Fixed(Amount.Coins(1))));
        await InProcessNode.MineAsync(ledger, 1, Id(100));
        var built = Dump(store);

        // As an index from before the market feed: no version key, an account-activity key of the old layout, no feed.
        using (var batch = store.CreateBatch())
        {
            batch.Delete(ExplorerKeys.Family, ExplorerKeys.Version);
            batch.Put(ExplorerKeys.Family, [(byte)'A', 1, 2, 3], [9]);
            foreach (var kv in store.Iterate(ExplorerKeys.Family, [ExplorerKeys.MarketByCollection])) batch.Delete(ExplorerKeys.Family, kv.Key);
            store.Write(batch);
        }
        Assert.NotEqual(built, Dump(store));
        var again = new ExplorerIndex(ledger, store, NullLogger<ExplorerIndex>.Instance);
        Assert.Equal(-1, again.Height);
        again.Sync();
        Assert.Equal(built, Dump(store));
    }

    private static List<string> Dump(IKeyValueStore store) =>
        store.Iterate(ExplorerKeys.Family, []).Select(kv => $"{Convert.ToHexString(kv.Key)}={Convert.ToHexString(kv.Value)}").ToList();

    private static string Describe(JsonElement e) =>
        $"{Str(e, "kind")} #{(e.GetProperty("tokenId").ValueKind == JsonValueKind.Null ? "-" : e.GetProperty("tokenId").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
        $"{Str(e, "listingKind") ?? Str(e, "offerKind") ?? "-"} {Str(e, "price") ?? "-"}";

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static async Task AssertProblem(InProcessNode node, string path, HttpStatusCode status, string code)
    {
        using var r = await node.Http.GetAsync(path);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{path}: {(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.DoesNotContain("\n   at ", problem.GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> Get(InProcessNode node, string path)
    {
        using var r = await node.Http.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> Items(InProcessNode node, string path) => (await Get(node, path)).GetProperty("items").EnumerateArray().ToList();
}
