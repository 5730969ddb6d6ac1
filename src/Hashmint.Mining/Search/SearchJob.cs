using System.Buffers.Binary;
using Hashmint.Mining.Sha256;
using static Hashmint.Mining.Sha256.Sha256Functions;

namespace Hashmint.Mining.Search;

/// <summary>
/// Everything about one header and target that does not depend on the nonce, computed once:
/// the midstate of bytes 0..63, the state after rounds 0..3 of the second block less the nonce word,
/// and the schedule words (or their constant parts) that the nonce does not reach.
/// </summary>
internal sealed class SearchJob
{
    public readonly byte[] Header = new byte[BlockHeaderLayout.HeaderSize];
    public readonly byte[] Target = new byte[BlockHeaderLayout.TargetSize];

    /// <summary>The target's most significant 32 bits (its last four bytes, little-endian).</summary>
    public readonly uint TargetHighWord;

    // Midstate: SHA-256 state after the header's first 64 bytes; added to the second block's result.
    public readonly uint Mid0, Mid1, Mid2, Mid3, Mid4, Mid5, Mid6, Mid7;

    // Working variables at the start of round 4; a and e still lack the nonce word W3, which adds to both.
    public readonly uint Round4ABase, Round4B, Round4C, Round4D, Round4EBase, Round4F, Round4G, Round4H;

    // Schedule words 16 and 17 depend only on W0..W2 (merkle tail, time, bits).
    public readonly uint W16, W17, KPlusW16, KPlusW17;

    // Nonce-free parts of later schedule words: W18 = σ0(W3) + W18Base, W19 = W3 + W19Base,
    // W31 = σ1(W29) + W24 + W31Base, W32 = σ1(W30) + W25 + W32Base.
    public readonly uint W18Base, W19Base, W31Base, W32Base;

    public SearchJob(ReadOnlySpan<byte> header80, ReadOnlySpan<byte> target32LittleEndian)
    {
        BlockHeaderLayout.RequireHeaderAndTarget(header80, target32LittleEndian);
        header80.CopyTo(Header);
        target32LittleEndian.CopyTo(Target);
        TargetHighWord = BinaryPrimitives.ReadUInt32LittleEndian(target32LittleEndian[28..]);

        Span<uint> mid = stackalloc uint[8];
        Sha256Constants.InitialState.CopyTo(mid);
        Sha256Block.Compress(mid, header80[..64]);
        (Mid0, Mid1, Mid2, Mid3, Mid4, Mid5, Mid6, Mid7) = (mid[0], mid[1], mid[2], mid[3], mid[4], mid[5], mid[6], mid[7]);

        ReadOnlySpan<uint> k = Sha256Constants.RoundConstants;
        uint w0 = BinaryPrimitives.ReadUInt32BigEndian(header80[64..]);
        uint w1 = BinaryPrimitives.ReadUInt32BigEndian(header80[68..]);
        uint w2 = BinaryPrimitives.ReadUInt32BigEndian(header80[72..]);

        Span<uint> v = stackalloc uint[8];
        mid.CopyTo(v);
        Sha256Block.Round(v, k[0] + w0);
        Sha256Block.Round(v, k[1] + w1);
        Sha256Block.Round(v, k[2] + w2);

        // Round 3 with W3 = 0; the nonce word is added to the new a and e by the kernel.
        uint t1 = v[7] + BigSigma1(v[4]) + Choose(v[4], v[5], v[6]) + k[3];
        uint t2 = BigSigma0(v[0]) + Majority(v[0], v[1], v[2]);
        Round4ABase = t1 + t2;
        Round4B = v[0];
        Round4C = v[1];
        Round4D = v[2];
        Round4EBase = v[3] + t1;
        Round4F = v[4];
        Round4G = v[5];
        Round4H = v[6];

        W16 = SmallSigma0(w1) + w0;
        W17 = SmallSigma1(Sha256Constants.HeaderBitLength) + SmallSigma0(w2) + w1;
        KPlusW16 = k[16] + W16;
        KPlusW17 = k[17] + W17;
        W18Base = SmallSigma1(W16) + w2;
        W19Base = SmallSigma1(W17) + FoldedConstants.SmallSigma0OfPadding;
        W31Base = SmallSigma0(W16) + Sha256Constants.HeaderBitLength;
        W32Base = SmallSigma0(W17) + W16;
    }
}
