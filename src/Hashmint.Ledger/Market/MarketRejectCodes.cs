namespace Hashmint.Ledger.Market;

/// <summary>Rejection codes of the market operations (see docs/PROTOCOL.md).</summary>
public static class MarketRejectCodes
{
    /// <summary>A listing whose prices or heights break the rules (stateless shape, or an expiry not after the block).</summary>
    public const string BadListing = "bad-listing";
    public const string AlreadyListed = "already-listed";
    /// <summary>No open listing for the token: never listed, bought, delisted, expired, or ended by a transfer or burn.</summary>
    public const string UnknownListing = "unknown-listing";
    /// <summary>The listing's price at the block's height is above the buyer's maximum.</summary>
    public const string PriceAboveMax = "price-above-max";
    /// <summary>Mempool: another pending transaction already buys this listing.</summary>
    public const string ListingTaken = "listing-taken";
}
