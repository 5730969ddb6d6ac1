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
    /// <summary>An offer whose target, quantity, price or expiry breaks the rules.</summary>
    public const string BadOffer = "bad-offer";
    /// <summary>No open offer with that id: never made, filled, cancelled or expired.</summary>
    public const string UnknownOffer = "unknown-offer";
    /// <summary>The token accepted is not one the offer buys (another token, or without the trait).</summary>
    public const string OfferMismatch = "offer-mismatch";
    /// <summary>An auction whose reserve, increment, extension or end height breaks the rules.</summary>
    public const string BadAuction = "bad-auction";
    /// <summary>No running auction of the token: never started, settled or cancelled.</summary>
    public const string UnknownAuction = "unknown-auction";
    /// <summary>The token is being auctioned: it cannot move, burn, be listed, auctioned again or sold into an offer.</summary>
    public const string TokenInAuction = "token-in-auction";
    public const string BidTooLow = "bid-too-low";
    /// <summary>Only an auction without bids can be cancelled.</summary>
    public const string AuctionHasBids = "auction-has-bids";
}
