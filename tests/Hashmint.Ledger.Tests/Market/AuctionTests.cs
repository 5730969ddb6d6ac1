using Hashmint.Core.Primitives;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using static Hashmint.Ledger.Tests.Market.MarketSupport;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>English auctions: escrowed bids with the previous bidder refunded at once, increments, anti-sniping, cancel before bids, settlement by the end-of-block hook.</summary>
public class AuctionTests
{
    // Key 1 creates "art" (10 % royalty to key 8) and mints #1..#3 to key 2; 3 and 4 bid; 5 is a stranger.
    private readonly NftSandbox _s = new();

    public AuctionTests()
    {
        _s.Apply(1, Create(WithRoyalty(Art(), 1000, (8, 1000))));
        _s.Apply(1, Mint("art", 2), Mint("art", 2), Mint("art", 2));
    }

    private StartAuctionOperation Start(ulong tokenId, ulong reserve = 1_000, uint blocks = 10, ushort bps = 500, uint extension = 0) =>
        new("art", tokenId, new Amount(reserve), _s.Height + blocks, bps, extension);

    private static BidOperation Bid(ulong tokenId, ulong amount) => new("art", tokenId, new Amount(amount));

    private ulong Escrow => _s.State.GetEscrow().Units;

    private void EndBlocksUntil(uint height)
    {
        while (_s.Height <= height) _s.EndBlock();
    }

    [Fact]
    public void TheTopBidWinsAtTheEndHeightWithNoTransactionAndEveryOutbidBidderIsRefundedAtOnce()
    {
        _s.Apply(2, Start(1));
        uint end = _s.State.GetAuction("art", 1)!.EndHeight;
        ulong b3 = _s.Balance(3), b4 = _s.Balance(4), seller = _s.Balance(2), royalty = _s.Balance(8);
        _s.Apply(3, Bid(1, 1_000));
        Assert.Equal(b3 - 1_000 - NftTx.Fee, _s.Balance(3));
        Assert.Equal(1_000UL, Escrow);
        _s.Apply(4, Bid(1, 1_050)); // 1000 + 5 %
        Assert.Equal(b3 - NftTx.Fee, _s.Balance(3)); // refunded in the same state change
        Assert.Equal(1_050UL, Escrow);
        _s.Apply(3, Bid(1, 2_000));
        Assert.Equal(b4 - NftTx.Fee, _s.Balance(4));

        EndBlocksUntil(end - 1);
        Assert.NotNull(_s.State.GetAuction("art", 1));
        _s.EndBlock(); // the end height: settles by itself
        Assert.Null(_s.State.GetAuction("art", 1));
        Assert.Equal(Id(3), _s.Owner("art", 1));
        Assert.Equal(0UL, Escrow);
        Assert.Equal(seller + 1_800, _s.Balance(2));
        Assert.Equal(royalty + 200, _s.Balance(8));
        Assert.Equal(b3 - 2_000 - 2 * NftTx.Fee, _s.Balance(3));
        var sale = SaleRecord.Decode(_s.State.Get(MarketKeys.Sale("art", 1, 1))!);
        Assert.Equal((SaleVia.Auction, 2_000UL, end), (sale.Via, sale.Price.Units, sale.Height));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.AuctionsOfSellerKind));
    }

    [Fact]
    public void WithoutABidTheTokenStaysWithTheSeller()
    {
        _s.Apply(2, Start(2, blocks: 2));
        EndBlocksUntil(_s.Height + 2);
        Assert.Null(_s.State.GetAuction("art", 2));
        Assert.Equal(Id(2), _s.Owner("art", 2));
        Assert.Equal(CollectionStats.Empty, _s.State.GetMarketStats("art"));
        _s.Apply(2, new TransferTokenOperation("art", 2, Id(5))); // free again
    }

    [Fact]
    public void ABidInTheLastBlocksMovesTheEnd()
    {
        _s.Apply(2, Start(1, blocks: 10, extension: 3));
        uint end = _s.State.GetAuction("art", 1)!.EndHeight;
        EndBlocksUntil(end - 4);
        _s.Apply(3, Bid(1, 1_000)); // at end − 3: not in the last 3 blocks, no change
        Assert.Equal(end, _s.State.GetAuction("art", 1)!.EndHeight);
        _s.EndBlock();
        _s.Apply(4, Bid(1, 1_050)); // at end − 2: the end moves to 3 blocks after this one
        uint moved = _s.Height + 3;
        Assert.Equal(moved, _s.State.GetAuction("art", 1)!.EndHeight);
        EndBlocksUntil(end);
        Assert.NotNull(_s.State.GetAuction("art", 1)); // the old end passed without settling
        _s.Apply(3, Bid(1, 1_200)); // in the last block before the moved end: moves again
        uint again = _s.Height + 3;
        EndBlocksUntil(again - 1);
        Assert.NotNull(_s.State.GetAuction("art", 1));
        _s.EndBlock();
        Assert.Equal(Id(3), _s.Owner("art", 1));
        Assert.Equal(0UL, Escrow);
    }

    [Fact]
    public void TheMinimumIncrementRoundsUpAndIsAtLeastOneUnit()
    {
        _s.Apply(2, Start(1, reserve: 1_001, bps: 500), Start(2, reserve: 10, bps: 0));
        Assert.Equal(MarketRejectCodes.BidTooLow, _s.Reject(3, Bid(1, 1_000)));
        _s.Apply(3, Bid(1, 1_001));
        Assert.Equal(MarketRejectCodes.BidTooLow, _s.Reject(4, Bid(1, 1_051))); // 5 % of 1001 = 50.05 → 51
        _s.Apply(4, Bid(1, 1_052));
        _s.Apply(3, Bid(2, 10));
        Assert.Equal(MarketRejectCodes.BidTooLow, _s.Reject(4, Bid(2, 10)));
        _s.Apply(4, Bid(2, 11));
        // The top bidder may raise its own bid: its earlier bid comes back.
        ulong b4 = _s.Balance(4);
        _s.Apply(4, Bid(2, 20));
        Assert.Equal(b4 - 9 - NftTx.Fee, _s.Balance(4));
        Assert.Equal(1_052UL + 20, Escrow);
    }

    [Fact]
    public void AnAuctionIsCancelledOnlyBeforeItsFirstBid()
    {
        _s.Apply(2, Start(1), Start(2));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, new CancelAuctionOperation("art", 1)));
        _s.Apply(2, new CancelAuctionOperation("art", 1));
        Assert.Null(_s.State.GetAuction("art", 1));
        Assert.Equal(MarketRejectCodes.UnknownAuction, _s.Reject(2, new CancelAuctionOperation("art", 1)));
        Assert.Equal(MarketRejectCodes.UnknownAuction, _s.Reject(3, Bid(1, 5_000)));
        _s.Apply(3, Bid(2, 1_000));
        Assert.Equal(MarketRejectCodes.AuctionHasBids, _s.Reject(2, new CancelAuctionOperation("art", 2)));
    }

    [Fact]
    public void AnAuctionedTokenStaysPut()
    {
        _s.Apply(1, Create(Art("other")), Mint("other", 3));
        _s.Apply(3, new MakeOfferOperation(OfferTarget.ForCollection("art"), new Amount(500), 1, 0));
        ulong offer = 1;
        _s.Apply(2, Start(1));
        Assert.Equal(MarketRejectCodes.TokenInAuction, _s.Reject(2, new TransferTokenOperation("art", 1, Id(5))));
        Assert.Equal(MarketRejectCodes.TokenInAuction, _s.Reject(2, new BurnTokenOperation("art", 1)));
        Assert.Equal(MarketRejectCodes.TokenInAuction, _s.Reject(2, ListFixed("art", 1, 100)));
        Assert.Equal(MarketRejectCodes.TokenInAuction, _s.Reject(2, Start(1)));
        Assert.Equal(MarketRejectCodes.TokenInAuction, _s.Reject(2, new AcceptOfferOperation(offer, 1)));
        _s.Apply(2, ListFixed("art", 2, 100));
        Assert.Equal(MarketRejectCodes.AlreadyListed, _s.Reject(2, Start(2)));
        _s.Apply(2, Delist("art", 2), Start(2)); // delist and auction in one transaction
    }

    [Fact]
    public void EveryAuctionRefusalLeavesTheStateAsItWas()
    {
        Assert.Equal(MarketRejectCodes.BadAuction, _s.Reject(2, Start(1, reserve: 0)));
        Assert.Equal(MarketRejectCodes.BadAuction, _s.Reject(2, Start(1, bps: 10_001)));
        Assert.Equal(MarketRejectCodes.BadAuction, _s.Reject(2, Start(1, extension: 10_001)));
        Assert.Equal(MarketRejectCodes.BadAuction, _s.Reject(2, Start(1, blocks: 0)));
        Assert.Equal(MarketRejectCodes.BadAuction, _s.Reject(2, Start(1, blocks: 1_000_001)));
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(2, new StartAuctionOperation("nope", 1, new Amount(1), _s.Height + 5, 0, 0)));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, Start(9)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, Start(1)));
        _s.Apply(2, Start(1, reserve: NftSandbox.StartBalance));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, Bid(1, NftSandbox.StartBalance)));
        Assert.Equal(RejectCodes.InsufficientFunds, _s.Reject(3, Bid(1, NftSandbox.StartBalance)));
        Assert.Equal(MarketRejectCodes.UnknownAuction, _s.Reject(3, Bid(2, 1)));
    }
}
