using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Fuzz;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>The stored NFT records: collections and tokens round-trip, and their decoders refuse anything else.</summary>
public class NftStateCodecTests
{
    private static readonly Lazy<(List<byte[]> Collections, List<byte[]> Tokens)> Real = new(() =>
    {
        var s = new NftSandbox();
        s.Apply(1, Create(WithRoyalty(Art(), 700, (20, 500), (21, 200))), Create(Open()), Create(Pow()), Create(Land()));
        s.Apply(1, Mint("art", 2), Mint("land", 3, parcel: (1, 1)),
            new MintOperation("art", TestKeys.Id(2), new OnChainContent("text/plain", "hello"u8.ToArray()), [new("a", "b")],
                new Provenance("hand", "", Hash256.Zero, Hash256.Zero), null));
        s.Apply(2, new ApproveOperation("art", 1, TestKeys.Id(4)));
        s.Apply(3, s.Proof("mined", minterKey: 3));
        var state = s.State.Changes();
        return (state.Where(kv => kv.Key[0] == NftKeys.CollectionPrefix).Select(kv => kv.Value!).ToList(),
                state.Where(kv => kv.Key[0] == NftKeys.TokenPrefix).Select(kv => kv.Value!).ToList());
    });

    [Fact]
    public void RecordsRoundTrip()
    {
        Assert.Equal(4, Real.Value.Collections.Count);
        Assert.Equal(4, Real.Value.Tokens.Count);
        foreach (var b in Real.Value.Collections) Assert.Equal(b, CollectionState.Decode(b).Encode());
        foreach (var b in Real.Value.Tokens) Assert.Equal(b, TokenState.Decode(b).Encode());
    }

    [Fact]
    public void TrailingOrMissingBytesAreRefused()
    {
        foreach (var b in Real.Value.Collections)
        {
            Assert.Throws<DecodeException>(() => CollectionState.Decode([.. b, 0]));
            Assert.Throws<DecodeException>(() => CollectionState.Decode(b[..^1]));
        }
        foreach (var b in Real.Value.Tokens)
        {
            Assert.Throws<DecodeException>(() => TokenState.Decode([.. b, 0]));
            Assert.Throws<DecodeException>(() => TokenState.Decode(b[..^1]));
        }
    }

    [Fact]
    public void AnUnknownTokenOriginIsRefused()
    {
        var b = (byte[])Real.Value.Tokens[0].Clone();
        b[32 + 32 + 4] = 4; // owner | approved | minted height | origin
        Assert.Contains("origin", Assert.Throws<DecodeException>(() => TokenState.Decode(b)).Message);
        b[32 + 32 + 4] = (byte)TokenOrigin.Block;
        Assert.Equal(TokenOrigin.Block, TokenState.Decode(b).Origin);
    }

    [Fact]
    public void CollectionStateDecodeFuzz()
    {
        var result = DecoderFuzzer.Run(Real.Value.Collections, b => CollectionState.Decode(b).Encode(), typeof(DecodeException),
            mutations: 10_000, randomInputs: 1_000, randomMaxLength: 300, seed: 31);
        Assert.True(result.Accepted > 500, $"only {result.Accepted} mutated collections decoded");
    }

    [Fact]
    public void TokenStateDecodeFuzz()
    {
        var result = DecoderFuzzer.Run(Real.Value.Tokens, b => TokenState.Decode(b).Encode(), typeof(DecodeException),
            mutations: 10_000, randomInputs: 1_000, randomMaxLength: 300, seed: 32);
        Assert.True(result.Accepted > 500, $"only {result.Accepted} mutated tokens decoded");
    }

    [Fact]
    public void KeysOfOneCollectionNeverPrefixAnothersAndHoldingsParseBack()
    {
        Assert.False(NftKeys.Token("ab-c", 1).AsSpan().StartsWith(NftKeys.TokensOf("ab")));
        Assert.False(NftKeys.TokensOf("abc-d").AsSpan().StartsWith(NftKeys.TokensOf("abc")));
        var key = NftKeys.Holding(TestKeys.Id(1), "pixel-cats", 0x0102030405060708);
        Assert.True(key.AsSpan().StartsWith(NftKeys.HoldingsOf(TestKeys.Id(1))));
        Assert.Equal(("pixel-cats", 0x0102030405060708UL), NftKeys.ParseHolding(key));
    }
}
