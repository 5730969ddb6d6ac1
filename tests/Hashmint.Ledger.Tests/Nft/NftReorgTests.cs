using Hashmint.Core.Blocks;
using Hashmint.Core.Nft;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>
/// Two branches from one fork, each with its own NFT activity (hand mints, proof-of-work mints, transfers, a burn).
/// Whichever branch is heavier, the observer's NFT state must be exactly that of a node that only saw it.
/// </summary>
public sealed class NftReorgTests : IDisposable
{
    // Keys 1..5 are funded by the prefix; 1 creates "art", 2 creates "mined"; 9 mines the prefix; 7 and 8 the branches.
    private readonly TestNode _minerA = new();
    private readonly TestNode _minerB = new();
    private readonly List<Block> _prefix = [];
    private readonly List<Block> _branchA = [];
    private readonly List<Block> _branchB = [];
    private readonly Transaction _staleOnB;

    public NftReorgTests()
    {
        foreach (int key in new[] { 1, 2, 3, 4, 5 }) _prefix.Add(_minerA.Mine(key));
        _minerA.Queue(1, Create(Art()), Mint("art", 3));
        _minerA.Queue(2, Create(Pow(bits: 0x207fffff, spacing: 2, halfLife: 20)));
        _prefix.Add(_minerA.Mine(9));
        foreach (var b in _prefix) Assert.Equal(BlockOutcome.Connected, _minerB.Submit(b).Outcome);

        // Branch A: art#1 moves 3 → 4, key 5 sends key 4's proof, art#2 is minted; then key 3 mines the next slot.
        _minerA.Queue(3, new TransferTokenOperation("art", 1, TestKeys.Id(4)));
        _staleOnB = _minerA.Queue(5, _minerA.Proof("mined", minterKey: 4));
        _minerA.Queue(1, Mint("art", 4));
        _branchA.Add(_minerA.Mine(7));
        _minerA.Queue(3, _minerA.Proof("mined", minterKey: 3));
        _branchA.Add(_minerA.Mine(7));

        // Branch B: key 3 wins the first slot and burns art#1; key 4 the second; art#2 and #3 go elsewhere.
        _minerB.Queue(3, _minerB.Proof("mined", minterKey: 3), new BurnTokenOperation("art", 1));
        _branchB.Add(_minerB.Mine(8));
        _minerB.Queue(4, _minerB.Proof("mined", minterKey: 4));
        _minerB.Queue(1, Mint("art", 3), Mint("art", 4));
        _branchB.Add(_minerB.Mine(8));
        _minerB.Queue(4, new SetOperatorOperation("art", TestKeys.Id(1), true), new TransferTokenOperation("art", 3, TestKeys.Id(5)));
        _branchB.Add(_minerB.Mine(8));
    }

    public void Dispose()
    {
        _minerA.Dispose();
        _minerB.Dispose();
    }

    private static readonly string[] Collections = ["art", "mined", CollectionIds.Blocks];

    /// <summary>Token owners, collection mint state, state root and every state pair: exactly equal.</summary>
    private static void AssertSameNftState(TestNode expected, TestNode actual)
    {
        Assert.Equal(expected.Tip.Hash, actual.Tip.Hash);
        Assert.Equal(expected.Tip.StateRoot, actual.Tip.StateRoot);
        foreach (var id in Collections)
        {
            var e = expected.Collection(id);
            var a = actual.Collection(id);
            Assert.Equal((e.Minted, e.Burned, e.LastMintHash, e.Bits, e.PowMints, e.LastMintHeight), (a.Minted, a.Burned, a.LastMintHash, a.Bits, a.PowMints, a.LastMintHeight));
            for (ulong t = 0; t <= e.Minted + 1; t++)
                Assert.Equal(expected.Token(id, t)?.Encode(), actual.Token(id, t)?.Encode());
        }
        var eq = new StateListings(expected.Ledger);
        var aq = new StateListings(actual.Ledger);
        foreach (int key in new[] { 1, 2, 3, 4, 5, 7, 8, 9 })
            Assert.Equal(eq.Holdings(TestKeys.Id(key), limit: 1000).Select(h => (h.Collection, h.TokenId)), aq.Holdings(TestKeys.Id(key), limit: 1000).Select(h => (h.Collection, h.TokenId)));
        StateInspector.AssertSameState(expected.Store, actual.Store);
        Assert.Equal(StateInspector.RecomputeRoot(actual.Store), actual.Tip.StateRoot);
        StateInspector.AssertSupplyInvariant(actual);
    }

    [Fact]
    public void TheBranchesReallyDiffer()
    {
        Assert.Equal(TestKeys.Id(4), _minerA.Token("art", 1)!.Owner);
        Assert.Null(_minerB.Token("art", 1));
        Assert.Equal(TestKeys.Id(4), _minerA.Token("mined", 1)!.Owner);
        Assert.Equal(TestKeys.Id(3), _minerB.Token("mined", 1)!.Owner);
        Assert.NotEqual(_minerA.Collection("mined").LastMintHash, _minerB.Collection("mined").LastMintHash);
        Assert.Equal(2UL, _minerA.Collection("mined").PowMints);
        Assert.Equal(2UL, _minerB.Collection("mined").PowMints);
        Assert.NotEqual(_minerA.Collection("art").Minted, _minerB.Collection("art").Minted);
    }

    [Fact]
    public void TheHeavierBranchWinsAndSwitchingBackRestoresTheOther()
    {
        using var observer = new TestNode();
        observer.SubmitAll(_prefix);
        observer.AddToMempool(_staleOnB);
        observer.SubmitAll(_branchA);
        AssertSameNftState(_minerA, observer);

        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(_branchB[0]).Outcome);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(_branchB[1]).Outcome); // equal work: the first seen stays
        var toB = observer.Submit(_branchB[2]);
        Assert.Equal(BlockOutcome.Connected, toB.Outcome);
        Assert.Equal(2, toB.Update.Disconnected.Count);
        AssertSameNftState(_minerB, observer);

        // Branch A's proof from key 5 went back to the pool and failed there: its slot was taken on branch B.
        Assert.False(observer.Mempool.Contains(_staleOnB.Id));
        Assert.Equal(NftRejectCodes.StaleMint, observer.Mempool.DroppedReason(_staleOnB.Id)!.Code);

        // Branch A grows heavier, with more NFT activity on top.
        _minerA.Queue(4, new TransferTokenOperation("art", 2, TestKeys.Id(3)), new TransferTokenOperation(CollectionIds.Blocks, 4, TestKeys.Id(3)));
        var a3 = _minerA.Mine(7);
        _minerA.Queue(4, _minerA.Proof("mined", minterKey: 4));
        var a4 = _minerA.Mine(7);
        Assert.Equal(BlockOutcome.SideBranch, observer.Submit(a3).Outcome);
        var toA = observer.Submit(a4);
        Assert.Equal(BlockOutcome.Connected, toA.Outcome);
        Assert.Equal(3, toA.Update.Disconnected.Count);
        Assert.Equal(4, toA.Update.Connected.Count);
        AssertSameNftState(_minerA, observer);
        Assert.Equal(3UL, observer.Collection("mined").PowMints);
        Assert.Equal(TestKeys.Id(3), observer.Token(CollectionIds.Blocks, 4)!.Owner);
    }

    [Fact]
    public void ANodeThatSawOnlyTheWinnerAgreesWithOneThatReorganised()
    {
        using var observer = new TestNode();
        observer.SubmitAll(_prefix.Concat(_branchA).Concat(_branchB));
        using var fresh = new TestNode();
        fresh.SubmitAll(_prefix.Concat(_branchB));
        AssertSameNftState(fresh, observer);
        Assert.Equal(_branchB[0].Hash, observer.Token(CollectionIds.Blocks, (ulong)_prefix.Count + 1)!.Seed);
        Assert.Equal(TestKeys.Id(8), observer.Token(CollectionIds.Blocks, (ulong)_prefix.Count + 1)!.Owner);
    }
}
