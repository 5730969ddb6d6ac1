using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Fuzz;

public class CoreDecoderFuzzTests
{
    [Fact]
    public void BlockDecode()
    {
        byte[][] seeds = [Samples.Block(0).Encode(), Samples.Block(1).Encode(), Samples.Block(4).Encode(), Genesis.Create(Hashmint.Core.Consensus.ChainParams.Main).Encode()];
        var result = DecoderFuzzer.Run(seeds, b => Codec.DecodeBlock(b).Encode(), typeof(DecodeException),
            mutations: 20_000, randomInputs: 3_000, randomMaxLength: 400, seed: 1);
        Assert.True(result.Accepted > 500, $"only {result.Accepted} mutated blocks decoded: the canonical check was barely exercised");
        Assert.True(result.Rejected > 5_000);
    }

    [Fact]
    public void TransactionDecode()
    {
        byte[][] seeds = [Samples.Transfer(1, 2, 3).Encoded, Samples.MultiTransfer(2, 5, nonce: 300).Encoded, Samples.Transfer(3, 4, ulong.MaxValue, expiry: 9).Encoded, Samples.TokenOperations(5).Encoded];
        var result = DecoderFuzzer.Run(seeds, b => Codec.DecodeTransaction(b).Encoded, typeof(DecodeException),
            mutations: 20_000, randomInputs: 3_000, randomMaxLength: 300, seed: 2);
        Assert.True(result.Accepted > 500, $"only {result.Accepted} mutated transactions decoded");
        Assert.True(result.Rejected > 5_000);
    }

    [Fact]
    public void RandomBodiesBehindValidKindBytesReachDeepChecks()
    {
        // Random bodies behind a valid kind (and version) byte get further into the decoders than pure noise.
        var mutator = new Mutator(3);
        var reasons = new HashSet<string>();
        for (int i = 0; i < 3_000; i++)
        {
            byte[] tx = [Transaction.Kind, Transaction.CurrentVersion, .. mutator.RandomBytes(250)];
            byte[] block = [.. new byte[80], 1, Coinbase.Kind, .. mutator.RandomBytes(200)];
            foreach (var (input, decode) in new (byte[], Func<byte[], byte[]>)[] { (tx, b => Codec.DecodeTransaction(b).Encoded), (block, b => Codec.DecodeBlock(b).Encode()) })
            {
                try { Assert.Equal(input, decode(input)); }
                catch (DecodeException e) { reasons.Add(e.Message.Split(':', ' ')[0]); }
            }
        }
        Assert.True(reasons.Count >= 4, $"only these rejections were reached: {string.Join(", ", reasons)}");
    }

    [Fact]
    public void BlockHeaderDecode()
    {
        byte[][] seeds = [Blocks.BitcoinHeaderTests.Genesis.ToBytes(), Blocks.BitcoinHeaderTests.Block100000.ToBytes()];
        var result = DecoderFuzzer.Run(seeds, b => BlockHeader.Decode(b).ToBytes(), typeof(DecodeException),
            mutations: 10_000, randomInputs: 2_000, randomMaxLength: 100, seed: 4);
        Assert.True(result.Accepted > 1_000);
        Assert.True(result.Rejected > 1_000);
    }
}
