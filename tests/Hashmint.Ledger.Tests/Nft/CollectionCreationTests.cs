using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

public class CollectionCreationTests
{
    private readonly NftSandbox _s = new();

    [Fact]
    public void TheSenderBecomesTheCreatorAndTheMintChainStartsAtTheGenesisMintHash()
    {
        _s.Height = 42;
        _s.Apply(1, Create(Art()));
        var c = _s.Collection("art");
        Assert.Equal(TestKeys.Id(1), c.Creator);
        Assert.Equal(42u, c.CreatedHeight);
        Assert.Equal(0UL, c.Minted);
        Assert.Equal(0UL, c.Burned);
        Assert.Equal(0UL, c.Supply);
        Assert.Equal(MintProof.GenesisMintHash("art"), c.LastMintHash);
        Assert.Equal(0u, c.Bits);
        Assert.Equal(0UL, c.PowMints);
        Assert.Equal(Art().Encode(), c.Definition.Encode());
        Assert.Equal(NftSandbox.StartBalance - NftTx.Fee, _s.Balance(1));
        Assert.Equal(1UL, _s.State.GetAccount(TestKeys.Id(1)).Nonce);
    }

    [Fact]
    public void AProofOfWorkCollectionStartsAtItsInitialBits()
    {
        _s.Apply(2, Create(Pow(bits: 0x1f00ffff)));
        var c = _s.Collection("mined");
        Assert.Equal(0x1f00ffffu, c.Bits);
        Assert.Equal(_s.Height, c.LastMintHeight);
        Assert.Equal(TestKeys.Id(2), c.Creator);
    }

    [Fact]
    public void ADuplicateIdIsRefusedWhoeverAsks()
    {
        _s.Apply(1, Create(Art()));
        Assert.Equal(NftRejectCodes.CollectionExists, _s.Reject(1, Create(Art())));
        Assert.Equal(NftRejectCodes.CollectionExists, _s.Reject(2, Create(Open("art"))));
        Assert.Equal(TestKeys.Id(1), _s.Collection("art").Creator);
    }

    [Fact]
    public void TwoCreationsOfOneIdInOneTransactionAreRefusedTogether()
    {
        Assert.Equal(NftRejectCodes.CollectionExists, _s.Reject(1, Create(Art("twin")), Create(Art("twin"))));
        Assert.Null(_s.State.GetCollection("twin"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Art")]
    [InlineData("9lives")]
    [InlineData("my_art")]
    [InlineData("art\n")]
    [InlineData("blocks")]
    public void BadOrReservedIdsAreRefused(string id) =>
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Art(id))));

    [Fact]
    public void NoOneCreatesTheBlocksCollectionOrUsesItsPolicy()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(CollectionDefinition.BlocksCollection)));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Art() with { MintPolicy = MintPolicy.Blocks })));
    }

    [Fact]
    public void RoyaltySplitsMustSumToTheRoyalty()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(WithRoyalty(Art(), 500, (20, 300), (21, 100)))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(WithRoyalty(Art(), 500))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(WithRoyalty(Art(), 0, (20, 1)))));
        _s.Apply(1, Create(WithRoyalty(Art(), 500, (20, 400), (21, 100))));
        Assert.Equal([new RoyaltySplit(TestKeys.Id(20), 400), new RoyaltySplit(TestKeys.Id(21), 100)], _s.Collection("art").Definition.RoyaltySplits);
    }

    [Fact]
    public void RoyaltyAbove5000BasisPointsIsRefused()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(WithRoyalty(Art(), 5001, (20, 5001)))));
        _s.Apply(1, Create(WithRoyalty(Art(), 5000, (20, 5000))));
        Assert.Equal(5000, _s.Collection("art").Definition.RoyaltyBasisPoints);
    }

    [Fact]
    public void LandSupplyCannotExceedTheGrid()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Land(width: 3, height: 2, maxSupply: 7))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Land(width: 0, height: 2, maxSupply: 1))));
        _s.Apply(1, Create(Land(width: 3, height: 2, maxSupply: 6)));
        Assert.Equal(new LandGrid(3, 2), _s.Collection("land").Definition.Land);
    }

    [Fact]
    public void ZeroSupplyAndBrokenProofOfWorkParametersAreRefused()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Art(maxSupply: 0))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Pow(bits: 0))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Pow(spacing: 0))));
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Pow(halfLife: 0))));
    }

    [Fact]
    public void ARefusedCreationCostsNoFeeAndUsesNoNonce()
    {
        Assert.Equal(NftRejectCodes.BadCollection, _s.Reject(1, Create(Art("x"))));
        Assert.Equal(NftSandbox.StartBalance, _s.Balance(1));
        Assert.Equal(0UL, _s.State.GetAccount(TestKeys.Id(1)).Nonce);
    }
}
