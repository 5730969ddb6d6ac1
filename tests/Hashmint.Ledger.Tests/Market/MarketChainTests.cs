using Hashmint.Core.Blocks;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Market.MarketSupport;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>
/// Listings on a real chain: the mempool's conflicts, outflow and stale buys, blocks that expire listings, and a
/// reorganisation across a sale that restores the state exactly.
/// </summary>
public sealed class MarketChainTests : IDisposable
{
    // Keys 1..5 are funded by the prefix; 1 creates "art" with a 10 % royalty to key 8 and mints #1..#3 to 2, who lists them.
    private readonly TestNode _a = new();
    private readonly TestNode _b = new();
    private readonly List<Block> _prefix = [];

    public MarketChainTests()
    {
        foreach (int key in new[] { 1, 2, 3, 4, 5 }) _prefix.Add(_a.Mine(key));
        _a.Queue(1, Create(WithRoyalty(Art(), 1000, (8, 1000))), Mint("art", 2), Mint("art", 2), Mint("art", 2));
        _prefix.Add(_a.Mine(9));
        _a.Queue(2, ListFixed("art", 1, 1_000_000), ListFixed("art", 2, 2_000_000), ListDutch("art", 3, 5_000_000, 1_000_000, _a.Tip.Height + 1, _a.Tip.Height + 5));
        _prefix.Add(_a.Mine(9));
        foreach (var b in _prefix) Assert.Equal(BlockOutcome.Connected, _b.Submit(b).Outcome);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public void TwoPendingBuysOfOneListingConflictAndTheFirstWins()
    {
        var first = _a.Queue(3, Buy("art", 1, 1_000_000));
        var e = Assert.Throws<RejectedException>(() => _a.Queue(4, Buy("art", 1, 1_000_000)));
        Assert.Equal(MarketRejectCodes.ListingTaken, e.Rejection.Code);
        // A sweep that includes the taken listing is refused whole.
        e = Assert.Throws<RejectedException>(() => _a.Queue(4, Buy("art", 2, 2_000_000), Buy("art", 1, 1_000_000)));
        Assert.Equal(MarketRejectCodes.ListingTaken, e.Rejection.Code);
        var block = _a.Mine(9);
        Assert.Contains(block.Transactions, t => t.Id == first.Id);
        Assert.Equal(TestKeys.Id(3), _a.Token("art", 1)!.Owner);
        e = Assert.Throws<RejectedException>(() => _a.Queue(4, Buy("art", 1, 1_000_000)));
        Assert.Equal(MarketRejectCodes.UnknownListing, e.Rejection.Code);
        StateInspector.AssertSupplyInvariant(_a);
    }

    [Fact]
    public void TheMaximumPriceCountsAgainstTheBuyersBalance()
    {
        ulong balance = _a.Account(5).Balance.Units;
        // The listing costs far less than the balance, but the buyer allows up to more than it has.
        var e = Assert.Throws<RejectedException>(() => _a.Queue(5, Buy("art", 1, balance)));
        Assert.Equal(RejectCodes.InsufficientFunds, e.Rejection.Code);
        Assert.Equal(0, _a.Mempool.Count);
    }

    [Fact]
    public void ABlockThatSellsTheTokenMakesAPendingBuyStaleWithItsReason()
    {
        var pending = _a.Queue(3, Buy("art", 2, 2_000_000));
        // Another miner's block, which never saw the pending buy, sells the same listing to key 4.
        var rival = NftTx.Sign(4, _b.Account(4).Nonce, Buy("art", 2, 2_000_000));
        var block = _b.Mine(9, rival);
        Assert.Equal(BlockOutcome.Connected, _a.Submit(block).Outcome);
        Assert.False(_a.Mempool.Contains(pending.Id));
        Assert.Equal(MarketRejectCodes.UnknownListing, _a.Mempool.DroppedReason(pending.Id)!.Code);
        Assert.Equal(TestKeys.Id(4), _a.Token("art", 2)!.Owner);
    }

    [Fact]
    public void AnExpiringListingEndsByItselfAndItsPendingBuyIsDropped()
    {
        // The Dutch listing of #3 ends after height prefix + 5; its price reaches 1 HMT there.
        uint end = _a.Chain.TipState.GetListing("art", 3)!.Terms.EndHeight;
        while (_a.Tip.Height < end - 1) _a.Mine(9);
        var pending = _a.Queue(3, Buy("art", 3, 5_000_000));
        _a.Mine(9); // height end: the buy lands at the end price
        Assert.Equal(TestKeys.Id(3), _a.Token("art", 3)!.Owner);
        Assert.Equal(1_000_000UL, _a.Chain.TipState.Get(MarketKeys.Sale("art", 3, 1)) is { } b ? SaleRecord.Decode(b).Price.Units : 0);
        Assert.False(_a.Mempool.Contains(pending.Id));

        // A fixed listing with an expiry: nobody buys, the block at its expiry height removes it.
        uint expiry = _a.Tip.Height + 2;
        _a.Queue(3, ListFixed("art", 3, 7_000_000, expiry));
        _a.Mine(9);
        Assert.NotNull(_a.Chain.TipState.GetListing("art", 3));
        Assert.NotNull(_a.Chain.TipState.Get(MarketKeys.Schedule(expiry)));
        Assert.Equal(MarketKeys.Listing("art", 3), _a.Chain.TipState.Get(MarketKeys.ScheduleEntry(expiry, 0)));
        _a.Mine(9);
        Assert.Null(_a.Chain.TipState.GetListing("art", 3));
        Assert.Null(_a.Chain.TipState.Get(MarketKeys.Schedule(expiry)));
        Assert.Null(_a.Chain.TipState.Get(MarketKeys.ScheduleEntry(expiry, 0)));
        Assert.Null(_a.Chain.TipState.Get(MarketKeys.Floor("art", new Core.Primitives.Amount(7_000_000), 3)));
        StateInspector.AssertSupplyInvariant(_a);
    }

    [Fact]
    public void AReorganisationAcrossASaleRestoresTheStateExactly()
    {
        // Branch A: key 3 buys #1 and key 4 buys #3 (Dutch); key 3 lists #1 again.
        _a.Queue(3, Buy("art", 1, 1_000_000));
        _a.Queue(4, Buy("art", 3, 5_000_000));
        var a1 = _a.Mine(7);
        _a.Queue(3, ListFixed("art", 1, 3_000_000));
        var a2 = _a.Mine(7);
        // Branch B (heavier): key 2 delists #1 and gives it to 5; key 4 buys #2; three blocks.
        _b.Queue(2, Delist("art", 1), new TransferTokenOperation("art", 1, TestKeys.Id(5)));
        _b.Queue(4, Buy("art", 2, 2_000_000));
        var b1 = _b.Mine(8);
        var b2 = _b.Mine(8);
        var b3 = _b.Mine(8);

        using var observer = new TestNode();
        observer.SubmitAll(_prefix);
        var beforeFork = observer.Tip.StateRoot;
        observer.SubmitAll([a1, a2]);
        Assert.Equal(_a.Tip.StateRoot, observer.Tip.StateRoot);
        Assert.Equal(TestKeys.Id(3), observer.Token("art", 1)!.Owner);

        observer.SubmitAll([b1, b2]);
        Assert.Equal(BlockOutcome.Connected, observer.Submit(b3).Outcome);
        StateInspector.AssertSameState(_b.Store, observer.Store);
        Assert.Equal(_b.Tip.StateRoot, observer.Tip.StateRoot);
        Assert.Equal(StateInspector.RecomputeRoot(observer.Store), observer.Tip.StateRoot);
        Assert.Null(observer.Chain.TipState.GetListing("art", 1));
        Assert.Null(observer.Chain.TipState.Get(MarketKeys.Sale("art", 1, 1)));
        Assert.Equal(TestKeys.Id(5), observer.Token("art", 1)!.Owner);
        StateInspector.AssertSupplyInvariant(observer);

        // Both branches' market transactions that no longer apply were dropped, not kept.
        using var fresh = new TestNode();
        fresh.SubmitAll(_prefix);
        Assert.Equal(beforeFork, fresh.Tip.StateRoot);
        fresh.SubmitAll([b1, b2, b3]);
        StateInspector.AssertSameState(fresh.Store, observer.Store);
    }

    [Fact]
    public void OffersHoldTheirEscrowInTheSupplyAndABlockThatCancelsOneMakesAPendingAcceptStale()
    {
        _a.Queue(3, new MakeOfferOperation(Ledger.Market.OfferTarget.ForCollection("art"), new Core.Primitives.Amount(3_000_000), 2, 0));
        _a.Mine(9);
        StateInspector.AssertSupplyInvariant(_a); // 6,000,000 units sit in escrow, counted with the supply
        Assert.Equal(6_000_000UL, _a.Chain.TipState.GetEscrow().Units);
        foreach (var b in _a.Chain.MainChainBlocks(_b.Tip.Height + 1)) _b.Submit(b);

        var accept = _a.Queue(2, new AcceptOfferOperation(1, 1));
        var cancel = NftTx.Sign(3, _b.Account(3).Nonce, new CancelOfferOperation(1));
        Assert.Equal(BlockOutcome.Connected, _a.Submit(_b.Mine(9, cancel)).Outcome);
        Assert.Equal(MarketRejectCodes.UnknownOffer, _a.Mempool.DroppedReason(accept.Id)!.Code);
        Assert.Equal(0UL, _a.Chain.TipState.GetEscrow().Units);
        StateInspector.AssertSupplyInvariant(_a);
    }

    [Fact]
    public void AnAuctionSettlesInItsEndBlockAndAPendingBidOnItIsDroppedWithItsReason()
    {
        uint end = _a.Tip.Height + 2;
        _a.Queue(2, Delist("art", 1), new StartAuctionOperation("art", 1, new Core.Primitives.Amount(500_000), end, 1000, 0));
        _a.Mine(9);
        var winning = _a.Queue(3, new BidOperation("art", 1, new Core.Primitives.Amount(500_000)));
        var losing = _a.Queue(4, new BidOperation("art", 1, new Core.Primitives.Amount(500_000))); // fine alone, too low after key 3's
        StateInspector.AssertSupplyInvariant(_a);
        var block = _a.Mine(9);
        Assert.Equal(end, block.Height);
        Assert.Contains(block.Transactions, t => t.Id == winning.Id);
        Assert.DoesNotContain(block.Transactions, t => t.Id == losing.Id);
        Assert.Equal(TestKeys.Id(3), _a.Token("art", 1)!.Owner); // settled at the end of its end block, with no transaction
        Assert.Null(_a.Chain.TipState.GetAuction("art", 1));
        Assert.Equal(MarketRejectCodes.UnknownAuction, _a.Mempool.DroppedReason(losing.Id)!.Code);
        Assert.Equal(0UL, _a.Chain.TipState.GetEscrow().Units);
        StateInspector.AssertSupplyInvariant(_a);
    }
}
