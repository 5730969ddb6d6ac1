using Hashmint.Ledger.Operations;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Tests.Support;

namespace Hashmint.Core.Tests.Blocks;

public class BlockCodecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void EncodeDecodeRoundTrip(int transactions)
    {
        var block = Samples.Block(transactions);
        var bytes = block.Encode();
        var decoded = Codec.DecodeBlock(bytes);
        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(block.Hash, decoded.Hash);
        Assert.Equal(block.Header, decoded.Header);
        Assert.Equal(block.TransactionIds(), decoded.TransactionIds());
        Assert.Equal(block.Header.MerkleRoot, decoded.ComputeMerkleRoot());
        Assert.Equal(7u, decoded.Height);
        Assert.Equal(transactions, decoded.Transactions.Count);
    }

    [Fact]
    public void LayoutIsHeaderCountThenTransactions()
    {
        var block = Samples.Block(2);
        var bytes = block.Encode();
        Assert.Equal(block.Header.ToBytes(), bytes[..80]);
        Assert.Equal(3, bytes[80]);
        Assert.Equal(block.Coinbase.Encoded, bytes[81..(81 + block.Coinbase.Encoded.Length)]);
        Assert.Equal(block.Hash, block.Header.Hash);
        Assert.Equal(block.Coinbase.Id, block.TransactionIds()[0]);
    }

    [Fact]
    public void ABlockWithoutCoinbaseIsRejected()
    {
        var bytes = Samples.Block(0).Encode()[..81];
        bytes[80] = 0;
        Assert.Contains("coinbase", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes)).Message);
    }

    [Fact]
    public void ATransactionInFirstPlaceIsRejected()
    {
        var block = Samples.Block(1);
        var bytes = block.Header.ToBytes().Concat(new byte[] { 1 }).Concat(block.Transactions[0].Encoded).ToArray();
        Assert.Contains("first transaction", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes)).Message);
    }

    [Fact]
    public void ASecondCoinbaseIsRejected()
    {
        var block = Samples.Block(0);
        var bytes = block.Header.ToBytes().Concat(new byte[] { 2 }).Concat(block.Coinbase.Encoded).Concat(block.Coinbase.Encoded).ToArray();
        Assert.Contains("second coinbase", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes)).Message);
    }

    [Fact]
    public void TrailingBytesAndTruncationAreRejected()
    {
        var bytes = Samples.Block(2).Encode();
        Assert.Throws<DecodeException>(() => Codec.DecodeBlock([.. bytes, 0]));
        Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes[..^1]));
        Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes[..79]));
    }

    [Fact]
    public void LimitsAreEnforced()
    {
        var bytes = Samples.Block(3).Encode();
        Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes, maxBytes: bytes.Length - 1));
        Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes, maxTransactions: 3));
        Assert.Equal(bytes, Codec.DecodeBlock(bytes, maxBytes: bytes.Length, maxTransactions: 4).Encode());
    }

    [Fact]
    public void HugeTransactionCountIsRejectedBeforeAllocation()
    {
        var bytes = Samples.Block(0).Encode()[..80].Concat(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("transaction count", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(bytes)).Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    [Fact]
    public void GenesisBlocksAreDistinctAndRoundTrip()
    {
        var hashes = new HashSet<Hashmint.Core.Primitives.Hash256>();
        foreach (var p in ChainParams.All)
        {
            var genesis = Genesis.Create(p);
            Assert.Equal(0u, genesis.Height);
            Assert.Equal(p.ChainId, genesis.Coinbase.ChainId);
            Assert.Empty(genesis.Coinbase.Payouts);
            Assert.True(genesis.Header.PreviousHash.IsZero);
            Assert.Equal(genesis.ComputeMerkleRoot(), genesis.Header.MerkleRoot);
            Assert.Equal(p.GenesisBits, genesis.Header.Bits);
            Assert.Equal(p.GenesisTime, genesis.Header.Time);
            Assert.Equal(genesis.Encode(), Codec.DecodeBlock(genesis.Encode()).Encode());
            Assert.Equal(genesis.Hash, Genesis.Create(p).Hash); // deterministic
            Assert.True(hashes.Add(genesis.Hash));
        }
    }
}
