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
    /// A token is about to move or burn outside the market (transfer-token, burn-token): its open listing ends, so no
    /// listing outlives its owner's hold on the token. Writes nothing when the token has no listing, which is every token
    /// of every block before the market existed.
    /// </summary>
    public static void EndMarketObjectsOnMove(this StateOverlay state, string collection, ulong tokenId)
    {
        if (state.GetListing(collection, tokenId) is { } listing) state.CloseListing(collection, tokenId, listing);
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
/// Market objects that end after a given block: 'm' 'X' | height → varint n | (varbytes state key)*, in the order they
/// were scheduled. Entries are never removed early: the end-of-block hook skips a key whose object is gone or no longer
/// ends at that height.
/// </summary>
public static class MarketSchedule
{
    public const int MaxKeyBytes = 64;

    public static void Add(StateOverlay state, uint height, byte[] objectKey)
    {
        var key = MarketKeys.Schedule(height);
        var existing = Read(state.Get(key));
        var w = new ByteWriter(16 + (existing.Count + 1) * 48).VarInt((ulong)existing.Count + 1);
        foreach (var k in existing) w.VarBytes(k);
        w.VarBytes(objectKey);
        state.Set(key, w.ToArray());
    }

    public static IReadOnlyList<byte[]> Read(byte[]? value)
    {
        if (value is null) return [];
        var r = new SpanReader(value);
        int n = r.ReadLength(10_000_000, "scheduled market objects");
        var keys = new List<byte[]>(n);
        for (int i = 0; i < n; i++) keys.Add(r.ReadVarBytes(MaxKeyBytes, "scheduled object key").ToArray());
        r.EnsureEnd();
        return keys;
    }
}
