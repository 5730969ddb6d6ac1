using Hashmint.Core.Blocks;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Exhibitions;

/// <summary>
/// publish-exhibition on a real chain: each rejection code, from the mempool and inside a block, leaves the tip and its
/// state root as they were; two pending creations of one id settle on the first; a reorganisation across a publication
/// and a revision restores the state exactly.
/// </summary>
public sealed class ExhibitionChainTests : IDisposable
{
    // Keys 1..5 are funded by the prefix; 1 creates "art" and mints #1, #2 to itself and #3 to 2.
    private readonly TestNode _a = new();
    private readonly TestNode _b = new();
    private readonly List<Block> _prefix = [];

    public ExhibitionChainTests()
    {
        foreach (int key in new[] { 1, 2, 3, 4, 5 }) _prefix.Add(_a.Mine(key));
        _a.Queue(1, Create(Art()), Mint("art", 1), Mint("art", 1), Mint("art", 2));
        _prefix.Add(_a.Mine(9));
        foreach (var b in _prefix) Assert.Equal(BlockOutcome.Connected, _b.Submit(b).Outcome);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static PublishExhibitionOperation Show(string id, string title, params ulong[] tokens) =>
        new(id, title, "A text.", tokens.Select(t => new ExhibitedWork("art", t)).ToList());

    private static ExhibitionState? Read(TestNode node, string id) =>
        node.Chain.TipState.Get(ExhibitionState.Key(id)) is { } bytes ? ExhibitionState.Decode(id, bytes) : null;

    [Fact]
    public void EveryRejectionLeavesTheTipAndItsRootAsTheyWere()
    {
        _a.Queue(3, Show("spring", "Spring", 3, 1));
        _a.Mine(9);
        var tip = _a.Tip;
        int pending = _a.Mempool.Count;

        var refused = new (string Code, int Key, PublishExhibitionOperation Op)[]
        {
            (NftRejectCodes.BadExhibition, 4, Show("Spring Show", "Spring", 1)),   // not a slug
            (NftRejectCodes.BadExhibition, 4, Show("autumn", "  ", 1)),           // no title
            (NftRejectCodes.BadExhibition, 4, Show("autumn", "Autumn")),          // no works
            (NftRejectCodes.BadExhibition, 4, Show("autumn", "Autumn", 1, 2, 1)), // a work twice
            (NftRejectCodes.UnknownToken, 4, Show("autumn", "Autumn", 1, 99)),
            (NftRejectCodes.NotCurator, 4, Show("spring", "Mine now", 1)),
            (NftRejectCodes.NotCurator, 1, Show("spring", "The artist's", 1)),   // owning the works is not curating
        };
        foreach (var (code, key, op) in refused)
        {
            // From the mempool: refused at once, nothing admitted.
            var e = Assert.Throws<RejectedException>(() => _a.Queue(key, op));
            Assert.Equal(code, e.Rejection.Code);
            Assert.Equal(pending, _a.Mempool.Count);

            // Inside a block built by hand: the block is refused, the tip stays.
            var tx = NftTx.Sign(key, _a.Account(key).Nonce, op);
            Assert.Equal(code, _a.Reject(BlockBuilder.Build(_a, [tx])).Code);
            Assert.Same(tip, _a.Tip);
            Assert.Equal(tip.StateRoot, StateInspector.RecomputeRoot(_a.Store));
        }
        var kept = Read(_a, "spring")!;
        Assert.Equal(("Spring", 1u, TestKeys.Id(3)), (kept.Title, kept.Revision, kept.Curator));
        Assert.Null(Read(_a, "autumn"));
    }

    [Fact]
    public void TwoPendingCreationsOfOneIdSettleOnTheFirstAndTheOtherIsDroppedAsNotCurator()
    {
        var first = _a.Queue(3, Show("spring", "Key 3's", 1));
        var second = _a.Queue(4, Show("spring", "Key 4's", 2)); // each alone applies on the tip: both are admitted
        var block = _a.Mine(9);
        bool firstIn = block.Transactions.Any(t => t.Id == first.Id), secondIn = block.Transactions.Any(t => t.Id == second.Id);
        Assert.True(firstIn ^ secondIn, "exactly one of the two creations is in the block");
        var (lost, curator) = firstIn ? (second, 3) : (first, 4);
        Assert.Equal(TestKeys.Id(curator), Read(_a, "spring")!.Curator);
        Assert.False(_a.Mempool.Contains(lost.Id));
        Assert.Equal(NftRejectCodes.NotCurator, _a.Mempool.DroppedReason(lost.Id)!.Code);
    }

    [Fact]
    public void AReorganisationAcrossAPublicationAndARevisionRestoresTheStateExactly()
    {
        // Branch A: key 3 publishes "spring", then revises it; key 4 publishes "summer".
        _a.Queue(3, Show("spring", "Spring", 3, 1));
        var a1 = _a.Mine(7);
        _a.Queue(3, Show("spring", "Spring, rehung", 1, 2, 3));
        _a.Queue(4, Show("summer", "Summer", 2));
        var a2 = _a.Mine(7);
        Assert.Equal(2u, Read(_a, "spring")!.Revision);

        // Branch B (heavier): key 4 takes the id "spring" first; nobody publishes "summer".
        _b.Queue(4, Show("spring", "Key 4's spring", 2));
        var b1 = _b.Mine(8);
        var b2 = _b.Mine(8);
        var b3 = _b.Mine(8);

        using var observer = new TestNode();
        observer.SubmitAll(_prefix);
        var beforeFork = observer.Tip.StateRoot;
        observer.SubmitAll([a1, a2]);
        Assert.Equal(_a.Tip.StateRoot, observer.Tip.StateRoot);
        Assert.Equal("Spring, rehung", Read(observer, "spring")!.Title);

        observer.SubmitAll([b1, b2]);
        var reorg = observer.Submit(b3);
        Assert.Equal(BlockOutcome.Connected, reorg.Outcome);
        Assert.Equal(2, reorg.Update.Disconnected.Count);
        StateInspector.AssertSameState(_b.Store, observer.Store);
        Assert.Equal(_b.Tip.StateRoot, observer.Tip.StateRoot);
        Assert.Equal(StateInspector.RecomputeRoot(observer.Store), observer.Tip.StateRoot);
        var spring = Read(observer, "spring")!;
        Assert.Equal((TestKeys.Id(4), 1u, "Key 4's spring"), (spring.Curator, spring.Revision, spring.Title));
        Assert.Null(Read(observer, "summer"));

        // The undo of a2 and a1 left no trace: the observer holds exactly what a node that never saw branch A holds.
        using var fresh = new TestNode();
        fresh.SubmitAll(_prefix);
        Assert.Equal(beforeFork, fresh.Tip.StateRoot);
        fresh.SubmitAll([b1, b2, b3]);
        StateInspector.AssertSameState(fresh.Store, observer.Store);
    }
}
