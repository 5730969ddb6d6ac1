using System.Buffers.Binary;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Node.Api;

/// <summary>
/// The market the chain executes: a collection's listings by price (the floor first), a token's listing and sales, an
/// account's listings, and a collection's floor, volume and sales count. Prices are the ones a buy in the next block
/// pays (a Dutch listing's price falls per block).
/// </summary>
public static class MarketEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var collections = api.MapGroup("/collections").AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Request.RouteValues.TryGetValue("id", out var value) && value is string id && !CollectionIds.IsValid(id))
                return ApiErrors.BadRequest("bad-collection-id", "a collection id is 3..32 characters of a-z, 0-9 and '-', starting with a letter");
            return await next(context);
        });
        collections.MapGet("/{id}/listings", Listings).WithName("ListCollectionListings")
            .WithSummary("A collection's open listings, cheapest first: ordered by the lowest price each can reach (a Dutch listing's end price), with the price a buy in the next block pays (cursor paging).")
            .ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/market", Stats).WithName("GetCollectionMarket")
            .WithSummary("A collection's floor (the lowest price a buy in the next block pays), sales count and volume.")
            .Produces<MarketStatsResponse>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/listing", TokenListing).WithName("GetTokenListing")
            .WithSummary("A token's open listing (404 when it has none).").Produces<ListingDto>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/sales", Sales).WithName("ListTokenSales")
            .WithSummary("A token's sales, oldest first (cursor paging).").ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/accounts/{address}/listings", AccountListings).WithName("GetAccountListings")
            .WithSummary("An account's open listings (cursor paging).").ProducesProblem(400);
        collections.MapGet("/{id}/offers", CollectionOffers).WithName("ListCollectionOffers")
            .WithSummary("Every open offer on a collection (one-token, collection-wide and trait offers), oldest first (cursor paging).").ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/offers", TokenOffers).WithName("ListTokenOffers")
            .WithSummary("The open offers for one token (not the collection-wide or trait offers it may also fill), oldest first (cursor paging).").ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/accounts/{address}/offers", AccountOffers).WithName("GetAccountOffers")
            .WithSummary("An account's open offers as buyer (cursor paging).").ProducesProblem(400);
        collections.MapGet("/{id}/auctions", CollectionAuctions).WithName("ListCollectionAuctions")
            .WithSummary("A collection's running auctions in token order (cursor paging).").ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/auction", TokenAuction).WithName("GetTokenAuction")
            .WithSummary("A token's running auction: reserve, top bid, the minimum next bid, end height (404 when none).").Produces<AuctionDto>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/accounts/{address}/auctions", AccountAuctions).WithName("GetAccountAuctions")
            .WithSummary("An account's running auctions as seller (cursor paging).").ProducesProblem(400);
        api.MapGet("/offers/{offerId}", GetOffer).WithName("GetOffer")
            .WithSummary("One open offer (404 when it was filled, cancelled, expired or never made).").Produces<OfferDto>().ProducesProblem(400).ProducesProblem(404);
        MarketActivityEndpoints.Map(api, collections);
    }

    internal static AuctionDto Describe(string collection, ulong tokenId, Auction a, uint tipHeight, string hrp) =>
        new(collection, tokenId, a.Seller.ToAddress(hrp), a.Reserve.ToString(), a.EndHeight, Math.Max(0, (long)a.EndHeight - tipHeight), a.MinIncrementBasisPoints,
            a.ExtensionBlocks, a.HasBid ? a.TopBidder.ToAddress(hrp) : null, a.HasBid ? a.TopBid.ToString() : null, a.MinimumBid.ToString(), a.MinimumBid.Units,
            a.CreatedHeight);

    private static IResult CollectionAuctions(LedgerFacade ledger, string id, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (ledger.ReadState(view => view.GetCollection(id)) is null) return ApiErrors.NotFound($"no collection '{id}'");
        var prefix = MarketKeys.AuctionsOf(id);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        uint tip = ledger.Tip.Height;
        var items = page.Select(kv => Describe(id, MarketKeys.ParseTokenKey(kv.Key).TokenId, Auction.Decode(kv.Value), tip, ledger.Network.AddressPrefix)).ToList();
        return Results.Ok(new Page<AuctionDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult TokenAuction(LedgerFacade ledger, string id, string tokenId)
    {
        if (!TryTokenId(tokenId, out ulong tid)) return BadTokenId();
        var (a, tip, exists) = ledger.ReadState(view => (view.GetAuction(id, tid), view.Tip.Height, view.GetToken(id, tid) is not null));
        if (!exists) return ApiErrors.NotFound($"no token {id}#{tid}");
        return a is null ? ApiErrors.NotFound($"{id}#{tid} is not being auctioned") : Results.Ok(Describe(id, tid, a, tip, ledger.Network.AddressPrefix));
    }

    private static IResult AccountAuctions(LedgerFacade ledger, string address, string? cursor, int? limit)
    {
        if (!AccountEndpoints.TryAccount(ledger, address, out var seller, out var error)) return error!;
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        var prefix = MarketKeys.AuctionsOfSeller(seller);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var items = ledger.ReadState(view =>
        {
            var list = new List<AuctionDto>(page.Count);
            foreach (var kv in page)
            {
                var (collection, tokenId) = MarketKeys.ParseBySeller(kv.Key);
                if (view.GetAuction(collection, tokenId) is { } a) list.Add(Describe(collection, tokenId, a, view.Tip.Height, ledger.Network.AddressPrefix));
            }
            return list;
        });
        return Results.Ok(new Page<AuctionDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    internal static OfferDto Describe(ulong offerId, Offer o, string hrp)
    {
        var t = o.Target;
        return new OfferDto(offerId, o.Buyer.ToAddress(hrp), t.Kind, t.Collection, t.Kind == OfferKind.Token ? t.TokenId : null,
            t.Kind == OfferKind.Trait ? t.Trait : null, t.Kind == OfferKind.Trait ? t.Value : null, o.Price.ToString(), o.Price.Units, o.Remaining,
            o.Escrow.ToString(), o.Expiry == 0 ? null : o.Expiry, o.CreatedHeight);
    }

    /// <summary>A page of an offer index (keys ending in the offer id), read with the offers they point to.</summary>
    private static IResult OfferPage(LedgerFacade ledger, byte[] prefix, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var items = ledger.ReadState(view =>
        {
            var list = new List<OfferDto>(page.Count);
            foreach (var kv in page)
            {
                ulong offerId = MarketKeys.OfferIdAtEnd(kv.Key);
                if (view.GetOffer(offerId) is { } o) list.Add(Describe(offerId, o, ledger.Network.AddressPrefix));
            }
            return list;
        });
        return Results.Ok(new Page<OfferDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult CollectionOffers(LedgerFacade ledger, string id, string? cursor, int? limit) =>
        ledger.ReadState(view => view.GetCollection(id)) is null ? ApiErrors.NotFound($"no collection '{id}'") : OfferPage(ledger, MarketKeys.OffersOfCollection(id), cursor, limit);

    private static IResult TokenOffers(LedgerFacade ledger, string id, string tokenId, string? cursor, int? limit)
    {
        if (!TryTokenId(tokenId, out ulong tid)) return BadTokenId();
        return ledger.ReadState(view => view.GetToken(id, tid)) is null ? ApiErrors.NotFound($"no token {id}#{tid}") : OfferPage(ledger, MarketKeys.OffersOfToken(id, tid), cursor, limit);
    }

    private static IResult AccountOffers(LedgerFacade ledger, string address, string? cursor, int? limit) =>
        AccountEndpoints.TryAccount(ledger, address, out var buyer, out var error) ? OfferPage(ledger, MarketKeys.OffersOfBuyer(buyer), cursor, limit) : error!;

    private static IResult GetOffer(LedgerFacade ledger, string offerId)
    {
        if (!TryTokenId(offerId, out ulong oid)) return ApiErrors.BadRequest("bad-offer-id", "an offer id is a decimal number");
        var o = ledger.ReadState(view => view.GetOffer(oid));
        return o is null ? ApiErrors.NotFound($"no open offer {oid}") : Results.Ok(Describe(oid, o, ledger.Network.AddressPrefix));
    }

    private static bool TryTokenId(string text, out ulong id) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && text.Length <= 20;

    private static IResult BadTokenId() => ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");

    internal static ListingDto Describe(string collection, ulong tokenId, Listing l, uint nextHeight, string hrp)
    {
        var t = l.Terms;
        var price = t.PriceAt(nextHeight);
        bool dutch = t.Kind == ListingKind.Dutch;
        return new ListingDto(collection, tokenId, l.Seller.ToAddress(hrp), t.Kind, price.ToString(), price.Units, nextHeight, l.ListedHeight,
            dutch ? null : t.Price.ToString(), t.Expiry == 0 ? null : t.Expiry,
            dutch ? t.Price.ToString() : null, dutch ? t.EndPrice.ToString() : null, dutch ? t.StartHeight : null, dutch ? t.EndHeight : null);
    }

    private static IResult Listings(LedgerFacade ledger, string id, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (ledger.ReadState(view => view.GetCollection(id)) is null) return ApiErrors.NotFound($"no collection '{id}'");
        var prefix = MarketKeys.FloorOf(id);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var (items, _) = ledger.ReadState(view =>
        {
            uint next = view.Tip.Height + 1;
            var list = new List<ListingDto>(page.Count);
            foreach (var kv in page)
            {
                var (_, tokenId) = MarketKeys.ParseFloor(kv.Key, prefix.Length);
                if (view.GetListing(id, tokenId) is { } l) list.Add(Describe(id, tokenId, l, next, ledger.Network.AddressPrefix));
            }
            return (list, next);
        });
        return Results.Ok(new Page<ListingDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult Stats(LedgerFacade ledger, string id)
    {
        var result = ledger.ReadState(view =>
        {
            if (view.GetCollection(id) is null) return null;
            uint next = view.Tip.Height + 1;
            var stats = view.GetMarketStats(id);
            var cheapest = CheapestListings.Of(ledger, view, id, next, 1);
            Amount? floor = cheapest.Count > 0 ? cheapest[0].Price : null;
            ulong? floorToken = cheapest.Count > 0 ? cheapest[0].TokenId : null;
            return new MarketStatsResponse(id, floor?.ToString(), floor?.Units, floorToken, stats.Sales, FormatUnits(stats.Volume), stats.Volume.ToString(),
                next, view.Tip.Height);
        });
        return result is null ? ApiErrors.NotFound($"no collection '{id}'") : Results.Ok(result);
    }

    /// <summary>A volume in HMT, which can exceed what a u64 of units holds.</summary>
    internal static string FormatUnits(UInt128 units)
    {
        UInt128 whole = units / Amount.UnitsPerCoin;
        ulong frac = (ulong)(units % Amount.UnitsPerCoin);
        return frac == 0 ? whole.ToString() : $"{whole}.{frac.ToString("D8", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0')}";
    }

    private static IResult TokenListing(LedgerFacade ledger, string id, string tokenId)
    {
        if (!TryTokenId(tokenId, out ulong tid)) return BadTokenId();
        var (l, next, exists) = ledger.ReadState(view => (view.GetListing(id, tid), view.Tip.Height + 1, view.GetToken(id, tid) is not null));
        if (!exists) return ApiErrors.NotFound($"no token {id}#{tid}");
        return l is null ? ApiErrors.NotFound($"{id}#{tid} is not listed") : Results.Ok(Describe(id, tid, l, next, ledger.Network.AddressPrefix));
    }

    private static IResult Sales(LedgerFacade ledger, string id, string tokenId, string? cursor, int? limit)
    {
        if (!TryTokenId(tokenId, out ulong tid)) return BadTokenId();
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (ledger.ReadState(view => view.GetCollection(id)) is null) return ApiErrors.NotFound($"no collection '{id}'");
        var prefix = MarketKeys.SalesOf(id, tid);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        string hrp = ledger.Network.AddressPrefix;
        var items = page.Select(kv =>
        {
            var s = SaleRecord.Decode(kv.Value);
            return new SaleDto(id, tid, BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(prefix.Length)), s.Height, s.Seller.ToAddress(hrp), s.Buyer.ToAddress(hrp),
                s.Price.ToString(), s.Price.Units, s.Royalty.ToString(), s.Via);
        }).ToList();
        return Results.Ok(new Page<SaleDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult AccountListings(LedgerFacade ledger, string address, string? cursor, int? limit)
    {
        if (!AccountEndpoints.TryAccount(ledger, address, out var seller, out var error)) return error!;
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        var prefix = MarketKeys.BySellerOf(seller);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var items = ledger.ReadState(view =>
        {
            uint next = view.Tip.Height + 1;
            var list = new List<ListingDto>(page.Count);
            foreach (var kv in page)
            {
                var (collection, tokenId) = MarketKeys.ParseBySeller(kv.Key);
                if (view.GetListing(collection, tokenId) is { } l) list.Add(Describe(collection, tokenId, l, next, ledger.Network.AddressPrefix));
            }
            return list;
        });
        return Results.Ok(new Page<ListingDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }
}

/// <summary>
/// An open listing: <c>price</c> is what a buy in block <c>priceHeight</c> (the next) pays; fixed listings carry
/// <c>fixedPrice</c> and maybe <c>expiry</c>, Dutch ones their start and end prices and heights.
/// </summary>
public sealed record ListingDto(string Collection, ulong TokenId, string Seller, ListingKind Kind, string Price, ulong PriceUnits, uint PriceHeight,
    uint ListedHeight, string? FixedPrice, uint? Expiry, string? StartPrice, string? EndPrice, uint? StartHeight, uint? EndHeight);

public sealed record SaleDto(string Collection, ulong TokenId, ulong SaleNumber, uint Height, string Seller, string Buyer, string Price, ulong PriceUnits,
    string Royalty, SaleVia Via);

/// <summary>
/// A running auction: <c>minimumBid</c> is the least the next bid may be; it settles by itself at the end of block
/// <c>endHeight</c> (<c>blocksLeft</c> after the tip), which a late bid may move (anti-sniping).
/// </summary>
public sealed record AuctionDto(string Collection, ulong TokenId, string Seller, string Reserve, uint EndHeight, long BlocksLeft, ushort MinIncrementBasisPoints,
    uint ExtensionBlocks, string? TopBidder, string? TopBid, string MinimumBid, ulong MinimumBidUnits, uint CreatedHeight);

/// <summary>An open offer: what it buys, the price per token, how many it still wants, and the coins it holds in escrow.</summary>
public sealed record OfferDto(ulong OfferId, string Buyer, OfferKind Kind, string Collection, ulong? TokenId, string? Trait, string? Value, string Price,
    ulong PriceUnits, uint Remaining, string Escrow, uint? Expiry, uint CreatedHeight);

/// <summary>A collection's market: the floor (null with no listings) and its token, sales count and volume (HMT and units, as a decimal string).</summary>
public sealed record MarketStatsResponse(string Collection, string? Floor, ulong? FloorUnits, ulong? FloorTokenId, ulong Sales, string Volume, string VolumeUnits,
    uint PriceHeight, uint Height);
