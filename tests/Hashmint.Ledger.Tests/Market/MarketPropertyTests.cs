using CsCheck;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>
/// Long random sequences of market, NFT and coin operations, mined block by block, with random reorganisations in
/// between (a rival node forks some blocks back and outgrows the chain). After every block and every reorganisation:
/// coins are neither created nor lost (balances + pending payouts + escrow = supply = the subsidies), the escrow is
/// exactly what open offers and auction bids hold, every token has exactly one owner, no market object outlives its
/// end, and the state root is the one recomputed from the state pairs. After a reorganisation the node's state equals,
/// pair for pair, that of a node that only ever saw the winning branch; at the end a replay from genesis agrees.
/// </summary>
public sealed class MarketPropertyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Art = "prop-art";
    private const string Club = "prop-club"; // market-only
    private static readonly int[] Traders = [1, 2, 3, 4, 5];

    /// <summary>One random step: an operation kind and three numbers that pick its token, counterpart and amounts.</summary>
    private readonly record struct Step(int Kind, int A, int B, int C);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Int[0, 15], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], (k, a, b, c) => new Step(k, a, b, c));

    /// <summary>A block's worth of steps, or (negative depth) a reorganisation that forks that many blocks back.</summary>
    private static readonly Gen<(int ReorgDepth, Step[] Steps)> BlockGen =
        Gen.Frequency((6, Gen.Select(Gen.Const(0), StepGen.Array[1, 6], (d, s) => (d, s))),
                      (1, Gen.Select(Gen.Int[1, 3], StepGen.Array[1, 4], (d, s) => (d, s))));

    /// <summary>New random histories on every run: every invariant must hold for each of them.</summary>
    [Fact]
    public void RandomMarketHistoriesWithReorganisationsKeepEveryInvariant()
    {
        BlockGen.Array[25, 40].Sample(blocks => RunHistory(blocks, new Dictionary<SaleVia, int>()), iter: 6, threads: 1);
    }

    /// <summary>
    /// Fixed histories (from fixed System.Random seeds), so this run is the same every time: besides the invariants, it
    /// shows the histories really trade — sales through listings, offers and auctions all happen, across reorganisations.
    /// </summary>
    [Fact]
    public void FixedHistoriesTradeThroughEveryKindOfAgreement()
    {
        var sales = new Dictionary<SaleVia, int>();
        int reorgs = 0;
        foreach (int seed in new[] { 11, 12, 13, 14 })
        {
            var random = new Random(seed);
            var blocks = Enumerable.Range(0, 35).Select(_ =>
                (ReorgDepth: random.Next(7) == 0 ? random.Next(1, 4) : 0,
                 Steps: Enumerable.Range(0, random.Next(1, 7)).Select(_ => new Step(random.Next(16), random.Next(1_000_000), random.Next(1_000_000), random.Next(1_000_000))).ToArray()))
                .ToArray();
            reorgs += blocks.Count(b => b.ReorgDepth > 0);
            RunHistory(blocks, sales);
        }
        output.WriteLine($"reorganisations {reorgs}; sales {string.Join(", ", sales.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.True(reorgs > 0);
        Assert.All(Enum.GetValues<SaleVia>(), via => Assert.True(sales.GetValueOrDefault(via) > 0, $"no sale via {via} in {string.Join(", ", sales)}"));
    }

    private static void RunHistory((int ReorgDepth, Step[] Steps)[] blocks, Dictionary<SaleVia, int> sales)
    {
        using var node = Setup();
        foreach (var (depth, steps) in blocks)
        {
            if (depth == 0)
            {
                Apply(node, steps);
                node.Mine(9);
            }
            else Reorganise(node, Math.Min(depth, (int)node.Tip.Height - 3), steps);
            AssertInvariants(node);
        }
        var report = node.Ledger.VerifyState(); // a node replaying the final chain from genesis reaches the same state
        Assert.True(report.Consistent, report.ToString());
        foreach (var (key, value) in StateInspector.All(node.Store))
            if (key[0] == MarketKeys.Prefix && key[1] == MarketKeys.SaleKind) sales[SaleRecord.Decode(value).Via] = sales.GetValueOrDefault(SaleRecord.Decode(value).Via) + 1;
    }

    private static TestNode Setup()
    {
        var node = new TestNode();
        foreach (int key in Traders) node.Mine(key);
        node.Queue(1, Create(WithRoyalty(Art(Art, maxSupply: 1000), 700, (7, 500), (8, 200))),
            Create(WithRoyalty(Art(Club, maxSupply: 1000, transfer: Core.Nft.TransferPolicy.MarketOnly), 1000, (8, 1000))));
        node.Mine(9);
        var mints = new List<Operation>();
        foreach (int key in Traders) { mints.Add(Mint(Art, key)); mints.Add(Mint(Art, key)); mints.Add(Mint(Club, key)); }
        node.Queue(1, [.. mints]);
        node.Mine(9);
        return node;
    }

    /// <summary>The heaviest branch: a rival that saw the chain up to <paramref name="depth"/> blocks back mines depth + 1 blocks with its own steps.</summary>
    private static void Reorganise(TestNode node, int depth, Step[] steps)
    {
        if (depth < 1) { Apply(node, steps); node.Mine(9); return; }
        using var rival = new TestNode();
        uint fork = node.Tip.Height - (uint)depth;
        var before = node.Chain.MainChainAt(fork)!.StateRoot;
        rival.SubmitAll(node.Ledger.MainChainBlocks(1).Where(b => b.Height <= fork).ToList());
        Assert.Equal(before, rival.Tip.StateRoot);
        var branch = new List<Block>();
        int miner = 1000 + (int)node.Tip.Height; // a payee no block of the chain has: the branch's blocks are new blocks
        for (int i = 0; i <= depth; i++)
        {
            Apply(rival, i == 0 ? steps : steps.Reverse().ToArray());
            branch.Add(rival.Mine(miner));
        }
        var result = node.SubmitAll(branch);
        Assert.Equal(BlockOutcome.Connected, result.Outcome);
        Assert.Equal(depth, result.Update.Disconnected.Count);
        Assert.Equal(rival.Tip.Hash, node.Tip.Hash);
        StateInspector.AssertSameState(rival.Store, node.Store);
    }

    private static void Apply(TestNode node, Step[] steps)
    {
        foreach (var step in steps)
        {
            var (sender, op) = Resolve(node, step);
            if (op is null) continue;
            try { node.Queue(sender, op); }
            catch (RejectedException) { /* a refused operation is part of the game: it changes nothing */ }
        }
    }

    /// <summary>Turns a step into an operation on the node's tip state (chosen to be plausible; many still fail, and must fail cleanly).</summary>
    private static (int Sender, Operation? Op) Resolve(TestNode node, Step s)
    {
        var state = node.Chain.TipState;
        string collection = s.A % 3 == 0 ? Club : Art;
        ulong minted = state.GetCollection(collection)?.Minted ?? 0;
        ulong tokenId = (ulong)(s.A % (int)Math.Max(1, minted)) + 1;
        var token = state.GetToken(collection, tokenId);
        int owner = token is null ? Traders[s.B % Traders.Length] : KeyOf(token.Owner);
        int other = Traders[(Array.IndexOf(Traders, owner) + 1 + s.B % (Traders.Length - 1)) % Traders.Length];
        ulong price = 1_000 + (ulong)s.C * 97;
        uint next = node.Tip.Height + 1;
        // Buys, acceptances and bids go for live objects (most random picks would find nothing to trade).
        var listings = node.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.ListingKind]).Select(kv => kv.Key).ToList();
        var offers = node.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.OfferRecordKind]).ToList();
        var auctions = node.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionKind]).ToList();
        if (s.Kind == 3 && listings.Count > 0)
        {
            var (lc, lt) = MarketKeys.ParseTokenKey(listings[s.B % listings.Count]);
            var listing = state.GetListing(lc, lt)!;
            int seller = KeyOf(listing.Seller);
            return (Traders[(Array.IndexOf(Traders, seller) + 1 + s.C % (Traders.Length - 1)) % Traders.Length], new BuyOperation(lc, lt, listing.Terms.Price));
        }
        if (s.Kind == 8 && offers.Count > 0)
        {
            var (key, value) = offers[s.B % offers.Count];
            var offer = Offer.Decode(value);
            ulong tid = offer.Target.Kind == OfferKind.Token ? offer.Target.TokenId : (ulong)(s.C % (int)Math.Max(1, state.GetCollection(offer.Target.Collection)!.Minted)) + 1;
            var t = state.GetToken(offer.Target.Collection, tid);
            return (t is null ? owner : KeyOf(t.Owner), new AcceptOfferOperation(MarketKeys.ParseOffer(key), tid));
        }
        if (s.Kind == 11 && auctions.Count > 0)
        {
            var (key, value) = auctions[s.B % auctions.Count];
            var auction = Auction.Decode(value);
            var (ac, at) = MarketKeys.ParseTokenKey(key);
            int seller = KeyOf(auction.Seller);
            int bidder = Traders[(Array.IndexOf(Traders, seller) + 1 + s.C % (Traders.Length - 1)) % Traders.Length];
            return (bidder, new BidOperation(ac, at, auction.MinimumBid + new Amount((ulong)(s.C % 50))));
        }
        return s.Kind switch
        {
            0 => (owner, new ListOperation(collection, tokenId, ListingTerms.Fixed(new Amount(price), s.B % 2 == 0 ? 0 : next + (uint)(s.C % 4)))),
            1 => (owner, new ListOperation(collection, tokenId, ListingTerms.Dutch(new Amount(price * 3), new Amount(price), next - 1, next + 1 + (uint)(s.C % 5)))),
            2 => (owner, new DelistOperation(collection, tokenId)),
            3 => (other, new BuyOperation(collection, tokenId, new Amount(price * 3))),
            4 => (owner, new TransferTokenOperation(collection, tokenId, TestKeys.Id(other))),
            5 => (owner, new BurnTokenOperation(collection, tokenId)),
            6 => (other, new MakeOfferOperation(OfferTarget.ForToken(collection, tokenId), new Amount(price), 1, s.C % 2 == 0 ? 0 : next + (uint)(s.B % 4))),
            7 => (other, new MakeOfferOperation(OfferTarget.ForCollection(collection), new Amount(price), (uint)(1 + s.B % 3), s.C % 3 == 0 ? 0 : next + (uint)(s.C % 4))),
            8 => (owner, new AcceptOfferOperation(LastOfferId(state) - (ulong)(s.B % 3), tokenId)),
            9 => (other, new CancelOfferOperation(LastOfferId(state) - (ulong)(s.C % 3))),
            10 => (owner, new StartAuctionOperation(collection, tokenId, new Amount(price), next + 1 + (uint)(s.C % 4), (ushort)(s.B % 2000), (uint)(s.B % 3))),
            11 => (other, new BidOperation(collection, tokenId, state.GetAuction(collection, tokenId) is { } a ? a.MinimumBid : new Amount(price))),
            12 => (owner, new CancelAuctionOperation(collection, tokenId)),
            13 => (owner, new TransferOperation(TestKeys.Id(other), new Amount(price))),
            14 => (1, Mint(collection, other)),
            _ => (other, new BuyOperation(collection, tokenId, new Amount(price))), // often below the price: price-above-max
        };
    }

    private static ulong LastOfferId(Hashmint.Ledger.State.IStateReader state) =>
        state.Get(MarketKeys.LastOfferId) is { } b ? BitConverter.ToUInt64(b) : 0;

    private static int KeyOf(AccountId account)
    {
        foreach (int key in Traders) if (TestKeys.Id(key) == account) return key;
        return Traders[0]; // a token sent to nobody we know (cannot happen: every recipient is a trader)
    }

    private static void AssertInvariants(TestNode node)
    {
        StateInspector.AssertSupplyInvariant(node); // includes: escrow = what open offers and top bids hold, listings owned by their seller
        Assert.Equal(StateInspector.RecomputeRoot(node.Store), node.Tip.StateRoot);
        uint tip = node.Tip.Height;
        var state = node.Chain.TipState;
        foreach (var (key, value) in StateInspector.All(node.Store))
        {
            if (key[0] == NftKeys.TokenPrefix)
            {
                // Exactly one owner: the token record names it, and the holdings index has it under that owner only.
                var token = TokenState.Decode(value);
                int len = key[1];
                string c = System.Text.Encoding.UTF8.GetString(key, 2, len);
                ulong id = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(2 + len));
                foreach (int k in Traders.Append(7).Append(8).Append(9))
                    Assert.Equal(TestKeys.Id(k) == token.Owner, state.Get(NftKeys.Holding(TestKeys.Id(k), c, id)) is not null);
            }
            if (key[0] != MarketKeys.Prefix) continue;
            switch (key[1])
            {
                case MarketKeys.ListingKind: Assert.True(Listing.Decode(value).Terms.Expiry is 0 || Listing.Decode(value).Terms.Expiry > tip, "a listing outlived its expiry"); break;
                case MarketKeys.OfferRecordKind: Assert.True(Offer.Decode(value).Expiry is 0 || Offer.Decode(value).Expiry > tip, "an offer (and its escrow) outlived its expiry"); break;
                case MarketKeys.AuctionKind: Assert.True(Auction.Decode(value).EndHeight > tip, "an auction (and its bid's escrow) outlived its end"); break;
                case MarketKeys.ScheduleKind:
                    uint height = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(2));
                    Assert.True(height > tip, "a schedule count outlived its height");
                    uint n = MarketSchedule.DecodeCount(value);
                    Assert.True(n > 0, "an empty schedule count was stored");
                    for (uint i = 0; i < n; i++) Assert.NotNull(state.Get(MarketKeys.ScheduleEntry(height, i))); // every entry below the count
                    Assert.Null(state.Get(MarketKeys.ScheduleEntry(height, n))); // and none above it
                    break;
                case MarketKeys.ScheduleEntryKind:
                    uint at = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(2));
                    Assert.True(at > tip, "a schedule entry outlived its height");
                    Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(6)) < MarketSchedule.Count(state, at), "a schedule entry has no count above it");
                    break;
            }
        }
        var holdings = StateInspector.All(node.Store).Count(kv => kv.Key[0] == NftKeys.HoldingPrefix);
        var tokens = StateInspector.All(node.Store).Count(kv => kv.Key[0] == NftKeys.TokenPrefix);
        Assert.Equal(tokens, holdings);
    }
}
