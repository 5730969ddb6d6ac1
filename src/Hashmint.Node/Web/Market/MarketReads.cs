using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Node.Web.Market;

/// <summary>A listing with the price a buy in the next block pays, and its token (for its picture) and collection name.</summary>
public sealed record ListingRow(string Collection, ulong TokenId, Listing Listing, Amount PriceNow, TokenState? Token = null, string? Name = null);

public sealed record AuctionRow(string Collection, ulong TokenId, Auction Auction, TokenState? Token = null, string? Name = null);

public sealed record OfferRow(ulong OfferId, Offer Offer);

/// <summary>
/// What the market pages read from the state, under one view: listings cheapest first (the price a buy in the next block
/// pays), running auctions ending soonest, the newest offers. Scans are bounded (<see cref="MaxScan"/> rows), so the
/// pages cost the same however large the market grows; beyond that the API's cursors page through everything.
/// </summary>
public static class MarketReads
{
    public const int MaxScan = 500;

    public sealed record Snapshot(uint Tip, IReadOnlyList<ListingRow> Listings, IReadOnlyList<AuctionRow> Auctions, IReadOnlyList<OfferRow> Offers, bool Truncated);

    /// <summary>Listings by price now (across collections, or one), auctions by end height, offers newest first.</summary>
    public static Snapshot Read(LedgerFacade ledger, string? collection, int take) => ledger.ReadState(view =>
    {
        uint tip = view.Tip.Height;
        bool truncated = false;
        var listings = new List<ListingRow>();
        if (collection is not null)
        {
            // One collection: its price index gives the cheapest exactly, however many listings it has.
            foreach (var p in CheapestListings.Of(ledger, view, collection, tip + 1, take)) listings.Add(new ListingRow(collection, p.TokenId, p.Listing, p.Price));
        }
        else
        {
            var listingKeys = ledger.ScanState(MarketKeys.AllListings, null, false, MaxScan);
            truncated |= listingKeys.Count == MaxScan;
            foreach (var kv in listingKeys)
            {
                var (c, t) = MarketKeys.ParseTokenKey(kv.Key);
                var l = Listing.Decode(kv.Value);
                listings.Add(new ListingRow(c, t, l, l.Terms.PriceAt(tip + 1)));
            }
        }
        var auctions = new List<AuctionRow>();
        var auctionKeys = ledger.ScanState(collection is null ? [MarketKeys.Prefix, MarketKeys.AuctionKind] : MarketKeys.AuctionsOf(collection), null, false, MaxScan);
        truncated |= auctionKeys.Count == MaxScan;
        foreach (var kv in auctionKeys)
        {
            var (c, t) = MarketKeys.ParseTokenKey(kv.Key);
            auctions.Add(new AuctionRow(c, t, Auction.Decode(kv.Value)));
        }
        var offers = new List<OfferRow>();
        if (collection is null)
        {
            foreach (var kv in ledger.ScanState([MarketKeys.Prefix, MarketKeys.OfferRecordKind], null, true, take))
                offers.Add(new OfferRow(MarketKeys.ParseOffer(kv.Key), Offer.Decode(kv.Value)));
        }
        else
        {
            foreach (var kv in ledger.ScanState(MarketKeys.OffersOfCollection(collection), null, true, take)) // newest first
            {
                ulong id = MarketKeys.OfferIdAtEnd(kv.Key);
                if (view.GetOffer(id) is { } o) offers.Add(new OfferRow(id, o));
            }
        }
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Name(string c) => names.TryGetValue(c, out var n) ? n : names[c] = view.GetCollection(c)?.Definition.Name;
        return new Snapshot(tip,
            listings.OrderBy(r => r.PriceNow.Units).ThenBy(r => r.Collection, StringComparer.Ordinal).ThenBy(r => r.TokenId).Take(take)
                .Select(r => r with { Token = view.GetToken(r.Collection, r.TokenId), Name = Name(r.Collection) }).ToList(),
            auctions.OrderBy(r => r.Auction.EndHeight).ThenBy(r => r.Collection, StringComparer.Ordinal).ThenBy(r => r.TokenId).Take(take)
                .Select(r => r with { Token = view.GetToken(r.Collection, r.TokenId), Name = Name(r.Collection) }).ToList(),
            offers, truncated);
    });
}
