using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using static Hashmint.Ledger.Tests.Market.MarketSupport;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>
/// Fixed-price and Dutch listings on the state machine: who lists, what a buy pays to whom, every refusal (with the state
/// untouched), sweeps, and how transfers, burns and expiry end listings.
/// </summary>
public class ListingTests
{
    // Key 1 creates "art" (royalty 7.5 %: 5 % to key 8, 2.5 % to key 9); key 2 owns art #1..#4; 3 and 4 buy; 5 is 2's operator.
    private readonly NftSandbox _s = new();

    public ListingTests()
    {
        _s.Apply(1, Create(WithRoyalty(Art(), 750, (8, 500), (9, 250))));
        _s.Apply(1, Mint("art", 2), Mint("art", 2), Mint("art", 2), Mint("art", 2));
    }

    [Fact]
    public void ABuyPaysEachRoyaltySplitRoundedDownAndTheSellerTheRest()
    {
        const ulong price = 1_234_567;
        _s.Apply(2, ListFixed("art", 1, price));
        ulong seller = _s.Balance(2), buyer = _s.Balance(3), r8 = _s.Balance(8), r9 = _s.Balance(9);
        _s.Apply(3, Buy("art", 1, price));

        ulong split8 = price * 500 / 10_000, split9 = price * 250 / 10_000; // 61728 and 30864: 0.35 and 0.675 units rounded away
        Assert.Equal(61_728UL, split8);
        Assert.Equal(30_864UL, split9);
        Assert.Equal(r8 + split8, _s.Balance(8));
        Assert.Equal(r9 + split9, _s.Balance(9));
        Assert.Equal(seller + price - split8 - split9, _s.Balance(2));
        Assert.Equal(buyer - price - NftTx.Fee, _s.Balance(3));
        Assert.Equal(Id(3), _s.Owner("art", 1));
        Assert.Null(_s.Listing("art", 1));

        var sale = SaleRecord.Decode(_s.State.Get(MarketKeys.Sale("art", 1, 1))!);
        Assert.Equal(new SaleRecord(_s.Height, Id(2), Id(3), new Amount(price), new Amount(split8 + split9), SaleVia.Listing), sale);
        Assert.Equal(new CollectionStats(1, price), _s.State.GetMarketStats("art"));
    }

    [Fact]
    public void RoyaltyPartsAlwaysAddUpToThePrice()
    {
        var def = WithRoyalty(Art(), 5000, (7, 3333), (8, 1111), (9, 556));
        foreach (ulong price in new ulong[] { 1, 2, 3, 9, 10_000, 10_001, 99_999_999, ulong.MaxValue })
        {
            var (splits, rest) = Royalties.Split(def, new Amount(price));
            Assert.Equal(price, splits.Aggregate(rest.Units, (sum, s) => sum + s.Amount.Units));
            ulong[] bps = [3333, 1111, 556];
            for (int i = 0; i < bps.Length; i++) Assert.Equal((ulong)((UInt128)price * bps[i] / 10_000), splits[i].Amount.Units);
            Assert.Equal([Id(7), Id(8), Id(9)], splits.Select(s => s.Recipient).ToArray());
        }
        var (none, all) = Royalties.Split(Art(), new Amount(12_345));
        Assert.Empty(none);
        Assert.Equal(12_345UL, all.Units);
    }

    [Fact]
    public void ADutchPriceFallsLinearlyPerBlockRoundedTowardTheSeller()
    {
        var terms = ListingTerms.Dutch(new Amount(1_000), new Amount(100), startHeight: 100, endHeight: 107);
        // drop per block 900/7 = 128.57…: the drop is rounded down, so the price is rounded up.
        ulong[] expected = [1_000, 1_000, 872, 743, 615, 486, 358, 229, 100, 100];
        for (uint h = 99; h <= 108; h++) Assert.Equal(expected[h - 99], terms.PriceAt(h).Units);
        var big = ListingTerms.Dutch(new Amount(ulong.MaxValue), new Amount(1), 0, uint.MaxValue);
        Assert.Equal(ulong.MaxValue - (ulong)((UInt128)(ulong.MaxValue - 1) * 5 / uint.MaxValue), big.PriceAt(5).Units);
    }

    [Fact]
    public void ADutchBuyPaysTheBlocksPriceNotTheMaximum()
    {
        _s.Apply(2, ListDutch("art", 2, 1_000_000, 100_000, startHeight: _s.Height, endHeight: _s.Height + 9));
        _s.Height += 3; // 1,000,000 − 3 · 100,000
        Assert.Equal(MarketRejectCodes.PriceAboveMax, _s.Reject(3, Buy("art", 2, 699_999)));
        ulong buyer = _s.Balance(3);
        _s.Apply(3, Buy("art", 2, 1_000_000));
        Assert.Equal(buyer - 700_000 - NftTx.Fee, _s.Balance(3));
        Assert.Equal(700_000UL, SaleRecord.Decode(_s.State.Get(MarketKeys.Sale("art", 2, 1))!).Price.Units);
    }

    [Fact]
    public void EveryListRefusalLeavesTheStateAsItWas()
    {
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(2, ListFixed("nope", 1, 10)));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, ListFixed("art", 99, 10)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(3, ListFixed("art", 1, 10)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(1, ListFixed("art", 1, 10))); // not even the creator
        _s.Apply(2, new ApproveOperation("art", 1, Id(4)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, ListFixed("art", 1, 10))); // a spender moves, it does not sell
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListFixed("art", 1, 0)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListFixed("art", 1, 10, expiry: _s.Height)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListDutch("art", 1, 10, 10, 1, 5)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListDutch("art", 1, 10, 0, 1, 5)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListDutch("art", 1, 10, 5, 5, 5)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, ListDutch("art", 1, 10, 5, 1, _s.Height)));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, new ListOperation("art", 1, new ListingTerms(ListingKind.FixedPrice, new Amount(10), new Amount(1), 0, 0))));
        Assert.Equal(MarketRejectCodes.BadListing, _s.Reject(2, new ListOperation("art", 1, new ListingTerms((ListingKind)7, new Amount(10), Amount.Zero, 0, 0))));
        _s.Apply(2, ListFixed("art", 1, 10));
        Assert.Equal(MarketRejectCodes.AlreadyListed, _s.Reject(2, ListFixed("art", 1, 20)));
        _s.Apply(2, Delist("art", 1), ListFixed("art", 1, 20)); // a new price: delist and list in one transaction
        Assert.Equal(20UL, _s.Listing("art", 1)!.Terms.Price.Units);
    }

    [Fact]
    public void EveryBuyAndDelistRefusalLeavesTheStateAsItWas()
    {
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(3, Buy("art", 1, 100)));
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(2, Delist("art", 1)));
        _s.Apply(2, ListFixed("art", 1, 100));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, Buy("art", 1, 100)));
        Assert.Equal(MarketRejectCodes.PriceAboveMax, _s.Reject(3, Buy("art", 1, 99)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(3, Delist("art", 1)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(1, Delist("art", 1)));
        _s.Apply(2, ListFixed("art", 2, NftSandbox.StartBalance * 2));
        Assert.Equal(RejectCodes.InsufficientFunds, _s.Reject(3, Buy("art", 2, NftSandbox.StartBalance * 2)));
    }

    [Fact]
    public void AnOperatorListsAndDelistsForTheOwnerWhoGetsTheProceeds()
    {
        _s.Apply(2, new SetOperatorOperation("art", Id(5), true));
        _s.Apply(5, ListFixed("art", 3, 1_000));
        Assert.Equal(Id(2), _s.Listing("art", 3)!.Seller);
        _s.Apply(5, Delist("art", 3));
        Assert.Null(_s.Listing("art", 3));
        _s.Apply(5, ListFixed("art", 3, 1_000));
        ulong owner = _s.Balance(2), op = _s.Balance(5);
        _s.Apply(3, Buy("art", 3, 1_000));
        Assert.Equal(owner + 1_000 - 75, _s.Balance(2));
        Assert.Equal(op, _s.Balance(5));
    }

    [Fact]
    public void ASweepBuysAllOrNothing()
    {
        _s.Apply(2, ListFixed("art", 1, 100), ListFixed("art", 2, 200), ListFixed("art", 3, 300));
        // The third is above the maximum: nothing is bought, nothing paid.
        Assert.Equal(MarketRejectCodes.PriceAboveMax, _s.Reject(3, Buy("art", 1, 100), Buy("art", 2, 200), Buy("art", 3, 299)));
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(3, Buy("art", 1, 100), Buy("art", 1, 100)));
        Assert.Equal(Id(2), _s.Owner("art", 1));
        ulong buyer = _s.Balance(3);
        _s.Apply(3, Buy("art", 1, 100), Buy("art", 2, 200), Buy("art", 3, 300));
        Assert.Equal(buyer - 600 - NftTx.Fee, _s.Balance(3));
        Assert.All(new ulong[] { 1, 2, 3 }, id => Assert.Equal(Id(3), _s.Owner("art", id)));
        Assert.Equal(new CollectionStats(3, 600), _s.State.GetMarketStats("art"));
    }

    [Fact]
    public void ATransferOrBurnEndsTheListingSoItCanNeverBeFilledLater()
    {
        _s.Apply(2, ListFixed("art", 1, 100), ListFixed("art", 2, 100));
        // Moved away and back: the old listing is gone, not revived.
        _s.Apply(2, new TransferTokenOperation("art", 1, Id(6)));
        _s.Apply(6, new TransferTokenOperation("art", 1, Id(2)));
        Assert.Null(_s.Listing("art", 1));
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(3, Buy("art", 1, 100)));
        _s.Apply(2, new BurnTokenOperation("art", 2));
        Assert.Null(_s.Listing("art", 2));
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(3, Buy("art", 2, 100)));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.FloorKind));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.SellerKind));
    }

    [Fact]
    public void AMarketOnlyTokenChangesHandsThroughTheMarketAndPaysItsRoyalty()
    {
        _s.Apply(1, Create(WithRoyalty(Art("club", transfer: TransferPolicy.MarketOnly), 1000, (8, 1000))), Mint("club", 2));
        Assert.Equal(NftRejectCodes.MarketOnly, _s.Reject(2, new TransferTokenOperation("club", 1, Id(3))));
        _s.Apply(2, ListFixed("club", 1, 5_000));
        ulong r8 = _s.Balance(8);
        _s.Apply(3, Buy("club", 1, 5_000));
        Assert.Equal(Id(3), _s.Owner("club", 1));
        Assert.Equal(r8 + 500, _s.Balance(8));
    }

    [Fact]
    public void ListingsExpireAtTheEndOfTheirLastBlock()
    {
        uint h = _s.Height;
        _s.Apply(2, ListFixed("art", 1, 100, expiry: h + 2), ListDutch("art", 2, 500, 100, h, h + 1), ListFixed("art", 3, 100));
        _s.EndBlock(); // h
        _s.EndBlock(); // h + 1: the Dutch listing's last block
        Assert.Null(_s.Listing("art", 2));
        Assert.NotNull(_s.Listing("art", 1));
        _s.Apply(2, Delist("art", 1), ListFixed("art", 1, 150, expiry: h + 5)); // relisted: the old schedule entry must not end it
        _s.EndBlock(); // h + 2
        Assert.Equal(150UL, _s.Listing("art", 1)!.Terms.Price.Units);
        _s.EndBlock(); _s.EndBlock(); _s.EndBlock(); // up to h + 5
        Assert.Null(_s.Listing("art", 1));
        Assert.NotNull(_s.Listing("art", 3)); // no expiry
        Assert.Equal(MarketRejectCodes.UnknownListing, _s.Reject(3, Buy("art", 1, 150)));
        // Every schedule key is deleted once its height has passed, and only the listing of #3 keeps index entries.
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.ScheduleKind));
        Assert.Single(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.FloorKind));
        Assert.Single(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.SellerKind));
    }

    [Fact]
    public void TheIndexesFollowEveryListing()
    {
        _s.Apply(2, ListFixed("art", 1, 300), ListDutch("art", 2, 900, 50, _s.Height, _s.Height + 10), ListFixed("art", 3, 100));
        Assert.NotNull(_s.State.Get(MarketKeys.Floor("art", new Amount(300), 1)));
        Assert.NotNull(_s.State.Get(MarketKeys.Floor("art", new Amount(50), 2))); // a Dutch listing by its end price
        Assert.NotNull(_s.State.Get(MarketKeys.BySeller(Id(2), "art", 3)));
        _s.Apply(4, Buy("art", 3, 100));
        Assert.Null(_s.State.Get(MarketKeys.Floor("art", new Amount(100), 3)));
        Assert.Null(_s.State.Get(MarketKeys.BySeller(Id(2), "art", 3)));
        _s.Apply(4, ListFixed("art", 3, 400));
        Assert.NotNull(_s.State.Get(MarketKeys.BySeller(Id(4), "art", 3)));
        Assert.Equal(2, _s.WrittenKeys(MarketKeys.BySellerOf(Id(2))).Count);
    }
}
