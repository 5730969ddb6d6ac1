using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Market;

/// <summary>A listing of a collection with the price a buy at a given height pays.</summary>
public readonly record struct PricedListing(ulong TokenId, Listing Listing, Amount Price);

/// <summary>
/// A collection's cheapest listings at a height, read from the price index (<see cref="MarketKeys.FloorOf"/>): keys are
/// ordered by the lowest price each listing can reach, and a listing's price is never below its key, so the walk stops
/// at the first key not below the n-th best price found — a handful of reads however many listings there are.
/// </summary>
public static class CheapestListings
{
    /// <summary>At most <paramref name="take"/> listings, cheapest first (then by token id), priced for a buy in block <paramref name="height"/>.</summary>
    public static IReadOnlyList<PricedListing> Of(LedgerFacade ledger, StateView view, string collection, uint height, int take)
    {
        var best = new List<PricedListing>(take);
        if (take <= 0) return best;
        var prefix = MarketKeys.FloorOf(collection);
        foreach (var (key, _) in ledger.ScanState(prefix))
        {
            var (lowest, tokenId) = MarketKeys.ParseFloor(key, prefix.Length);
            if (best.Count == take && lowest >= best[^1].Price) break;
            if (view.GetListing(collection, tokenId) is not { } listing) continue;
            var row = new PricedListing(tokenId, listing, listing.Terms.PriceAt(height));
            int at = best.FindIndex(b => row.Price < b.Price || (row.Price == b.Price && row.TokenId < b.TokenId));
            best.Insert(at < 0 ? best.Count : at, row);
            if (best.Count > take) best.RemoveAt(take);
        }
        return best;
    }
}
