using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Market;

/// <summary>Typed reads and writes of market records, each keeping its indexes in step (docs/PROTOCOL.md, "Market state").</summary>
public static class MarketState
{
    public static Listing? GetListing(this IStateReader state, string collection, ulong tokenId) =>
        state.Get(MarketKeys.Listing(collection, tokenId)) is { } b ? Listing.Decode(b) : null;

    public static CollectionStats GetMarketStats(this IStateReader state, string collection) =>
        state.Get(MarketKeys.Stats(collection)) is { } b ? CollectionStats.Decode(b) : CollectionStats.Empty;

    /// <summary>Opens a listing: the record, the collection's price index, the seller's index, and (if it expires) the schedule.</summary>
    public static void OpenListing(this StateOverlay state, string collection, ulong tokenId, Listing listing)
    {
        var key = MarketKeys.Listing(collection, tokenId);
        state.Set(key, listing.Encode());
        state.Set(MarketKeys.Floor(collection, listing.Terms.FloorPrice, tokenId), [1]);
        state.Set(MarketKeys.BySeller(listing.Seller, collection, tokenId), [1]);
        if (listing.Terms.Expiry != 0) MarketSchedule.Add(state, listing.Terms.Expiry, key);
    }

    /// <summary>Closes a listing and its index entries (a schedule entry is left: it finds nothing when its height comes).</summary>
    public static void CloseListing(this StateOverlay state, string collection, ulong tokenId, Listing listing)
    {
        state.Set(MarketKeys.Listing(collection, tokenId), null);
        state.Set(MarketKeys.Floor(collection, listing.Terms.FloorPrice, tokenId), null);
        state.Set(MarketKeys.BySeller(listing.Seller, collection, tokenId), null);
    }

    /// <summary>
    /// A token is about to move or burn outside the market (transfer-token, burn-token): an auctioned token refuses
    /// (its bidders' coins are committed to it); otherwise its open listing ends, so no listing outlives its owner's
    /// hold on the token. Writes nothing when the token has neither, which is every token of every block before the
    /// market existed.
    /// </summary>
    /// <exception cref="RejectedException">token-in-auction.</exception>
    public static void EndMarketObjectsOnMove(this StateOverlay state, string collection, ulong tokenId)
    {
        CheckNotInAuction(state, collection, tokenId);
        if (state.GetListing(collection, tokenId) is { } listing) state.CloseListing(collection, tokenId, listing);
    }

    public static Auction? GetAuction(this IStateReader state, string collection, ulong tokenId) =>
        state.Get(MarketKeys.Auction(collection, tokenId)) is { } b ? Auction.Decode(b) : null;

    /// <exception cref="RejectedException">token-in-auction.</exception>
    public static void CheckNotInAuction(IStateReader state, string collection, ulong tokenId)
    {
        if (state.Get(MarketKeys.Auction(collection, tokenId)) is not null)
            throw new RejectedException(MarketRejectCodes.TokenInAuction, $"{collection} #{tokenId} is being auctioned: it stays put until the auction settles");
    }

    /// <summary>Writes a new auction, its seller index, and schedules its settlement.</summary>
    public static void OpenAuction(this StateOverlay state, string collection, ulong tokenId, Auction auction)
    {
        var key = MarketKeys.Auction(collection, tokenId);
        state.Set(key, auction.Encode());
        state.Set(MarketKeys.AuctionOfSeller(auction.Seller, collection, tokenId), [1]);
        MarketSchedule.Add(state, auction.EndHeight, key);
    }

    public static void CloseAuction(this StateOverlay state, string collection, ulong tokenId, Auction auction)
    {
        state.Set(MarketKeys.Auction(collection, tokenId), null);
        state.Set(MarketKeys.AuctionOfSeller(auction.Seller, collection, tokenId), null);
    }

    /// <summary>At the end height: the top bid buys the token (a sale like any other); with no bid the token simply stays with the seller.</summary>
    public static void SettleAuction(this StateOverlay state, string collection, ulong tokenId, Auction auction, uint height)
    {
        state.CloseAuction(collection, tokenId, auction);
        if (!auction.HasBid) return;
        state.ChangeEscrow(Amount.Zero, auction.TopBid);
        var c = state.GetCollection(collection) ?? throw new InvalidOperationException($"auctioned collection {collection} is missing");
        var token = state.GetToken(collection, tokenId) ?? throw new InvalidOperationException($"auctioned token {collection}#{tokenId} is missing");
        state.CompleteSale(c, tokenId, token, auction.TopBidder, auction.TopBid, SaleVia.Auction, height);
    }

    /// <summary>
    /// Completes a sale whose price the buyer has already paid out of its balance or escrow: each royalty split is credited
    /// (<see cref="Royalties"/>), then the seller gets the rest; the token goes to the buyer (approval cleared); the sale is
    /// recorded in the token's history and the collection's totals.
    /// </summary>
    public static void CompleteSale(this StateOverlay state, CollectionState collection, ulong tokenId, TokenState token, AccountId buyer, Amount price,
        SaleVia via, uint height)
    {
        var seller = token.Owner;
        var (splits, toSeller) = Royalties.Split(collection.Definition, price);
        var royalty = price - toSeller;
        foreach (var (recipient, amount) in splits) Credit(state, recipient, amount);
        Credit(state, seller, toSeller);
        state.PutToken(collection.Id, tokenId, token, token with { Owner = buyer, Approved = AccountId.None });

        var stats = state.GetMarketStats(collection.Id);
        var next = new CollectionStats(stats.Sales + 1, stats.Volume + price.Units);
        state.Set(MarketKeys.Stats(collection.Id), next.Encode());
        state.Set(MarketKeys.Sale(collection.Id, tokenId, next.Sales), new SaleRecord(height, seller, buyer, price, royalty, via).Encode());
    }

    public static void Credit(StateOverlay state, AccountId to, Amount amount)
    {
        if (amount.Units == 0) return;
        var account = state.GetAccount(to);
        state.SetAccount(to, account with { Balance = account.Balance + amount });
    }

    /// <exception cref="RejectedException">insufficient-funds.</exception>
    public static void Debit(StateOverlay state, AccountId from, Amount amount, string what)
    {
        var account = state.GetAccount(from);
        if (account.Balance < amount) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {account.Balance} cannot pay {what} of {amount}");
        state.SetAccount(from, account with { Balance = account.Balance - amount });
    }
}

/// <summary>
/// Market objects that end after a given block, in the order they were scheduled: 'm' 'X' | height → u32 LE count n,
/// and for each i in 0..n-1 'm' 'x' | height | i (both u32 BE) → the object's state key. An append writes one entry
/// and the count: O(1), however many objects already end at that height. Entries are never removed early: the
/// end-of-block hook skips a key whose object is gone or no longer ends at that height, and deletes every entry and
/// the count of its height.
/// </summary>
public static class MarketSchedule
{
    public const int MaxKeyBytes = 64;

    public static void Add(StateOverlay state, uint height, byte[] objectKey)
    {
        if (objectKey.Length is 0 or > MaxKeyBytes) throw new ArgumentException($"a scheduled key has 1..{MaxKeyBytes} bytes, not {objectKey.Length}", nameof(objectKey));
        var countKey = MarketKeys.Schedule(height);
        uint n = Count(state, height);
        state.Set(MarketKeys.ScheduleEntry(height, n), objectKey);
        var value = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(value, checked(n + 1));
        state.Set(countKey, value);
    }

    /// <summary>How many objects are scheduled at <paramref name="height"/> (0 when its count key is absent).</summary>
    public static uint Count(IStateReader state, uint height) => DecodeCount(state.Get(MarketKeys.Schedule(height)));

    public static uint DecodeCount(byte[]? value)
    {
        if (value is null) return 0;
        if (value.Length != 4) throw new FormatException($"a market schedule count is 4 bytes, not {value.Length}");
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(value);
    }

    /// <summary>The state key of the <paramref name="index"/>-th object scheduled at <paramref name="height"/> (index &lt; <see cref="Count"/>).</summary>
    public static byte[] Entry(IStateReader state, uint height, uint index)
    {
        var value = state.Get(MarketKeys.ScheduleEntry(height, index))
                    ?? throw new InvalidOperationException($"market schedule entry {index} of height {height} is missing below its count");
        if (value.Length is 0 or > MaxKeyBytes) throw new FormatException($"a scheduled key has 1..{MaxKeyBytes} bytes, not {value.Length}");
        return value;
    }

    /// <summary>The scheduled keys of a height, in order (for inspection: the hook visits them one by one).</summary>
    public static IReadOnlyList<byte[]> Read(IStateReader state, uint height)
    {
        uint n = Count(state, height);
        var keys = new List<byte[]>((int)Math.Min(n, 1u << 16));
        for (uint i = 0; i < n; i++) keys.Add(Entry(state, height, i));
        return keys;
    }
}

/// <summary>Offers and the coins they hold in escrow ('m' 'E' counts every escrowed coin: balances + pending payouts + escrow = supply).</summary>
public static class OfferState
{
    public static Offer? GetOffer(this IStateReader state, ulong offerId) => state.Get(MarketKeys.Offer(offerId)) is { } b ? Offer.Decode(b) : null;

    public static Amount GetEscrow(this IStateReader state) =>
        state.Get(MarketKeys.Escrow) is { } b ? new Amount(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b)) : Amount.Zero;

    /// <summary>Adds to (or, negative, takes from) the market's escrow total; the key is deleted at zero.</summary>
    public static void ChangeEscrow(this StateOverlay state, Amount add, Amount take)
    {
        var total = state.GetEscrow() + add - take;
        if (total.Units == 0) { state.Set(MarketKeys.Escrow, null); return; }
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, total.Units);
        state.Set(MarketKeys.Escrow, b);
    }

    /// <summary>Numbers a new offer: the last id given out, plus one.</summary>
    public static ulong NextOfferId(this StateOverlay state)
    {
        ulong last = state.Get(MarketKeys.LastOfferId) is { } b ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
        var next = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(next, checked(last + 1));
        state.Set(MarketKeys.LastOfferId, next);
        return last + 1;
    }

    /// <summary>Writes an offer and its indexes (collection, buyer, and token for a one-token offer), and schedules its expiry.</summary>
    public static void OpenOffer(this StateOverlay state, ulong offerId, Offer offer)
    {
        var key = MarketKeys.Offer(offerId);
        state.Set(key, offer.Encode());
        state.Set(MarketKeys.OfferOfCollection(offer.Target.Collection, offerId), [1]);
        state.Set(MarketKeys.OfferOfBuyer(offer.Buyer, offerId), [1]);
        if (offer.Target.Kind == OfferKind.Token) state.Set(MarketKeys.OfferOfToken(offer.Target.Collection, offer.Target.TokenId, offerId), [1]);
        if (offer.Expiry != 0) MarketSchedule.Add(state, offer.Expiry, key);
    }

    /// <summary>Updates a partly filled offer, or closes it when nothing remains.</summary>
    public static void PutOffer(this StateOverlay state, ulong offerId, Offer offer)
    {
        if (offer.Remaining == 0) state.CloseOffer(offerId, offer);
        else state.Set(MarketKeys.Offer(offerId), offer.Encode());
    }

    public static void CloseOffer(this StateOverlay state, ulong offerId, Offer offer)
    {
        state.Set(MarketKeys.Offer(offerId), null);
        state.Set(MarketKeys.OfferOfCollection(offer.Target.Collection, offerId), null);
        state.Set(MarketKeys.OfferOfBuyer(offer.Buyer, offerId), null);
        if (offer.Target.Kind == OfferKind.Token) state.Set(MarketKeys.OfferOfToken(offer.Target.Collection, offer.Target.TokenId, offerId), null);
    }

    /// <summary>Ends an offer early (cancel, expiry): what it still holds goes back to the buyer.</summary>
    public static void RefundOffer(this StateOverlay state, ulong offerId, Offer offer)
    {
        var escrow = offer.Escrow;
        state.ChangeEscrow(Amount.Zero, escrow);
        MarketState.Credit(state, offer.Buyer, escrow);
        state.CloseOffer(offerId, offer);
    }
}
