using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Node.Explorer;

namespace Hashmint.Node.Api;

/// <summary>
/// The market activity feed of the explorer index: listings, delistings, sales (with royalty), offers, bids and
/// auctions of a collection, a token or an account, newest first, with the index key as cursor (a page never shifts
/// when blocks arrive) and an optional <c>kind</c> filter.
/// </summary>
public static class MarketActivityEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder collections)
    {
        const string kinds = "kind filters by a comma-separated list of kinds: listed, delisted, sold, offer-made, offer-cancelled, offer-expired, bid, auction-started, auction-settled, auction-cancelled";
        collections.MapGet("/{id}/activity/market", Collection).WithName("ListCollectionMarketActivity")
            .WithSummary($"A collection's market activity, newest first (cursor paging); {kinds}.")
            .Produces<Page<MarketActivityDto>>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/activity/market", Token).WithName("ListTokenMarketActivity")
            .WithSummary($"A token's market activity (not the collection-wide or trait offers it may fill), newest first (cursor paging); {kinds}.")
            .Produces<Page<MarketActivityDto>>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/accounts/{address}/activity/market", Account).WithName("ListAccountMarketActivity")
            .WithSummary($"The market activity an account took part in as seller, buyer or bidder, newest first (cursor paging); {kinds}.")
            .Produces<Page<MarketActivityDto>>().ProducesProblem(400);
    }

    private static IResult Collection(LedgerFacade ledger, ExplorerIndex index, string id, string? cursor, int? limit, string? kind)
    {
        if (ledger.ReadState(view => view.GetCollection(id)) is null) return ApiErrors.NotFound($"no collection '{id}'");
        return Page(ledger, index, ExplorerKeys.MarketOfCollectionPrefix(id), cursor, limit, kind);
    }

    private static IResult Token(LedgerFacade ledger, ExplorerIndex index, string id, string tokenId, string? cursor, int? limit, string? kind)
    {
        if (tokenId.Length > 20 || !ulong.TryParse(tokenId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong tid))
            return ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");
        var (collection, token) = ledger.ReadState(view => (view.GetCollection(id), view.GetToken(id, tid)));
        if (collection is null) return ApiErrors.NotFound($"no collection '{id}'");
        var prefix = ExplorerKeys.MarketOfTokenPrefix(id, tid);
        // A burnt token keeps its history; one that never existed has none.
        if (token is null && index.MarketActivity(prefix, null, 1, null).Events.Count == 0) return ApiErrors.NotFound($"no token {id}#{tid}");
        return Page(ledger, index, prefix, cursor, limit, kind);
    }

    private static IResult Account(LedgerFacade ledger, ExplorerIndex index, string address, string? cursor, int? limit, string? kind)
    {
        if (!AccountEndpoints.TryAccount(ledger, address, out var account, out var error)) return error!;
        return Page(ledger, index, ExplorerKeys.MarketOfAccountPrefix(account), cursor, limit, kind);
    }

    private static IResult Page(LedgerFacade ledger, ExplorerIndex index, byte[] prefix, string? cursor, int? limit, string? kind)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (!TryKinds(kind, out var kinds, out var bad)) return ApiErrors.BadRequest("bad-kind", $"unknown kind '{bad}': the kinds are {string.Join(", ", KindNames.Keys)}");
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var (events, next) = index.MarketActivity(prefix, after, n, kinds);
        string hrp = ledger.Network.AddressPrefix;
        return Results.Ok(new Page<MarketActivityDto>(events.Select(e => Describe(e, hrp)).ToList(), next is null ? null : Cursor.Encode(next)));
    }

    /// <summary>Kind names as the API spells them (kebab-case), in the enum's order.</summary>
    public static readonly IReadOnlyDictionary<string, MarketEventKind> KindNames =
        Enum.GetValues<MarketEventKind>().ToDictionary(k => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(k.ToString()), k => k, StringComparer.Ordinal);

    /// <summary>Parses "sold,listed" (null or empty: every kind).</summary>
    public static bool TryKinds(string? text, out IReadOnlySet<MarketEventKind>? kinds, out string? bad)
    {
        kinds = null;
        bad = null;
        if (string.IsNullOrEmpty(text)) return true;
        var set = new HashSet<MarketEventKind>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!KindNames.TryGetValue(part, out var k)) { bad = part.Length > 40 ? part[..40] + "…" : part; return false; }
            set.Add(k);
        }
        kinds = set;
        return true;
    }

    internal static MarketActivityDto Describe(MarketEvent e, string hrp)
    {
        string? Addr(AccountId a) => a.IsNone ? null : a.ToAddress(hrp);
        bool priced = e.Kind is not (MarketEventKind.Delisted or MarketEventKind.AuctionCancelled) && !(e.Kind == MarketEventKind.AuctionSettled && e.Buyer.IsNone);
        bool sale = e.Kind is MarketEventKind.Sold or MarketEventKind.AuctionSettled && !e.Buyer.IsNone;
        bool offer = e.Kind is MarketEventKind.OfferMade or MarketEventKind.OfferCancelled or MarketEventKind.OfferExpired;
        bool listed = e.Kind == MarketEventKind.Listed;
        bool dutch = listed && (ListingKind)e.Detail == ListingKind.Dutch;
        return new MarketActivityDto(e.Kind, e.Height, e.Collection, e.TokenId, e.Position == 0 ? null : e.TxId.ToString(), e.Position, e.Operation,
            Addr(e.Seller), Addr(e.Buyer), priced ? e.Price.ToString() : null, priced ? e.Price.Units : null,
            sale ? e.Royalty.ToString() : null, sale ? (SaleVia)e.Detail : null,
            listed ? (ListingKind)e.Detail : null, dutch ? e.EndPrice.ToString() : null, dutch ? e.StartHeight : null,
            e.Kind == MarketEventKind.Delisted ? (DelistReason)e.Detail : null,
            e.OfferId == 0 ? null : e.OfferId, offer ? (OfferKind)e.Detail : null,
            offer && (OfferKind)e.Detail == OfferKind.Trait ? e.Trait : null, offer && (OfferKind)e.Detail == OfferKind.Trait ? e.TraitValue : null,
            offer ? e.Quantity : null, e.EndHeight == 0 ? null : e.EndHeight);
    }
}

/// <summary>
/// One market event. <c>txid</c> is null when the chain did it at the end of the block (expiries, auction settlements;
/// <c>operation</c> "block"). <c>price</c>: the listing's price (a Dutch listing's start price, falling to
/// <c>endPrice</c> from <c>startHeight</c> to <c>endHeight</c>), the sale price, the offer's price per token, the bid,
/// the reserve of a started auction, the winning bid of a settled one. <c>royalty</c> and <c>via</c>: what a sale paid
/// the collection's royalty recipients, and how it was made. <c>quantity</c>: tokens an offer asked for (made) or still
/// wanted (cancelled, expired: refunded). <c>endHeight</c>: a listing's expiry or end, an offer's expiry, an auction's
/// end (after a bid: the end it moved to).
/// </summary>
public sealed record MarketActivityDto(MarketEventKind Kind, uint Height, string Collection, ulong? TokenId, string? Txid, uint Position, string Operation,
    string? Seller, string? Buyer, string? Price, ulong? PriceUnits, string? Royalty, SaleVia? Via, ListingKind? ListingKind, string? EndPrice, uint? StartHeight,
    DelistReason? Reason, ulong? OfferId, OfferKind? OfferKind, string? Trait, string? Value, uint? Quantity, uint? EndHeight);
