using System.Globalization;
using System.Numerics;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Consensus;

public class CompactTargetTests
{
    private static BigInteger Hex(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void DifficultyOneBitsExpandToBitcoinsTarget()
    {
        Assert.Equal(Hex("00000000FFFF0000000000000000000000000000000000000000000000000000"), CompactTarget.ToTarget(0x1d00ffff));
        Assert.Equal(0x1d00ffffu, CompactTarget.FromTarget(Hex("00000000FFFF0000000000000000000000000000000000000000000000000000")));
        Assert.Equal(1.0, CompactTarget.Difficulty(0x1d00ffff), 12);
    }

    [Fact]
    public void RealBlockBitsGiveBitcoinsDifficulty()
    {
        // The Bitcoin wiki's worked example, and the bits of block 100000.
        Assert.Equal(Hex("00000000000404CB000000000000000000000000000000000000000000000000"), CompactTarget.ToTarget(0x1b0404cb));
        Assert.Equal(16307.420938523983, CompactTarget.Difficulty(0x1b0404cb), 6);
        Assert.Equal(14484.1623612254, CompactTarget.Difficulty(0x1b04864c), 6);
    }

    [Fact]
    public void WorkOfDifficultyOneIsBitcoinsGenesisChainWork()
    {
        // Bitcoin's chainwork after the genesis block is 0x100010001.
        Assert.Equal(new BigInteger(0x1_0001_0001), CompactTarget.Work(0x1d00ffff));
        // Halving the target doubles the work (to within the +1 of the formula).
        var w1 = CompactTarget.Work(0x1d00ffff);
        var w2 = CompactTarget.Work(0x1c7fff80);
        Assert.True(BigInteger.Abs(w2 - 2 * w1) <= 2);
    }

    /// <summary>Bitcoin Core's arith_uint256 SetCompact/GetCompact table; negatives and overflows are null here.</summary>
    [Theory]
    [InlineData(0x00000000u, "0", 0x00000000u)]
    [InlineData(0x00123456u, "0", 0x00000000u)]
    [InlineData(0x01003456u, "0", 0x00000000u)]
    [InlineData(0x02000056u, "0", 0x00000000u)]
    [InlineData(0x03000000u, "0", 0x00000000u)]
    [InlineData(0x04000000u, "0", 0x00000000u)]
    [InlineData(0x00923456u, "0", 0x00000000u)]
    [InlineData(0x01803456u, "0", 0x00000000u)]
    [InlineData(0x02800056u, "0", 0x00000000u)]
    [InlineData(0x03800000u, "0", 0x00000000u)]
    [InlineData(0x04800000u, "0", 0x00000000u)]
    [InlineData(0x01123456u, "12", 0x01120000u)]
    [InlineData(0x02123456u, "1234", 0x02123400u)]
    [InlineData(0x03123456u, "123456", 0x03123456u)]
    [InlineData(0x04123456u, "12345600", 0x04123456u)]
    [InlineData(0x05009234u, "92340000", 0x05009234u)]
    [InlineData(0x20123456u, "1234560000000000000000000000000000000000000000000000000000000000", 0x20123456u)]
    public void MatchesBitcoinCoreSetCompactTable(uint bits, string targetHex, uint recompacted)
    {
        var target = CompactTarget.ToTarget(bits);
        Assert.NotNull(target);
        Assert.Equal(Hex(targetHex), target.Value);
        Assert.Equal(recompacted, CompactTarget.FromTarget(target.Value));
    }

    [Theory]
    [InlineData(0x01fedcbau)] // negative
    [InlineData(0x04923456u)] // negative
    [InlineData(0x1d80ffffu)] // negative
    [InlineData(0xff123456u)] // overflow
    [InlineData(0x22010000u)] // 2^264: overflow
    [InlineData(0x21010000u)] // 2^256: one bit too many
    public void NegativeAndOverflowingBitsAreRejected(uint bits) => Assert.Null(CompactTarget.ToTarget(bits));

    [Fact]
    public void LargestEncodableTargetsAreAccepted()
    {
        Assert.Equal((BigInteger.One << 256) - (BigInteger.One << 240), CompactTarget.ToTarget(0x2100ffff));
        Assert.Equal(new BigInteger(0x7fffff) << 232, CompactTarget.ToTarget(0x207fffff));
    }

    [Fact]
    public void FromTargetMovesTheSignBitIntoTheExponent()
    {
        Assert.Equal(0x02008000u, CompactTarget.FromTarget(0x80));
        Assert.Equal(0x1d00ffffu, CompactTarget.FromTarget(Hex("00000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")));
        Assert.Equal(0u, CompactTarget.FromTarget(BigInteger.Zero));
        Assert.Equal(0u, CompactTarget.FromTarget(BigInteger.MinusOne));
    }

    [Fact]
    public void NormalizedBitsRoundTripExactly()
    {
        var rng = new Random(42);
        for (int i = 0; i < 5000; i++)
        {
            int exponent = rng.Next(4, 33);
            uint mantissa = (uint)rng.Next(0x01_0000, 0x80_0000); // top byte set, sign bit clear
            uint bits = ((uint)exponent << 24) | mantissa;
            var target = CompactTarget.ToTarget(bits);
            Assert.NotNull(target);
            Assert.Equal(bits, CompactTarget.FromTarget(target.Value));
        }
    }

    [Fact]
    public void CompactingRandomTargetsTruncatesDownwardAndIsStable()
    {
        var rng = new Random(7);
        var buffer = new byte[32];
        for (int i = 0; i < 3000; i++)
        {
            rng.NextBytes(buffer);
            int keepBits = rng.Next(1, 256);
            var target = new BigInteger(buffer, isUnsigned: true) >> (256 - keepBits);
            if (target.IsZero) continue;
            uint bits = CompactTarget.FromTarget(target);
            var back = CompactTarget.ToTarget(bits)!.Value;
            Assert.True(back <= target);
            Assert.True(target - back < (back >> 15) + 1, "the compact form keeps at least 15 significant bits");
            Assert.Equal(bits, CompactTarget.FromTarget(back));
        }
    }

    [Fact]
    public void MeetsTargetComparesTheHashAsALittleEndianNumber()
    {
        var genesis = Hash256.Parse("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        Assert.True(CompactTarget.MeetsTarget(genesis, CompactTarget.ToTarget(0x1d00ffff)!.Value));
        Assert.False(CompactTarget.MeetsTarget(genesis, CompactTarget.ToTarget(0x1b04864c)!.Value));
        var asNumber = new BigInteger(genesis.ToArray(), isUnsigned: true);
        Assert.True(CompactTarget.MeetsTarget(genesis, asNumber));      // equal meets
        Assert.False(CompactTarget.MeetsTarget(genesis, asNumber - 1));
    }

    [Fact]
    public void TargetBytesAreLittleEndian()
    {
        var bytes = CompactTarget.ToTargetBytes(CompactTarget.ToTarget(0x1d00ffff)!.Value);
        Assert.Equal(32, bytes.Length);
        Assert.Equal(0xff, bytes[26]);
        Assert.Equal(0xff, bytes[27]);
        Assert.All(bytes.Take(26).Concat(bytes.Skip(28)), b => Assert.Equal(0, b));
    }
}
