using Hashmint.Ledger.Market;

namespace Hashmint.Ledger.Blocks;

/// <summary>
/// After a block's transactions, the market objects scheduled to end at its height end (<see cref="MarketSchedule"/>):
/// an expiring listing (fixed price past its expiry, Dutch past its end height) is removed with its indexes; an expiring
/// offer returns what it still holds in escrow to its buyer and is removed; an auction whose end height this is settles
/// (token to the top bidder, the bid shared like any sale; with no bid the token stays with the seller). Objects
/// that are gone, or that now end at another height, are skipped. The entries are visited in index order, each deleted
/// as it is visited, and the height's count is deleted after the last. A block with nothing scheduled (every block
/// before the market existed) reads one key and writes nothing.
/// </summary>
public sealed class MarketScheduleHook : IBlockHook
{
    public BlockHookStage Stage => BlockHookStage.AfterTransactions;

    public void Run(BlockContext context)
    {
        var state = context.State;
        uint count = MarketSchedule.Count(state, context.Height);
        if (count == 0) return;
        for (uint i = 0; i < count; i++)
        {
            var key = MarketSchedule.Entry(state, context.Height, i);
            state.Set(MarketKeys.ScheduleEntry(context.Height, i), null);
            if (key.Length < 3 || key[0] != MarketKeys.Prefix) continue;
            switch (key[1])
            {
                case MarketKeys.ListingKind when state.Get(key) is { } bytes:
                    var listing = Listing.Decode(bytes);
                    if (listing.Terms.Expiry != context.Height) break;
                    var (collection, tokenId) = MarketKeys.ParseTokenKey(key);
                    state.CloseListing(collection, tokenId, listing);
                    break;
                case MarketKeys.OfferRecordKind when state.Get(key) is { } bytes:
                    var offer = Offer.Decode(bytes);
                    if (offer.Expiry == context.Height) state.RefundOffer(MarketKeys.ParseOffer(key), offer);
                    break;
                case MarketKeys.AuctionKind when state.Get(key) is { } bytes:
                    var auction = Auction.Decode(bytes);
                    if (auction.EndHeight != context.Height) break; // extended by a late bid: settles later
                    var (c, t) = MarketKeys.ParseTokenKey(key);
                    state.SettleAuction(c, t, auction, context.Height);
                    break;
            }
        }
        state.Set(MarketKeys.Schedule(context.Height), null);
    }
}
