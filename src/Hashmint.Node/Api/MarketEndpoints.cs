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
            // The price index is ordered by the lowest price each listing can reach, and a listing's price is never below
            // its key: the floor is found at the first key that is not below the best price seen so far.
            Amount? floor = null;
            ulong? floorToken = null;
            foreach (var (key, _) in ledger.ScanState(MarketKeys.FloorOf(id)))
            {
                var (lowest, tokenId) = MarketKeys.ParseFloor(key, MarketKeys.FloorOf(id).Length);
                if (floor is { } best && lowest >= best) break;
                if (view.GetListing(id, tokenId) is not { } l) continue;
                var price = l.Terms.PriceAt(next);
                if (floor is null || price < floor.Value) { floor = price; floorToken = tokenId; }
            }
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

/// <summary>A collection's market: the floor (null with no listings) and its token, sales count and volume (HMT and units, as a decimal string).</summary>
public sealed record MarketStatsResponse(string Collection, string? Floor, ulong? FloorUnits, ulong? FloorTokenId, ulong Sales, string Volume, string VolumeUnits,
    uint PriceHeight, uint Height);
