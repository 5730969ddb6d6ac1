using System.Reflection;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
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
/// Every market rejection code of PROTOCOL.md's table, on a real chain, with the state unchanged after it: the
/// mempool refuses the transaction with that exact code and keeps exactly what it had; a block carrying it (for the
/// codes a block can raise) is refused or marked invalid, the tip stays, and every state pair in the store is
/// byte-for-byte what it was. (The state machine alone is covered by Listing/Offer/AuctionTests through
/// <see cref="NftSandbox.Reject"/>; this is the same promise one level up, through the ledger facade.)
/// </summary>
public sealed class MarketRejectionTests : IDisposable
{
    // Keys 1..5 are funded. Key 1 creates "art" (10 % royalty to key 8) and the market-only "club", and mints art #1..#5
    // and club #1 to key 2. Key 2 lists art #1 at 1,000,000 and auctions #3 (bid on by key 4) and #4 (no bid yet);
    // key 3 makes offer 1, on art #2.
    private readonly TestNode _n = new();

    public MarketRejectionTests()
    {
        foreach (int key in new[] { 1, 2, 3, 4, 5 }) _n.Mine(key);
        _n.Queue(1, Create(WithRoyalty(Art(), 1000, (8, 1000))), Create(Art("club", transfer: TransferPolicy.MarketOnly)),
            Mint("art", 2), Mint("art", 2), Mint("art", 2), Mint("art", 2), Mint("art", 2), Mint("club", 2));
        _n.Mine(9);
        uint end = _n.Tip.Height + 50;
        _n.Queue(2, ListFixed("art", 1, 1_000_000), Auction(3, end), Auction(4, end));
        _n.Queue(3, new MakeOfferOperation(OfferTarget.ForToken("art", 2), new Amount(500_000), 1, 0));
        _n.Mine(9);
        _n.Queue(4, Bid(3, 10_000));
        _n.Mine(9);
        Assert.NotNull(_n.Chain.TipState.GetListing("art", 1));
        Assert.Equal(Id(4), _n.Chain.TipState.GetAuction("art", 3)!.TopBidder);
        Assert.NotNull(_n.Chain.TipState.GetOffer(1));
    }

    public void Dispose() => _n.Dispose();

    private static StartAuctionOperation Auction(ulong tokenId, uint end, ulong reserve = 10_000) => new("art", tokenId, new Amount(reserve), end, 500, 0);
    private static BidOperation Bid(ulong tokenId, ulong amount) => new("art", tokenId, new Amount(amount));

    /// <summary>A transaction that must be refused with the code, from the key, and what must be pending before it (if anything).</summary>
    private sealed record Case(int Key, Operation[] Ops, (int Key, Operation Op)? PendingFirst = null);

    private Case For(string code) => code switch
    {
        MarketRejectCodes.BadListing => new(2, [ListFixed("art", 2, 0)]),
        MarketRejectCodes.AlreadyListed => new(2, [ListFixed("art", 1, 5)]),
        MarketRejectCodes.UnknownListing => new(3, [Buy("art", 2, 1_000_000)]),
        MarketRejectCodes.PriceAboveMax => new(3, [Buy("art", 1, 999_999)]),
        MarketRejectCodes.ListingTaken => new(4, [Buy("art", 1, 1_000_000)], PendingFirst: (3, Buy("art", 1, 1_000_000))),
        MarketRejectCodes.BadOffer => new(3, [new MakeOfferOperation(OfferTarget.ForCollection("art"), Amount.Zero, 1, 0)]),
        MarketRejectCodes.UnknownOffer => new(2, [new AcceptOfferOperation(99, 2)]),
        MarketRejectCodes.OfferMismatch => new(2, [new AcceptOfferOperation(1, 5)]),
        MarketRejectCodes.BadAuction => new(2, [Auction(5, _n.Tip.Height + 10, reserve: 0)]),
        MarketRejectCodes.UnknownAuction => new(3, [Bid(5, 10_000)]),
        MarketRejectCodes.TokenInAuction => new(2, [new TransferTokenOperation("art", 3, Id(5))]),
        MarketRejectCodes.BidTooLow => new(5, [Bid(3, 10_499)]), // top 10,000 + 5 % = 10,500
        MarketRejectCodes.AuctionHasBids => new(2, [new CancelAuctionOperation("art", 3)]),
        NftRejectCodes.NotAuthorized => new(3, [Delist("art", 1)]),
        NftRejectCodes.MarketOnly => new(2, [new TransferTokenOperation("club", 1, Id(3))]),
        _ => throw new ArgumentException($"no case for {code}"),
    };

    private static readonly string[] AllCodes =
    [
        MarketRejectCodes.BadListing, MarketRejectCodes.AlreadyListed, MarketRejectCodes.UnknownListing, MarketRejectCodes.PriceAboveMax,
        MarketRejectCodes.ListingTaken, MarketRejectCodes.BadOffer, MarketRejectCodes.UnknownOffer, MarketRejectCodes.OfferMismatch,
        MarketRejectCodes.BadAuction, MarketRejectCodes.UnknownAuction, MarketRejectCodes.TokenInAuction, MarketRejectCodes.BidTooLow,
        MarketRejectCodes.AuctionHasBids, NftRejectCodes.NotAuthorized, NftRejectCodes.MarketOnly,
    ];

    private static TheoryData<string> Rows(IEnumerable<string> codes)
    {
        var data = new TheoryData<string>();
        foreach (var code in codes) data.Add(code);
        return data;
    }

    public static TheoryData<string> Codes() => Rows(AllCodes);

    /// <summary>The codes a block can raise: all but listing-taken, which only the mempool knows (a block with both buys refuses the second as unknown-listing, MarketChainTests).</summary>
    public static TheoryData<string> BlockCodes() => Rows(AllCodes.Where(code => code != MarketRejectCodes.ListingTaken));

    [Fact]
    public void EveryMarketCodeHasACase()
    {
        var defined = typeof(MarketRejectCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Append(NftRejectCodes.NotAuthorized).Append(NftRejectCodes.MarketOnly);
        Assert.Equal(defined.Order(), AllCodes.Order());
    }

    private string StateDump() =>
        string.Join("\n", StateInspector.All(_n.Store).Select(kv => $"{Convert.ToHexString(kv.Key)}={Convert.ToHexString(kv.Value)}"));

    private string MempoolDump() => string.Join(",", _n.Mempool.All().Select(t => t.Id.ToString()));

    [Theory]
    [MemberData(nameof(Codes))]
    public void TheMempoolRefusesWithTheCodeAndKeepsWhatItHad(string code)
    {
        var c = For(code);
        if (c.PendingFirst is { } first) _n.Queue(first.Key, first.Op);
        string state = StateDump(), pending = MempoolDump();
        ulong nextNonce = _n.Mempool.NextNonce(Id(c.Key));
        var tip = _n.Tip;

        var tx = NftTx.Sign(c.Key, nextNonce, c.Ops);
        var e = Assert.Throws<RejectedException>(() => _n.AddToMempool(tx));
        Assert.Equal(code, e.Rejection.Code);
        Assert.False(_n.Mempool.Contains(tx.Id));
        Assert.Equal(pending, MempoolDump());
        Assert.Equal(nextNonce, _n.Mempool.NextNonce(Id(c.Key)));
        Assert.Same(tip, _n.Tip);
        Assert.Equal(state, StateDump());
        // The refused transaction took nothing from the sender's projection: its nonce is free for the next one.
        var next = _n.Queue(c.Key, new TransferOperation(Id(9), new Amount(1)));
        Assert.Equal(nextNonce, next.Nonce);
        Assert.Equal(pending + (pending.Length == 0 ? "" : ",") + next.Id, MempoolDump());
    }

    [Theory]
    [MemberData(nameof(BlockCodes))]
    public void ABlockCarryingItIsRefusedAndTheStateIsUnchanged(string code)
    {
        var c = For(code);
        Assert.Null(c.PendingFirst);
        string state = StateDump();
        var root = _n.Tip.StateRoot;
        var tx = NftTx.Sign(c.Key, _n.Account(c.Key).Nonce, c.Ops);

        Assert.Equal(code, _n.Reject(BlockBuilder.Build(_n, [tx])).Code); // Reject also checks that the tip stays
        Assert.Equal(root, _n.Tip.StateRoot);
        Assert.Equal(state, StateDump());
        Assert.Equal(root, StateInspector.RecomputeRoot(_n.Store));
        StateInspector.AssertSupplyInvariant(_n);
        // The chain goes on from the same tip: the next valid block connects.
        _n.Mine(9);
    }
}
