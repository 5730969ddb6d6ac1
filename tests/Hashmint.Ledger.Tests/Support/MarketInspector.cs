using System.Buffers.Binary;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// The market's own invariants over a whole stored state: the escrow total is exactly what the open offers and the auctions'
/// top bids hold, every listing's seller owns its token and has both index keys, and every index key points at a live object.
/// </summary>
internal static class MarketInspector
{
    public static void AssertEscrowMatchesObjects(IKeyValueStore store)
    {
        var all = store.Iterate(LedgerColumns.State, [MarketKeys.Prefix]).ToDictionary(kv => Convert.ToHexString(kv.Key), kv => kv.Value);
        byte[]? Get(byte[] key) => all.GetValueOrDefault(Convert.ToHexString(key));
        ulong held = 0, recorded = Get(MarketKeys.Escrow) is { } e ? BinaryPrimitives.ReadUInt64LittleEndian(e) : 0;
        var reader = new StoreReader(store);
        foreach (var (hex, value) in all)
        {
            var key = Convert.FromHexString(hex);
            switch (key[1])
            {
                case MarketKeys.OfferRecordKind:
                    var offer = Offer.Decode(value);
                    Assert.True(offer.Remaining > 0, "a filled offer was left in the state");
                    held = checked(held + offer.Escrow.Units);
                    ulong id = MarketKeys.ParseOffer(key);
                    Assert.NotNull(Get(MarketKeys.OfferOfCollection(offer.Target.Collection, id)));
                    Assert.NotNull(Get(MarketKeys.OfferOfBuyer(offer.Buyer, id)));
                    break;
                case MarketKeys.ListingKind:
                    var listing = Listing.Decode(value);
                    var (collection, tokenId) = MarketKeys.ParseTokenKey(key);
                    Assert.Equal(listing.Seller, reader.GetToken(collection, tokenId)?.Owner);
                    Assert.NotNull(Get(MarketKeys.Floor(collection, listing.Terms.FloorPrice, tokenId)));
                    Assert.NotNull(Get(MarketKeys.BySeller(listing.Seller, collection, tokenId)));
                    break;
                case MarketKeys.AuctionKind:
                    var auction = Auction.Decode(value);
                    var (ac, at) = MarketKeys.ParseTokenKey(key);
                    if (auction.HasBid) held = checked(held + auction.TopBid.Units);
                    Assert.Equal(auction.Seller, reader.GetToken(ac, at)?.Owner);
                    Assert.NotNull(Get(MarketKeys.AuctionOfSeller(auction.Seller, ac, at)));
                    Assert.Null(Get(MarketKeys.Listing(ac, at)));
                    break;
                case MarketKeys.OffersOfCollectionKind or MarketKeys.OffersOfBuyerKind or MarketKeys.OffersOfTokenKind:
                    Assert.NotNull(Get(MarketKeys.Offer(MarketKeys.OfferIdAtEnd(key))));
                    break;
                case MarketKeys.FloorKind:
                    var (c, _) = MarketKeys.ParseTokenKey(key); // the id part; the token id is the key's last 8 bytes
                    Assert.NotNull(Get(MarketKeys.Listing(c, BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(key.Length - 8)))));
                    break;
                case MarketKeys.SellerKind:
                    var (sc, st) = MarketKeys.ParseBySeller(key);
                    Assert.NotNull(Get(MarketKeys.Listing(sc, st)));
                    break;
            }
        }
        Assert.Equal(recorded, held);
    }

    private sealed class StoreReader(IKeyValueStore store) : Hashmint.Ledger.State.IStateReader
    {
        public byte[]? Get(byte[] key) => store.Get(LedgerColumns.State, key);
    }
}
