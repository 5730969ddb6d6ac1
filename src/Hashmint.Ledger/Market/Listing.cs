using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Market;

/// <summary>How a listing prices its token.</summary>
public enum ListingKind : byte
{
    /// <summary>One price, open until delisted, bought, the token moves, or (if set) its expiry height has passed.</summary>
    FixedPrice = 0,
    /// <summary>A price falling linearly per block from a start price to an end price between two heights; gone after the end height.</summary>
    Dutch = 1,
}

/// <summary>
/// What a seller asks: for a fixed price, <paramref name="Price"/> and <paramref name="EndHeight"/> as the expiry height
/// (0 = none; <paramref name="EndPrice"/> and <paramref name="StartHeight"/> are 0); for a Dutch listing, the start price,
/// end price, start height and end height. Encoding: u8 kind | fixed: price u64 | expiry u32; Dutch: start price u64 |
/// end price u64 | start height u32 | end height u32.
/// </summary>
public sealed record ListingTerms(ListingKind Kind, Amount Price, Amount EndPrice, uint StartHeight, uint EndHeight)
{
    public static ListingTerms Fixed(Amount price, uint expiry = 0) => new(ListingKind.FixedPrice, price, Amount.Zero, 0, expiry);
    public static ListingTerms Dutch(Amount start, Amount end, uint startHeight, uint endHeight) => new(ListingKind.Dutch, start, end, startHeight, endHeight);

    /// <summary>The last height at which the listing can be bought (0 = never expires). After that block it is removed.</summary>
    public uint Expiry => EndHeight;

    /// <summary>The lowest price the listing can ever ask (the key of the collection's price index).</summary>
    public Amount FloorPrice => Kind == ListingKind.Dutch ? EndPrice : Price;

    /// <summary>
    /// The price at height <paramref name="h"/>. Dutch: the start price up to the start height, the end price from the end
    /// height on, and between them <c>start − ⌊(start − end) · (h − startHeight) / (endHeight − startHeight)⌋</c>: the drop is
    /// rounded down, so the price is rounded up (toward the seller), and it reaches the end price exactly at the end height.
    /// </summary>
    public Amount PriceAt(uint h)
    {
        if (Kind == ListingKind.FixedPrice || h <= StartHeight) return Price;
        if (h >= EndHeight) return EndPrice;
        UInt128 drop = (UInt128)(Price.Units - EndPrice.Units) * (h - StartHeight) / (EndHeight - StartHeight);
        return new Amount(Price.Units - (ulong)drop);
    }

    /// <summary>The shape rules that need no state; null when they hold, else the reason (code bad-listing).</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Kind)) return $"unknown listing kind {(byte)Kind}";
        if (Kind == ListingKind.FixedPrice)
        {
            if (EndPrice.Units != 0 || StartHeight != 0) return "a fixed-price listing has one price and an expiry height, no end price or start height";
            if (Price.Units == 0) return "the price must be positive";
            return null;
        }
        if (EndPrice.Units == 0) return "a Dutch listing's end price must be positive";
        if (Price <= EndPrice) return $"a Dutch listing's price falls: the start price {Price} must be above the end price {EndPrice}";
        if (EndHeight <= StartHeight) return $"a Dutch listing's end height {EndHeight} must be after its start height {StartHeight}";
        return null;
    }

    public void Write(ByteWriter w)
    {
        w.U8((byte)Kind);
        if (Kind == ListingKind.Dutch) w.U64(Price.Units).U64(EndPrice.Units).U32(StartHeight).U32(EndHeight);
        else w.U64(Price.Units).U32(EndHeight);
    }

    public static ListingTerms Read(ref SpanReader r)
    {
        var kind = (ListingKind)r.ReadU8();
        return kind switch
        {
            ListingKind.FixedPrice => Fixed(new Amount(r.ReadU64()), r.ReadU32()),
            ListingKind.Dutch => Dutch(new Amount(r.ReadU64()), new Amount(r.ReadU64()), r.ReadU32(), r.ReadU32()),
            _ => throw new DecodeException($"unknown listing kind {(byte)kind}"),
        };
    }
}

/// <summary>An open listing: the seller (the token's owner when it was listed), the height it was listed at, and its terms. Encoding: seller 32 | listed height u32 | terms.</summary>
public sealed record Listing(AccountId Seller, uint ListedHeight, ListingTerms Terms)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(72);
        w.Hash(Seller.Key).U32(ListedHeight);
        Terms.Write(w);
        return w.ToArray();
    }

    public static Listing Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var l = new Listing(new AccountId(r.ReadHash()), r.ReadU32(), ListingTerms.Read(ref r));
        r.EnsureEnd();
        return l;
    }
}

/// <summary>How a sale came about.</summary>
public enum SaleVia : byte { Listing = 0, Offer = 1, Auction = 2 }

/// <summary>One sale of a token. Encoding: height u32 | seller 32 | buyer 32 | price u64 | royalty paid u64 | u8 via.</summary>
public sealed record SaleRecord(uint Height, AccountId Seller, AccountId Buyer, Amount Price, Amount Royalty, SaleVia Via)
{
    public byte[] Encode() => new ByteWriter(85).U32(Height).Hash(Seller.Key).Hash(Buyer.Key).U64(Price.Units).U64(Royalty.Units).U8((byte)Via).ToArray();

    public static SaleRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var s = new SaleRecord(r.ReadU32(), new AccountId(r.ReadHash()), new AccountId(r.ReadHash()), new Amount(r.ReadU64()), new Amount(r.ReadU64()), (SaleVia)r.ReadU8());
        if (!Enum.IsDefined(s.Via)) throw new DecodeException($"unknown sale kind {(byte)s.Via}");
        r.EnsureEnd();
        return s;
    }
}

/// <summary>A collection's market totals. Encoding: sales u64 | volume u128 (low u64 | high u64; the sum of all sale prices in units).</summary>
public sealed record CollectionStats(ulong Sales, UInt128 Volume)
{
    public static readonly CollectionStats Empty = new(0, 0);

    public byte[] Encode() => new ByteWriter(24).U64(Sales).U64((ulong)Volume).U64((ulong)(Volume >> 64)).ToArray();

    public static CollectionStats Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        ulong sales = r.ReadU64();
        ulong low = r.ReadU64(), high = r.ReadU64();
        r.EnsureEnd();
        return new CollectionStats(sales, ((UInt128)high << 64) | low);
    }
}
