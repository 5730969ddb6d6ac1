using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>What a mint carries (content, attributes, provenance) is stored as given and reads back from the state.</summary>
public class TokenContentStorageTests
{
    private readonly NftSandbox _s = new();

    public TokenContentStorageTests() => _s.Apply(1, Create(Art()));

    [Fact]
    public void OnChainContentAttributesAndProvenanceReadBack()
    {
        var png = Enumerable.Range(0, 5_000).Select(i => (byte)(i * 31)).ToArray();
        var provenance = new Provenance("stable-diffusion", "sdxl-1.0", Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000aa"),
            Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000bb"));
        _s.Apply(1, new MintOperation("art", TestKeys.Id(3), new OnChainContent("image/png", png), [new("background", "teal"), new("eyes", "3")], provenance, null));

        var token = _s.Token("art", 1)!;
        var content = Assert.IsType<OnChainContent>(token.Content);
        Assert.Equal("image/png", content.MimeType);
        Assert.Equal(png, content.Data);
        Assert.Equal([new("background", "teal"), new("eyes", "3")], token.Attributes);
        Assert.Equal(provenance, token.Provenance);
        Assert.True(token.Provenance!.IsAiGenerated);
        Assert.Null(token.Parcel);
        Assert.Equal(0, token.Rarity);
    }

    [Fact]
    public void ReferencedContentAndHandMadeProvenanceReadBack()
    {
        var reference = new ReferencedContent(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000cc"), "ipfs://bafy/film.mp4", "video/mp4");
        var hand = new Provenance("hand", "", Hash256.Zero, Hash256.Zero);
        _s.Apply(1, new MintOperation("art", TestKeys.Id(3), reference, [], hand, null));
        var token = _s.Token("art", 1)!;
        Assert.Equal(reference, token.Content);
        Assert.Empty(token.Attributes);
        Assert.False(token.Provenance!.IsAiGenerated);
    }

    [Fact]
    public void ATokenWithoutContentHasNone()
    {
        _s.Apply(1, Mint("art", 3));
        var token = _s.Token("art", 1)!;
        Assert.IsType<NoContent>(token.Content);
        Assert.Null(token.Provenance);
    }

    [Fact]
    public void MaximalOnChainContentIsStored()
    {
        var data = new byte[TokenContent.MaxOnChainBytes];
        data[^1] = 0x5a;
        _s.Apply(1, new MintOperation("art", TestKeys.Id(3), new OnChainContent("application/octet-stream", data), [], null, null));
        Assert.Equal(data, ((OnChainContent)_s.Token("art", 1)!.Content).Data);
    }
}
