using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Nft;

/// <summary>Every NFT operation survives a trip through a signed transaction's bytes, field for field.</summary>
public class NftOperationCodecTests
{
    public static TheoryData<string> OperationNames() => [.. NftSamples.EveryOperation().Keys];

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void EveryOperationRoundTripsThroughATransaction(string name)
    {
        var op = NftSamples.EveryOperation()[name];
        var tx = NftSamples.Signed(op);
        var decoded = Codec.DecodeTransaction(tx.Encoded);
        Assert.Equal(tx.Encoded, decoded.Encoded);
        Assert.Equal(tx.Id, decoded.Id);
        Assert.True(decoded.VerifySignature());
        var back = Assert.Single(decoded.Operations);
        Assert.Equal(op.GetType(), back.GetType());
        Assert.Equal(op.Type, back.Type);
        Assert.Equal(NftSamples.Bytes(op), NftSamples.Bytes(back));
    }

    [Fact]
    public void AllOperationsTogetherRoundTripInOrder()
    {
        var ops = NftSamples.EveryOperation().Values.ToArray();
        var decoded = NftSamples.RoundTrip(ops);
        Assert.Equal(ops.Select(o => o.Type), decoded.Operations.Select(o => o.Type));
        Assert.Equal(ops.Select(NftSamples.Bytes), decoded.Operations.Select(NftSamples.Bytes));
    }

    [Fact]
    public void CreateCollectionKeepsEveryDefinitionField()
    {
        foreach (var def in NftSamples.AllDefinitions())
        {
            var back = ((CreateCollectionOperation)Assert.Single(NftSamples.RoundTrip(new CreateCollectionOperation(def)).Operations)).Definition;
            Assert.Equal(def.Id, back.Id);
            Assert.Equal(def.Name, back.Name);
            Assert.Equal(def.Symbol, back.Symbol);
            Assert.Equal(def.Kind, back.Kind);
            Assert.Equal(def.MaxSupply, back.MaxSupply);
            Assert.Equal(def.RoyaltyBasisPoints, back.RoyaltyBasisPoints);
            Assert.Equal(def.RoyaltySplits, back.RoyaltySplits);
            Assert.Equal(def.TransferPolicy, back.TransferPolicy);
            Assert.Equal(def.MintPolicy, back.MintPolicy);
            Assert.Equal(def.MintPrice, back.MintPrice);
            Assert.Equal(def.Pow, back.Pow);
            Assert.Equal(def.Land, back.Land);
            Assert.Equal(def.Loot is null, back.Loot is null);
            if (def.Loot is not null)
            {
                Assert.Equal(def.Loot.Items.Select(i => (i.Name, i.Weight)), back.Loot!.Items.Select(i => (i.Name, i.Weight)));
                Assert.Equal(def.Loot.Items.SelectMany(i => i.Stats), back.Loot.Items.SelectMany(i => i.Stats));
            }
            Assert.Null(back.Problem());
        }
    }

    [Fact]
    public void MintKeepsContentAttributesProvenanceAndParcel()
    {
        var op = NftSamples.Mint("land-one", parcel: (3, 2));
        var back = (MintOperation)Assert.Single(NftSamples.RoundTrip(op).Operations);
        Assert.Equal(op.Collection, back.Collection);
        Assert.Equal(op.To, back.To);
        var content = Assert.IsType<OnChainContent>(back.Content);
        Assert.Equal("image/svg+xml", content.MimeType);
        Assert.Equal(((OnChainContent)op.Content).Data, content.Data);
        Assert.Equal(op.Attributes, back.Attributes);
        Assert.Equal(op.Provenance, back.Provenance);
        Assert.True(back.Provenance!.IsAiGenerated);
        Assert.Equal(((ushort)3, (ushort)2), back.Parcel);
    }

    [Fact]
    public void ReferencedContentKeepsHashUriAndMime()
    {
        var content = new ReferencedContent(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000cc"), "https://example.org/big.mp4", "video/mp4");
        var back = (MintOperation)Assert.Single(NftSamples.RoundTrip(NftSamples.Mint(content: content)).Operations);
        Assert.Equal(content, back.Content);
    }

    [Fact]
    public void MineMintKeepsTheHeaderAndExtranonceBytes()
    {
        var op = NftSamples.MineMint(extranonceBytes: MintProof.MaxExtranonceBytes);
        var back = (MineMintOperation)Assert.Single(NftSamples.RoundTrip(op).Operations);
        Assert.Equal(op.Collection, back.Collection);
        Assert.Equal(op.Minter, back.Minter);
        Assert.Equal(op.Header, back.Header);
        Assert.Equal(op.Extranonce, back.Extranonce);
    }

    [Fact]
    public void LimitsThemselvesAreAccepted()
    {
        // Exactly 64 KiB on chain, 32 attributes, 8 splits, a 32-character id: all at the limit, all fine.
        var content = new OnChainContent("application/octet-stream", Enumerable.Range(0, TokenContent.MaxOnChainBytes).Select(i => (byte)i).ToArray());
        var attributes = Enumerable.Range(0, TokenAttributes.MaxCount).Select(i => new KeyValuePair<string, string>($"k{i}", new string('v', 128))).ToList();
        var mint = new MintOperation(new string('a', 32), Samples.Account(5), content, attributes, null, null);
        var back = (MintOperation)Assert.Single(NftSamples.RoundTrip(mint).Operations);
        Assert.Equal(content.Data, ((OnChainContent)back.Content).Data);
        Assert.Equal(attributes, back.Attributes);

        var splits = Enumerable.Range(0, CollectionDefinition.MaxSplits).Select(i => new RoyaltySplit(Samples.Account(30 + i), 100)).ToList();
        var def = NftSamples.Art() with { RoyaltyBasisPoints = 800, RoyaltySplits = splits };
        var created = (CreateCollectionOperation)Assert.Single(NftSamples.RoundTrip(new CreateCollectionOperation(def)).Operations);
        Assert.Equal(splits, created.Definition.RoyaltySplits);
    }

    [Fact]
    public void MintLayoutIsTheDocumentedOne()
    {
        // string collection | account to | content | attributes | provenance | u8 has parcel [u16 x | u16 y]
        var op = new MintOperation("abc", Samples.Account(5), new OnChainContent("a/b", [9, 8]), [new("k", "v")], null, (0x0102, 0x0304));
        var b = NftSamples.Bytes(op);
        byte[] expected =
        [
            (byte)MintOperation.Code, 3, (byte)'a', (byte)'b', (byte)'c', .. Samples.Account(5).ToArray(),
            1, 3, (byte)'a', (byte)'/', (byte)'b', 2, 9, 8,
            1, 1, (byte)'k', 1, (byte)'v',
            0,
            1, 0x02, 0x01, 0x04, 0x03,
        ];
        Assert.Equal(expected, b);
    }
}
