using System.Buffers.Binary;
using static Hashmint.Mining.Sha256.Sha256Functions;

namespace Hashmint.Mining.Sha256;

/// <summary>
/// Scalar SHA-256 compression, used once per job (the midstate of the header's first 64 bytes)
/// and for the rounds that do not depend on the nonce.
/// </summary>
internal static class Sha256Block
{
    /// <summary>Compresses one 64-byte block into <paramref name="state"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block64)
    {
        Span<uint> schedule = stackalloc uint[64];
        for (int t = 0; t < 16; t++)
            schedule[t] = BinaryPrimitives.ReadUInt32BigEndian(block64[(4 * t)..]);
        for (int t = 16; t < 64; t++)
            schedule[t] = SmallSigma1(schedule[t - 2]) + schedule[t - 7] + SmallSigma0(schedule[t - 15]) + schedule[t - 16];

        Span<uint> working = stackalloc uint[8];
        state.CopyTo(working);
        for (int t = 0; t < 64; t++)
            Round(working, Sha256Constants.RoundConstants[t] + schedule[t]);
        for (int i = 0; i < 8; i++)
            state[i] += working[i];
    }

    /// <summary>One round on working variables a..h (indices 0..7) with K[t] + W[t] already summed.</summary>
    public static void Round(Span<uint> v, uint roundConstantPlusWord)
    {
        uint t1 = v[7] + BigSigma1(v[4]) + Choose(v[4], v[5], v[6]) + roundConstantPlusWord;
        uint t2 = BigSigma0(v[0]) + Majority(v[0], v[1], v[2]);
        v[7] = v[6];
        v[6] = v[5];
        v[5] = v[4];
        v[4] = v[3] + t1;
        v[3] = v[2];
        v[2] = v[1];
        v[1] = v[0];
        v[0] = t1 + t2;
    }
}
