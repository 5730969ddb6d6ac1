using Hashmint.Mining.Sha256;
using static Hashmint.Mining.Sha256.Sha256Functions;

namespace Hashmint.Mining.Tests;

/// <summary>The literals the kernels embed equal what they claim to be, recomputed from the standard constants.</summary>
public sealed class FoldedConstantsTests
{
    [Fact]
    public void EachFoldedConstantIsRecomputedFromTheStandard()
    {
        ReadOnlySpan<uint> k = Sha256Constants.RoundConstants;
        ReadOnlySpan<uint> iv = Sha256Constants.InitialState;
        uint round0T1 = iv[7] + BigSigma1(iv[4]) + Choose(iv[4], iv[5], iv[6]) + k[0];

        Assert.Equal(FoldedConstants.SecondRound0T1, round0T1);
        Assert.Equal(FoldedConstants.SecondRound0A, round0T1 + BigSigma0(iv[0]) + Majority(iv[0], iv[1], iv[2]));
        Assert.Equal(FoldedConstants.SecondRound0E, iv[3] + round0T1);
        Assert.Equal(FoldedConstants.SmallSigma1OfDigestLength, SmallSigma1(256));
        Assert.Equal(FoldedConstants.SmallSigma0OfPadding, SmallSigma0(0x80000000));
        Assert.Equal(FoldedConstants.SmallSigma0OfDigestLength, SmallSigma0(256));
        Assert.Equal(FoldedConstants.SmallSigma0OfHeaderLength, SmallSigma0(640));
        Assert.Equal(FoldedConstants.FirstK4PlusPadding, k[4] + 0x80000000);
        Assert.Equal(FoldedConstants.FirstK15PlusLength, k[15] + 640);
        Assert.Equal(FoldedConstants.SecondK8PlusPadding, k[8] + 0x80000000);
        Assert.Equal(FoldedConstants.SecondK15PlusLength, k[15] + 256);
        Assert.Equal(FoldedConstants.SecondK60PlusInitialH7, k[60] + iv[7]);
    }

    [Fact]
    public void ScalarCompressionMatchesThePlatformSha256()
    {
        // The midstate path: one 64-byte block after the padding-free prefix equals SHA-256 of a
        // 55-byte message padded by hand into that block.
        byte[] message = Enumerable.Range(0, 55).Select(i => (byte)(i * 7)).ToArray();
        byte[] block = new byte[64];
        message.CopyTo(block, 0);
        block[55] = 0x80;
        block[63] = 55 * 8 & 0xff;
        block[62] = 55 * 8 >> 8;
        Span<uint> state = stackalloc uint[8];
        Sha256Constants.InitialState.CopyTo(state);

        Sha256Block.Compress(state, block);

        byte[] expected = System.Security.Cryptography.SHA256.HashData(message);
        for (int i = 0; i < 8; i++)
            Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(expected.AsSpan(4 * i)), state[i]);
    }
}
