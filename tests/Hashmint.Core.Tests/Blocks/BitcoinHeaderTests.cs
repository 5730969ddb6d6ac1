using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Blocks;

/// <summary>Real Bitcoin main-net headers: the header layout and hash must be Bitcoin's, byte for byte.</summary>
public class BitcoinHeaderTests
{
    public static readonly BlockHeader Genesis = new(1, Hash256.Zero,
        Hash256.Parse("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"), 1231006505, 0x1d00ffff, 2083236893);

    public static readonly BlockHeader Block1 = new(1,
        Hash256.Parse("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
        Hash256.Parse("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"), 1231469665, 0x1d00ffff, 2573394689);

    public static readonly BlockHeader Block100000 = new(1,
        Hash256.Parse("000000000002d01c1fccc21636b607dfd930d31d01c3a62104612a1719011250"),
        Hash256.Parse("f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"), 1293623863, 0x1b04864c, 274148111);

    [Fact]
    public void GenesisHeaderHashesToBitcoinsGenesisHash()
    {
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", Genesis.Hash.ToString());
    }

    [Fact]
    public void GenesisHeaderBytesAreBitcoinsSerialization()
    {
        const string expected =
            "01000000" + "0000000000000000000000000000000000000000000000000000000000000000" +
            "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" +
            "29ab5f49" + "ffff001d" + "1dac2b7c";
        Assert.Equal(expected, Convert.ToHexStringLower(Genesis.ToBytes()));
    }

    [Fact]
    public void Block1ChainsOnGenesis()
    {
        Assert.Equal(Genesis.Hash, Block1.PreviousHash);
        Assert.Equal("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048", Block1.Hash.ToString());
    }

    [Fact]
    public void Block100000HashesCorrectlyAndMeetsItsTarget()
    {
        Assert.Equal("000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506", Block100000.Hash.ToString());
        Assert.True(CompactTarget.MeetsTarget(Block100000.Hash, CompactTarget.ToTarget(Block100000.Bits)!.Value));
        Assert.True(CompactTarget.MeetsTarget(Genesis.Hash, CompactTarget.ToTarget(Genesis.Bits)!.Value));
    }

    [Fact]
    public void ChangingAnyFieldChangesTheHash()
    {
        var h = Block100000.Hash;
        Assert.NotEqual(h, (Block100000 with { Nonce = Block100000.Nonce + 1 }).Hash);
        Assert.NotEqual(h, (Block100000 with { Time = Block100000.Time + 1 }).Hash);
        Assert.NotEqual(h, (Block100000 with { Version = 2 }).Hash);
        Assert.NotEqual(h, (Block100000 with { Bits = 0x1b04864d }).Hash);
    }

    [Fact]
    public void DecodeIsTheInverseOfToBytes()
    {
        foreach (var header in new[] { Genesis, Block1, Block100000 })
        {
            var bytes = header.ToBytes();
            Assert.Equal(BlockHeader.Size, bytes.Length);
            Assert.Equal(header, BlockHeader.Decode(bytes));
        }
    }

    [Fact]
    public void DecodeRejectsWrongLengths()
    {
        var bytes = Genesis.ToBytes();
        Assert.Throws<DecodeException>(() => BlockHeader.Decode(bytes.AsSpan(0, 79)));
        Assert.Throws<DecodeException>(() => BlockHeader.Decode([.. bytes, 0]));
        Assert.Throws<DecodeException>(() => BlockHeader.Decode([]));
    }
}
