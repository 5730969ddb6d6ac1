using Hashmint.Core.Tests.Support;
using Hashmint.Core.Encoding;
using Hashmint.Core.Tests.Fuzz;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Nft;

/// <summary>Mutations of transactions carrying every NFT operation: only <see cref="DecodeException"/> escapes, and what decodes is canonical.</summary>
public class NftDecoderFuzzTests
{
    [Fact]
    public void TransactionsWithNftOperations()
    {
        var seeds = NftSamples.EveryOperation().Values.Select(op => NftSamples.Signed(op).Encoded).ToList();
        var result = DecoderFuzzer.Run(seeds, b => Codec.DecodeTransaction(b).Encoded, typeof(DecodeException),
            mutations: 30_000, randomInputs: 2_000, randomMaxLength: 400, seed: 21);
        Assert.True(result.Accepted > 1_000, $"only {result.Accepted} mutated NFT transactions decoded");
        Assert.True(result.Rejected > 5_000);
    }

    [Fact]
    public void CollectionDefinitions()
    {
        var seeds = NftSamples.AllDefinitions().Select(d => d.Encode()).ToList();
        var result = DecoderFuzzer.Run(seeds, b =>
        {
            var r = new SpanReader(b);
            var def = Core.Nft.CollectionDefinition.Read(ref r);
            r.EnsureEnd();
            return def.Encode();
        }, typeof(DecodeException), mutations: 20_000, randomInputs: 2_000, randomMaxLength: 200, seed: 22);
        Assert.True(result.Accepted > 1_000, $"only {result.Accepted} mutated definitions decoded");
    }
}
