using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Nft;

/// <summary>The mint proof's preimage, commitment and header layout, and the rarity arithmetic.</summary>
public class MintProofTests
{
    [Fact]
    public void PreimagePrefixIsTagChainIdCollectionAndMinter()
    {
        var minter = Samples.Account(6);
        var prefix = MintProof.PreimagePrefix(0x484d_0004, "pixel-cats", minter);
        byte[] expected = [.. "HMNT"u8, 0x04, 0x00, 0x4d, 0x48, 10, .. "pixel-cats"u8, .. minter.ToArray()];
        Assert.Equal(expected, prefix);
    }

    [Fact]
    public void CommitmentIsDoubleSha256OfPrefixAndExtranonce()
    {
        var prefix = MintProof.PreimagePrefix(Samples.ChainId, "abc", Samples.Account(1));
        byte[] extranonce = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal(new Hash256(Sha256d.Hash([.. prefix, .. extranonce])), MintProof.Commitment(prefix, extranonce));
        Assert.Equal(new Hash256(Sha256d.Hash(prefix)), MintProof.Commitment(prefix, []));
        Assert.NotEqual(MintProof.Commitment(prefix, extranonce), MintProof.Commitment(prefix, [1, 2, 3, 4, 5, 6, 7, 9]));
    }

    [Fact]
    public void CommitmentBindsChainCollectionAndMinter()
    {
        byte[] x = [9];
        var c = MintProof.Commitment(MintProof.PreimagePrefix(1, "abc", Samples.Account(1)), x);
        Assert.NotEqual(c, MintProof.Commitment(MintProof.PreimagePrefix(2, "abc", Samples.Account(1)), x));
        Assert.NotEqual(c, MintProof.Commitment(MintProof.PreimagePrefix(1, "abd", Samples.Account(1)), x));
        Assert.NotEqual(c, MintProof.Commitment(MintProof.PreimagePrefix(1, "abc", Samples.Account(2)), x));
    }

    [Fact]
    public void TheMintHeaderIsABlockHeaderHashedTheSameWay()
    {
        var op = NftSamples.MineMint();
        var header = BlockHeader.Decode(op.Header);
        Assert.Equal(MintProof.HeaderSize, op.Header.Length);
        Assert.Equal(MintProof.GenesisMintHash("pow-one"), header.PreviousHash);
        Assert.Equal(MintProof.Commitment(MintProof.PreimagePrefix(Samples.ChainId, "pow-one", op.Minter), op.Extranonce), header.MerkleRoot);
        Assert.Equal(op.Header[4..36], header.PreviousHash.ToArray());
        Assert.Equal(op.Header[36..68], header.MerkleRoot.ToArray());
        Assert.Equal(new Hash256(Sha256d.Hash(op.Header)), header.Hash);
    }

    [Fact]
    public void GenesisMintHashIsATaggedHashOfTheId()
    {
        Assert.Equal(new Hash256(TaggedHash.Hash("Hashmint/collection", "pixel-cats"u8)), MintProof.GenesisMintHash("pixel-cats"));
        Assert.NotEqual(MintProof.GenesisMintHash("pixel-cats"), MintProof.GenesisMintHash("pixel-dogs"));
    }

    private static Hash256 Filled(byte fill, params byte[] top)
    {
        // Hashes compare as little-endian numbers: the most significant byte is the last.
        var b = Enumerable.Repeat(fill, 32).ToArray();
        for (int i = 0; i < top.Length; i++) b[31 - i] = top[i];
        return new Hash256(b);
    }

    private static Hash256 HashWithTopBytes(params byte[] top) => Filled(0xff, top);

    [Fact]
    public void LeadingZeroBitsOfHashes()
    {
        Assert.Equal(256, MintProof.LeadingZeroBits(Hash256.Zero));
        Assert.Equal(0, MintProof.LeadingZeroBits(HashWithTopBytes(0x80)));
        Assert.Equal(1, MintProof.LeadingZeroBits(HashWithTopBytes(0x7f)));
        Assert.Equal(7, MintProof.LeadingZeroBits(HashWithTopBytes(0x01)));
        Assert.Equal(8, MintProof.LeadingZeroBits(HashWithTopBytes(0x00, 0xff)));
        Assert.Equal(19, MintProof.LeadingZeroBits(HashWithTopBytes(0x00, 0x00, 0x1f)));
        var one = new byte[32];
        one[0] = 1;
        Assert.Equal(255, MintProof.LeadingZeroBits(new Hash256(one)));
    }

    [Theory]
    [InlineData(0x207fffffu, 1)]
    [InlineData(0x2000ffffu, 8)]
    [InlineData(0x1f00ffffu, 16)]
    [InlineData(0x1d00ffffu, 32)]
    [InlineData(0x1e010000u, 23)]
    public void LeadingZeroBitsOfTargets(uint bits, int zeros) =>
        Assert.Equal(zeros, MintProof.LeadingZeroBits(CompactTarget.ToTarget(bits)!.Value));

    [Fact]
    public void LeadingZeroBitsAgreeBetweenAHashAndTheSameNumberAsATarget()
    {
        for (int i = 0; i < 200; i++)
        {
            var hash = new Hash256(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            var asNumber = new BigInteger(hash.ToArray(), isUnsigned: true, isBigEndian: false);
            Assert.Equal(MintProof.LeadingZeroBits(asNumber), MintProof.LeadingZeroBits(hash));
        }
    }

    [Fact]
    public void UnderATargetOfOnesRarityCountsZeroBitsBeyondTheTarget()
    {
        var target = CompactTarget.ToTarget(0x1f00ffff)!.Value; // 16 leading zero bits, then 16 ones
        Assert.Equal(0, MintProof.Rarity(Filled(0x00, 0x00, 0x00, 0xff), target));
        Assert.Equal(1, MintProof.Rarity(Filled(0x00, 0x00, 0x00, 0x7f), target));
        Assert.Equal(7, MintProof.Rarity(Filled(0x00, 0x00, 0x00, 0x01), target));
        Assert.Equal(8, MintProof.Rarity(Filled(0x00, 0x00, 0x00, 0x00, 0x80), target));
        Assert.Equal(240, MintProof.Rarity(Hash256.Zero, target));
        for (int i = 0; i < 500; i++)
        {
            var h = new Hash256(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            var b = h.ToArray();
            b[31] = b[30] = 0; // meets the target unless the next byte is 0xff and more follow
            if (b[29] == 0xff) continue;
            var meeting = new Hash256(b);
            Assert.Equal(MintProof.LeadingZeroBits(meeting) - 16, MintProof.Rarity(meeting, target));
        }
    }

    [Fact]
    public void RarityIsHowOftenTheTargetCouldBeHalvedAndStillBeMet()
    {
        var target = CompactTarget.ToTarget(0x1f00ffff)!.Value;
        // Above the target: 0, never negative. Just above half the target: still 0, though it has an extra zero bit.
        Assert.Equal(0, MintProof.Rarity(Filled(0xff, 0xff), target));
        Assert.Equal(0, MintProof.Rarity(Filled(0xff, 0x00, 0x00, 0xff), target));
        Assert.Equal(0, MintProof.Rarity(Filled(0xff, 0x00, 0x00, 0x7f, 0xff, 0xff), target));
        Assert.Equal(1, MintProof.Rarity(Filled(0xff, 0x00, 0x00, 0x7f, 0xff, 0x7f), target));

        // A target that is a power of two (devnet's 0x1e020000 = 2^233): half of all hashes meeting it are common.
        var power = CompactTarget.ToTarget(0x1e020000)!.Value;
        Assert.Equal(BigInteger.One << 233, power);
        Assert.Equal(0, MintProof.Rarity(new Hash256(CompactTarget.ToTargetBytes(power)), power));
        Assert.Equal(0, MintProof.Rarity(new Hash256(CompactTarget.ToTargetBytes((BigInteger.One << 232) + 1)), power));
        Assert.Equal(1, MintProof.Rarity(new Hash256(CompactTarget.ToTargetBytes(BigInteger.One << 232)), power));
        Assert.Equal(1, MintProof.Rarity(new Hash256(CompactTarget.ToTargetBytes((BigInteger.One << 232) - 1)), power));
        Assert.Equal(233, MintProof.Rarity(new Hash256(CompactTarget.ToTargetBytes(BigInteger.One)), power));
        Assert.Equal(234, MintProof.Rarity(Hash256.Zero, power));
    }

    [Theory]
    [InlineData(0, "common")]
    [InlineData(1, "uncommon")]
    [InlineData(2, "rare")]
    [InlineData(3, "epic")]
    [InlineData(4, "legendary")]
    [InlineData(5, "mythic")]
    [InlineData(200, "mythic")]
    public void TierNames(int rarity, string tier) => Assert.Equal(tier, MintProof.TierName(rarity));
}
