using System.Text.Json;
using Hashmint.Core.Nft;

namespace Hashmint.Core.Tests.Nft;

/// <summary>One spelling of the NFT enums everywhere: what JsonNamingPolicy.KebabCaseLower makes of each value's name.</summary>
public class EnumNamesTests
{
    [Fact]
    public void Names_are_the_kebab_case_of_every_value()
    {
        Assert.Equal(["art", "collectible", "game-item", "land"], EnumNames<CollectionKind>.Names);
        Assert.Equal(["creator", "open", "proof-of-work", "blocks"], EnumNames<MintPolicy>.Names);
        Assert.Equal(["free", "market-only"], EnumNames<TransferPolicy>.Names);
        Assert.Equal(["creator-mint", "open-mint", "mined", "block"], EnumNames<TokenOrigin>.Names);
        AssertKebab<CollectionKind>();
        AssertKebab<MintPolicy>();
        AssertKebab<TransferPolicy>();
        AssertKebab<TokenOrigin>();
    }

    private static void AssertKebab<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            string name = EnumNames.Format(value);
            Assert.Equal(JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()), name);
            Assert.True(EnumNames.TryParse<T>(name, out var back));
            Assert.Equal(value, back);
            Assert.True(EnumNames.TryParse<T>(name.ToUpperInvariant(), out back)); // case does not matter
            Assert.Equal(value, back);
        }
    }

    [Theory]
    [InlineData("gameitem")]
    [InlineData("GameItem")]
    [InlineData("game_item")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_spellings_are_refused(string? text) => Assert.False(EnumNames.TryParse<CollectionKind>(text, out _));

    [Fact]
    public void Lists_read_as_a_sentence()
    {
        Assert.Equal("art, collectible, game-item or land", EnumNames.List<CollectionKind>());
        Assert.Equal("creator, open or proof-of-work", EnumNames.List(new[] { MintPolicy.Creator, MintPolicy.Open, MintPolicy.ProofOfWork }));
        Assert.Equal("free", EnumNames.List(new[] { TransferPolicy.Free }));
        Assert.Equal("7", EnumNames.Format((CollectionKind)7));
    }
}
