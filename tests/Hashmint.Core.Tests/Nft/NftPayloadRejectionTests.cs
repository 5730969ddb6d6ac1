using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Nft;

/// <summary>
/// Token payloads the decoder must refuse: the encoder writes whatever it is given, so each malformed value is
/// signed into a transaction and its bytes must fail to decode with <see cref="DecodeException"/>.
/// </summary>
public class NftPayloadRejectionTests
{
    private static string Refused(params Operation[] ops)
    {
        var bytes = NftSamples.Signed(ops).Encoded;
        return Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(bytes)).Message;
    }

    private static string PayloadRefused(byte[] payload) =>
        Assert.Throws<DecodeException>(() =>
        {
            var r = new SpanReader(payload);
            OperationRegistry.Default.ReadOperation(ref r);
        }).Message;

    /// <summary>A content kind the format does not define.</summary>
    private sealed record UnknownKindContent(byte Kind) : TokenContent
    {
        public override void Write(ByteWriter w) => w.U8(Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("imagepng")]
    [InlineData("image/ png")]
    [InlineData("image/png\n")]
    public void BadMimeTypesAreRejected(string mime)
    {
        Assert.Contains("MIME", Refused(NftSamples.Mint(content: new OnChainContent(mime, [1, 2, 3]))));
        Assert.Contains("MIME", Refused(NftSamples.Mint(content: new ReferencedContent(Hash256.Zero, "ipfs://x", mime))));
    }

    [Fact]
    public void MimeTypeLongerThan64BytesIsRejected() =>
        Assert.Contains("MIME", Refused(NftSamples.Mint(content: new OnChainContent("image/" + new string('x', 59), [1]))));

    [Fact]
    public void OnChainContentOver64KiBIsRejected()
    {
        var message = Refused(NftSamples.Mint(content: new OnChainContent("image/png", new byte[TokenContent.MaxOnChainBytes + 1])));
        Assert.Contains("on-chain content", message);
    }

    [Fact]
    public void ContentReferenceNeedsAUriOfAtMost256Bytes()
    {
        Assert.Contains("URI", Refused(NftSamples.Mint(content: new ReferencedContent(Hash256.Zero, "", "image/png"))));
        Assert.Contains("URI", Refused(NftSamples.Mint(content: new ReferencedContent(Hash256.Zero, "https://" + new string('x', 249), "image/png"))));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0xff)]
    public void UnknownContentKindIsRejected(byte kind) =>
        Assert.Contains("content kind", Refused(NftSamples.Mint(content: new UnknownKindContent(kind))));

    [Fact]
    public void MoreThan32AttributesAreRejected()
    {
        var attributes = Enumerable.Range(0, TokenAttributes.MaxCount + 1).Select(i => new KeyValuePair<string, string>($"k{i}", "v")).ToList();
        Assert.Contains("attributes", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, attributes, null, null)));
    }

    [Fact]
    public void RepeatedOrEmptyAttributeKeysAreRejected()
    {
        Assert.Contains("repeated", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, [new("eyes", "2"), new("hat", "no"), new("eyes", "3")], null, null)));
        Assert.Contains("empty", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, [new("", "x")], null, null)));
    }

    [Fact]
    public void OverlongAttributeKeysValuesAndProvenanceFieldsAreRejected()
    {
        Assert.Contains("attribute key", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, [new(new string('k', 33), "v")], null, null)));
        Assert.Contains("attribute value", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, [new("k", new string('v', 129))], null, null)));
        var provenance = new Provenance(new string('g', 65), "", Hash256.Zero, Hash256.Zero);
        Assert.Contains("generator", Refused(new MintOperation("art-one", Samples.Account(5), TokenContent.None, [], provenance, null)));
    }

    [Fact]
    public void CollectionIdsLongerThan32BytesAreRejectedInEveryOperation()
    {
        var id = new string('a', 33);
        Refused(new TransferTokenOperation(id, 1, Samples.Account(2)));
        Refused(new BurnTokenOperation(id, 1));
        Refused(new ApproveOperation(id, 1, Samples.Account(2)));
        Refused(new SetOperatorOperation(id, Samples.Account(2), true));
        Refused(NftSamples.Mint(id));
        Refused(new CreateCollectionOperation(NftSamples.Art(id)));
        Assert.Contains("collection id", Refused(NftSamples.MineMint(id)));
    }

    [Fact]
    public void MineMintExtranonceOver32BytesIsRejected()
    {
        var op = NftSamples.MineMint() with { Extranonce = new byte[MintProof.MaxExtranonceBytes + 1] };
        Assert.Contains("extranonce", Refused(op));
    }

    [Theory]
    [InlineData(79)]
    [InlineData(81)]
    public void MineMintHeaderOfTheWrongSizeNeverDecodes(int size)
    {
        var op = NftSamples.MineMint() with { Header = new byte[size] };
        Refused(op);
    }

    [Fact]
    public void BooleanFlagsOtherThanZeroOrOneAreRejected()
    {
        // The last payload byte of a mint without parcel is its has-parcel flag; the one before is "no provenance".
        var op = new MintOperation("art-one", Samples.Account(5), TokenContent.None, [], null, null);
        var payload = NftSamples.Bytes(op);
        payload[^1] = 2;
        Assert.Contains("boolean", PayloadRefused(payload));
        payload[^1] = 0;
        payload[^2] = 7;
        Assert.Contains("boolean", PayloadRefused(payload));
    }
}
