using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;

namespace Hashmint.Core.Tests.Nft;

/// <summary>The consensus rules of a collection definition (<see cref="CollectionDefinition.Problem"/>) and of its id.</summary>
public class CollectionRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("pixel-cats")]
    [InlineData("a12")]
    [InlineData("z-----")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // 32 characters
    public void ValidIds(string id)
    {
        Assert.True(CollectionIds.IsValid(id));
        Assert.Null(NftSamples.Art(id).Problem());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]                                  // too short
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]   // 33 characters
    [InlineData("1abc")]                                // must start with a letter
    [InlineData("-abc")]
    [InlineData("Abc")]                                 // lower case only
    [InlineData("ab_c")]
    [InlineData("ab c")]
    [InlineData("abc\n")]                               // a trailing newline is not part of a slug
    [InlineData("\nabc")]
    [InlineData("abç")]
    public void InvalidIds(string id)
    {
        Assert.False(CollectionIds.IsValid(id));
        Assert.Contains("collection id", NftSamples.Art(id).Problem());
    }

    [Fact]
    public void TheBlocksIdIsReserved()
    {
        Assert.True(CollectionIds.IsValid(CollectionIds.Blocks));
        Assert.Contains("built-in", NftSamples.Art(CollectionIds.Blocks).Problem());
        Assert.Contains("block mint policy", (NftSamples.Art() with { MintPolicy = MintPolicy.Blocks }).Problem());
    }

    [Fact]
    public void EverySampleDefinitionIsValid() => Assert.All(NftSamples.AllDefinitions(), d => Assert.Null(d.Problem()));

    [Fact]
    public void RoyaltySplitsMustSumToTheRoyalty()
    {
        var def = NftSamples.Art(royalty: 500);
        Assert.Contains("sum to 499", (def with { RoyaltySplits = [new RoyaltySplit(Samples.Account(20), 499)] }).Problem());
        Assert.Contains("sum to 0", (def with { RoyaltySplits = [] }).Problem());
        Assert.Contains("sum to 10", (NftSamples.Art(royalty: 0) with { RoyaltySplits = [new RoyaltySplit(Samples.Account(20), 10)] }).Problem());
        Assert.Null((def with { RoyaltySplits = [new RoyaltySplit(Samples.Account(20), 500)] }).Problem());
    }

    [Fact]
    public void RoyaltyIsCappedAt5000BasisPoints()
    {
        Assert.Null(NftSamples.Art(royalty: CollectionDefinition.MaxRoyaltyBasisPoints).Problem());
        Assert.Contains("exceeds the limit", NftSamples.Art(royalty: CollectionDefinition.MaxRoyaltyBasisPoints + 1).Problem());
        Assert.Contains("exceeds the limit", NftSamples.Art(royalty: ushort.MaxValue).Problem());
    }

    [Fact]
    public void SplitsNeedDistinctRecipientsAndPositiveShares()
    {
        var def = NftSamples.Art(royalty: 500);
        Assert.Contains("differ", (def with { RoyaltySplits = [new(Samples.Account(20), 250), new(Samples.Account(20), 250)] }).Problem());
        Assert.Contains("positive share", (def with { RoyaltySplits = [new(Samples.Account(20), 500), new(Samples.Account(21), 0)] }).Problem());
        Assert.Contains("recipient", (def with { RoyaltySplits = [new(AccountId.None, 500)] }).Problem());
    }

    [Fact]
    public void LandSupplyFitsTheGrid()
    {
        var land = NftSamples.Land(width: 4, height: 3);
        Assert.Null((land with { MaxSupply = 12 }).Problem());
        Assert.Null((land with { MaxSupply = 1 }).Problem());
        Assert.Contains("exceeds the 4×3 grid", (land with { MaxSupply = 13 }).Problem());
        Assert.Contains("positive width", (land with { Land = new LandGrid(0, 3) }).Problem());
        Assert.Null(NftSamples.Land(width: ushort.MaxValue, height: ushort.MaxValue).Problem());
    }

    [Fact]
    public void NameSymbolAndSupplyAreRequired()
    {
        Assert.Contains("name and a symbol", (NftSamples.Art() with { Name = "" }).Problem());
        Assert.Contains("name and a symbol", (NftSamples.Art() with { Symbol = "" }).Problem());
        Assert.Contains("max supply", (NftSamples.Art() with { MaxSupply = 0 }).Problem());
    }

    [Fact]
    public void OptionalPartsMustMatchTheirKindAndPolicy()
    {
        // The encoding drops a part that does not belong, so a definition built in memory must not carry one.
        var pow = new PowMintParams(0x207fffff, 10, 144);
        Assert.Contains("proof-of-work parameters", (NftSamples.Art() with { Pow = pow }).Problem());
        Assert.Contains("proof-of-work parameters", (NftSamples.Pow() with { Pow = null }).Problem());
        Assert.Contains("mint price", (NftSamples.Art() with { MintPrice = new Amount(5) }).Problem());
        Assert.Contains("loot table", (NftSamples.Art() with { Loot = NftSamples.Loot() }).Problem());
        Assert.Contains("loot table", (NftSamples.GameItems() with { Loot = null }).Problem());
        Assert.Contains("land grid", (NftSamples.Art() with { Land = new LandGrid(2, 2) }).Problem());
        Assert.Contains("land grid", (NftSamples.Land() with { Land = null }).Problem());
        Assert.Null((NftSamples.Open() with { MintPrice = Amount.Zero }).Problem()); // a free open mint is fine
    }

    [Theory]
    [InlineData(0x00000000u, 10u, 144u, "initial bits")]
    [InlineData(0x04800001u, 10u, 144u, "initial bits")]   // negative
    [InlineData(0x22010000u, 10u, 144u, "initial bits")]   // overflows 256 bits
    [InlineData(0x207fffffu, 0u, 144u, "spacing")]
    [InlineData(0x207fffffu, 100_001u, 144u, "spacing")]
    [InlineData(0x207fffffu, 10u, 0u, "half-life")]
    [InlineData(0x207fffffu, 10u, 10_000_001u, "half-life")]
    public void ProofOfWorkParametersAreChecked(uint bits, uint spacing, uint halfLife, string problem) =>
        Assert.Contains(problem, (NftSamples.Pow() with { Pow = new PowMintParams(bits, spacing, halfLife) }).Problem());
}
