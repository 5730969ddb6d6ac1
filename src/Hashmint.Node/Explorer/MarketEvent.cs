using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Market;

namespace Hashmint.Node.Explorer;

/// <summary>What happened in the market (kebab-case in the API: <c>listed</c>, <c>offer-made</c>, …).</summary>
public enum MarketEventKind : byte
{
    Listed = 0,
    Delisted = 1,
    Sold = 2,
    OfferMade = 3,
    OfferCancelled = 4,
    OfferExpired = 5,
    Bid = 6,
    AuctionStarted = 7,
    AuctionSettled = 8,
    AuctionCancelled = 9,
}

/// <summary>Why a listing ended without a sale.</summary>
public enum DelistReason : byte { Withdrawn = 0, Expired = 1, Moved = 2, Burned = 3 }

/// <summary>
/// One event of the market activity feed, in a main-chain block (the height is in the index key). The transaction and
/// operation that did it, or none (<see cref="TxId"/> zero, <see cref="Position"/> 0, operation "block") when the
/// end-of-block hook did it (expiries, auction settlements). Which fields mean something depends on the kind:
/// <list type="bullet">
/// <item><c>listed</c>: seller, listing kind, price (a Dutch listing's start price), end price, start and end height (or expiry);</item>
/// <item><c>delisted</c>: seller, reason;</item>
/// <item><c>sold</c>: seller, buyer, price, royalty paid, via (listing, offer, auction), offer id when via an offer;</item>
/// <item><c>offer-made</c>, <c>offer-cancelled</c>, <c>offer-expired</c>: buyer, offer id, offer kind (trait and value), price per token,
/// quantity (made: asked; cancelled or expired: still unfilled, refunded), expiry;</item>
/// <item><c>bid</c>: buyer (the bidder), seller, price (the bid), end height after it (a late bid moves it);</item>
/// <item><c>auction-started</c>: seller, price (the reserve), end height; <c>auction-cancelled</c>: seller;</item>
/// <item><c>auction-settled</c>: seller, buyer (the winner; none without a bid), price and royalty (zero without a bid).</item>
/// </list>
/// Encoding: u8 kind | u8 len | collection | u8 has token | token u64 | txid 32 | position u32 | u8 len | operation |
/// seller 32 | buyer 32 | price u64 | end price u64 | royalty u64 | offer id u64 | quantity u32 | start height u32 |
/// end height u32 | u8 detail | u8 len | trait | u8 len | value (integers little-endian, as in every value).
/// </summary>
public sealed record MarketEvent(MarketEventKind Kind, string Collection, ulong? TokenId, Hash256 TxId, uint Position, string Operation)
{
    public uint Height { get; init; }
    public AccountId Seller { get; init; } = AccountId.None;
    public AccountId Buyer { get; init; } = AccountId.None;
    public Amount Price { get; init; } = Amount.Zero;
    public Amount EndPrice { get; init; } = Amount.Zero;
    public Amount Royalty { get; init; } = Amount.Zero;
    public ulong OfferId { get; init; }
    public uint Quantity { get; init; }
    public uint StartHeight { get; init; }
    public uint EndHeight { get; init; }

    /// <summary>Listed: the <see cref="ListingKind"/>; delisted: the <see cref="DelistReason"/>; sold and settled: the <see cref="SaleVia"/>; offers: the <see cref="OfferKind"/>.</summary>
    public byte Detail { get; init; }

    public string Trait { get; init; } = "";
    public string TraitValue { get; init; } = "";

    /// <summary>The accounts whose feed shows the event (seller and buyer, once each).</summary>
    public IEnumerable<AccountId> Accounts()
    {
        if (!Seller.IsNone) yield return Seller;
        if (!Buyer.IsNone && Buyer != Seller) yield return Buyer;
    }

    public byte[] Encode()
    {
        var w = new ByteWriter(256).U8((byte)Kind);
        Short(w, Collection);
        w.Bool(TokenId is not null).U64(TokenId ?? 0).Hash(TxId).U32(Position);
        Short(w, Operation);
        w.Hash(Seller.Key).Hash(Buyer.Key).U64(Price.Units).U64(EndPrice.Units).U64(Royalty.Units).U64(OfferId).U32(Quantity).U32(StartHeight).U32(EndHeight).U8(Detail);
        Short(w, Trait);
        Short(w, TraitValue);
        return w.ToArray();
    }

    public static MarketEvent Decode(ReadOnlySpan<byte> bytes, uint height)
    {
        var r = new SpanReader(bytes);
        var kind = (MarketEventKind)r.ReadU8();
        string collection = Short(ref r);
        bool hasToken = r.ReadBool();
        ulong token = r.ReadU64();
        var txid = r.ReadHash();
        uint position = r.ReadU32();
        string op = Short(ref r);
        var e = new MarketEvent(kind, collection, hasToken ? token : null, txid, position, op)
        {
            Height = height, Seller = new AccountId(r.ReadHash()), Buyer = new AccountId(r.ReadHash()), Price = new Amount(r.ReadU64()),
            EndPrice = new Amount(r.ReadU64()), Royalty = new Amount(r.ReadU64()), OfferId = r.ReadU64(), Quantity = r.ReadU32(), StartHeight = r.ReadU32(),
            EndHeight = r.ReadU32(), Detail = r.ReadU8(),
        };
        e = e with { Trait = Short(ref r), TraitValue = Short(ref r) };
        r.EnsureEnd();
        return e;
    }

    private static void Short(ByteWriter w, string s)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(s);
        if (b.Length > 255) throw new ArgumentException("a market event's string is at most 255 bytes", nameof(s));
        w.U8((byte)b.Length).Bytes(b);
    }

    private static string Short(ref SpanReader r) => System.Text.Encoding.UTF8.GetString(r.ReadBytes(r.ReadU8()));
}
