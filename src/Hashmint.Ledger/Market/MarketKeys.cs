using System.Buffers.Binary;
using Hashmint.Core.Primitives;

using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Market;

/// <summary>
/// State keys of the market (docs/PROTOCOL.md, "Market state"). Every key starts with 'm' (0x6d) and a second byte
/// that names the record; a collection id inside a key is written u8 length | UTF-8 bytes, as in the NFT keys, so one
/// id is never a prefix of another's keys. Numbers inside keys are big-endian, so scans run in numeric order.
/// </summary>
public static class MarketKeys
{
    public const byte Prefix = (byte)'m';
    public const byte ListingKind = (byte)'L';
    public const byte FloorKind = (byte)'F';
    public const byte SellerKind = (byte)'S';
    public const byte SaleKind = (byte)'H';
    public const byte StatsKind = (byte)'V';
    public const byte ScheduleKind = (byte)'X';
    public const byte ScheduleEntryKind = (byte)'x';
    public const byte OfferRecordKind = (byte)'O';
    public const byte OffersOfCollectionKind = (byte)'o';
    public const byte OffersOfTokenKind = (byte)'T';
    public const byte OffersOfBuyerKind = (byte)'B';
    public const byte LastOfferIdKind = (byte)'N';
    public const byte EscrowKind = (byte)'E';
    public const byte AuctionKind = (byte)'A';
    public const byte AuctionsOfSellerKind = (byte)'a';

    /// <summary>'m' 'A' | id | token id u64 BE → <see cref="Auction"/>: the token's running auction.</summary>
    public static byte[] Auction(string collection, ulong tokenId)
    {
        var k = Build(AuctionKind, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        return k;
    }

    /// <summary>'m' 'A' | id: a collection's running auctions in token order.</summary>
    public static byte[] AuctionsOf(string collection) => Build(AuctionKind, collection, 0, out _);

    /// <summary>'m' 'a' | seller 32 | id | token id u64 BE → [1]: a seller's running auctions.</summary>
    public static byte[] AuctionOfSeller(AccountId seller, string collection, ulong tokenId)
    {
        var k = BySeller(seller, collection, tokenId);
        k[1] = AuctionsOfSellerKind;
        return k;
    }

    public static byte[] AuctionsOfSeller(AccountId seller)
    {
        var k = BySellerOf(seller);
        k[1] = AuctionsOfSellerKind;
        return k;
    }

    /// <summary>'m' 'O' | offer id u64 BE → <see cref="Offer"/>.</summary>
    public static byte[] Offer(ulong offerId)
    {
        var k = new byte[10];
        k[0] = Prefix;
        k[1] = OfferRecordKind;
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(2), offerId);
        return k;
    }

    public static ulong ParseOffer(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt64BigEndian(key.Slice(2, 8));

    /// <summary>'m' 'o' | id | offer id u64 BE → [1]: every open offer on a collection (token, collection and trait offers).</summary>
    public static byte[] OfferOfCollection(string collection, ulong offerId)
    {
        var k = Build(OffersOfCollectionKind, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), offerId);
        return k;
    }

    public static byte[] OffersOfCollection(string collection) => Build(OffersOfCollectionKind, collection, 0, out _);

    /// <summary>'m' 'T' | id | token id u64 BE | offer id u64 BE → [1]: the open offers for one token.</summary>
    public static byte[] OfferOfToken(string collection, ulong tokenId, ulong offerId)
    {
        var k = Build(OffersOfTokenKind, collection, 16, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o + 8), offerId);
        return k;
    }

    public static byte[] OffersOfToken(string collection, ulong tokenId)
    {
        var k = Build(OffersOfTokenKind, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        return k;
    }

    /// <summary>'m' 'B' | buyer 32 | offer id u64 BE → [1]: a buyer's open offers.</summary>
    public static byte[] OfferOfBuyer(AccountId buyer, ulong offerId)
    {
        var k = new byte[42];
        k[0] = Prefix;
        k[1] = OffersOfBuyerKind;
        buyer.Key.CopyTo(k.AsSpan(2));
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(34), offerId);
        return k;
    }

    public static byte[] OffersOfBuyer(AccountId buyer)
    {
        var k = new byte[34];
        k[0] = Prefix;
        k[1] = OffersOfBuyerKind;
        buyer.Key.CopyTo(k.AsSpan(2));
        return k;
    }

    /// <summary>The offer id at the end of any offer-index key.</summary>
    public static ulong OfferIdAtEnd(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt64BigEndian(key[^8..]);

    /// <summary>'m' 'N' → u64: the last offer id given out (offers are numbered 1, 2, 3… in chain order).</summary>
    public static readonly byte[] LastOfferId = [Prefix, LastOfferIdKind];

    /// <summary>'m' 'E' → u64: every coin the market holds in escrow (offers and auction bids).</summary>
    public static readonly byte[] Escrow = [Prefix, EscrowKind];

    private static byte[] Build(byte kind, string collection, int extra, out int offset) =>
        StateKeyParts.WithId([Prefix, kind], collection, extra, out offset);

    /// <summary>'m' 'L' | id | token id u64 BE → <see cref="Listing"/>: the one open listing of a token.</summary>
    public static byte[] Listing(string collection, ulong tokenId)
    {
        var k = Build(ListingKind, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        return k;
    }

    /// <summary>'m' 'L': prefix of every listing (all collections), in collection then token order.</summary>
    public static byte[] AllListings => [Prefix, ListingKind];

    /// <summary>'m' 'L' | id: prefix of a collection's listings in token order.</summary>
    public static byte[] ListingsOf(string collection) => Build(ListingKind, collection, 0, out _);

    /// <summary>'m' 'F' | id | floor price u64 BE | token id u64 BE → [1]: a collection's listings by the lowest price each can reach.</summary>
    public static byte[] Floor(string collection, Amount floorPrice, ulong tokenId)
    {
        var k = Build(FloorKind, collection, 16, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), floorPrice.Units);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o + 8), tokenId);
        return k;
    }

    public static byte[] FloorOf(string collection) => Build(FloorKind, collection, 0, out _);

    /// <summary>The (floor price, token id) of a floor-index key under <paramref name="prefixLength"/> bytes of <see cref="FloorOf"/>.</summary>
    public static (Amount FloorPrice, ulong TokenId) ParseFloor(ReadOnlySpan<byte> key, int prefixLength) =>
        (new Amount(BinaryPrimitives.ReadUInt64BigEndian(key.Slice(prefixLength, 8))), BinaryPrimitives.ReadUInt64BigEndian(key.Slice(prefixLength + 8, 8)));

    /// <summary>'m' 'S' | seller 32 | id | token id u64 BE → [1]: the listings of one seller.</summary>
    public static byte[] BySeller(AccountId seller, string collection, ulong tokenId) =>
        StateKeyParts.AccountToken([Prefix, SellerKind], seller, collection, tokenId);

    public static byte[] BySellerOf(AccountId seller)
    {
        var k = new byte[34];
        k[0] = Prefix;
        k[1] = SellerKind;
        seller.Key.CopyTo(k.AsSpan(2));
        return k;
    }

    /// <summary>Parses a seller-index key back into (collection, token id).</summary>
    public static (string Collection, ulong TokenId) ParseBySeller(ReadOnlySpan<byte> key) => StateKeyParts.ParseAccountToken(key, 2);

    /// <summary>'m' 'H' | id | token id u64 BE | sale number u64 BE → <see cref="SaleRecord"/>: a token's sales, oldest first.</summary>
    public static byte[] Sale(string collection, ulong tokenId, ulong saleNumber)
    {
        var k = Build(SaleKind, collection, 16, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o + 8), saleNumber);
        return k;
    }

    public static byte[] SalesOf(string collection, ulong tokenId)
    {
        var k = Build(SaleKind, collection, 8, out int o);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(o), tokenId);
        return k;
    }

    /// <summary>'m' 'V' | id → <see cref="CollectionStats"/>: a collection's sales count and volume.</summary>
    public static byte[] Stats(string collection) => Build(StatsKind, collection, 0, out _);

    /// <summary>'m' 'X' | height u32 BE → u32 LE: how many market objects are scheduled to end after that block (<see cref="MarketSchedule"/>).</summary>
    public static byte[] Schedule(uint height)
    {
        var k = new byte[6];
        k[0] = Prefix;
        k[1] = ScheduleKind;
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(2), height);
        return k;
    }

    /// <summary>'m' 'x' | height u32 BE | index u32 BE → the state key of the index-th object scheduled at that height (<see cref="MarketSchedule"/>).</summary>
    public static byte[] ScheduleEntry(uint height, uint index)
    {
        var k = new byte[10];
        k[0] = Prefix;
        k[1] = ScheduleEntryKind;
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(2), height);
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(6), index);
        return k;
    }

    /// <summary>The (collection, token id) of a key built by <see cref="Listing"/> (or any 'm' kind | id | token id key).</summary>
    public static (string Collection, ulong TokenId) ParseTokenKey(ReadOnlySpan<byte> key)
    {
        int len = key[2];
        return (System.Text.Encoding.UTF8.GetString(key.Slice(3, len)), BinaryPrimitives.ReadUInt64BigEndian(key.Slice(3 + len, 8)));
    }
}
