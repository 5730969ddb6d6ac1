using System.Buffers.Binary;
using System.Numerics;

namespace Hashmint.Art.Random;

/// <summary>
/// xoshiro256** seeded from a 32-byte token seed. Implemented here (not System.Random) because the
/// art is consensus-adjacent: the sequence must never change with a runtime upgrade.
/// </summary>
internal sealed class SeedRandom
{
    private const int WarmUpRounds = 8;
    private ulong _s0, _s1, _s2, _s3;

    private SeedRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The generator for a token seed (see docs/ART.md, "Random numbers").</summary>
    public static SeedRandom FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != 32)
            throw new ArgumentException("The seed must be exactly 32 bytes.", nameof(seed32));

        Span<ulong> words = stackalloc ulong[4];
        for (int i = 0; i < 4; i++)
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(seed32.Slice(i * 8, 8));

        // Digest all 256 bits first so every state word depends on every seed byte: a proof-of-work
        // hash has many zero bytes at one end, and xoshiro's first outputs read only one state word.
        ulong digest = 0x6A09E667F3BCC908UL;
        foreach (ulong word in words)
            digest = SplitMix64.Mix(digest ^ word);

        ulong stream = digest;
        ulong s0 = words[0] ^ SplitMix64.Next(ref stream);
        ulong s1 = words[1] ^ SplitMix64.Next(ref stream);
        ulong s2 = words[2] ^ SplitMix64.Next(ref stream);
        ulong s3 = words[3] ^ SplitMix64.Next(ref stream);
        if ((s0 | s1 | s2 | s3) == 0)
            s0 = 0x9E3779B97F4A7C15UL; // xoshiro's one forbidden state

        var random = new SeedRandom(s0, s1, s2, s3);
        for (int i = 0; i < WarmUpRounds; i++)
            random.NextUInt64();
        return random;
    }

    /// <summary>The bare generator from a raw state, as in the reference implementation (for known-answer tests).</summary>
    internal static SeedRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3) => new(s0, s1, s2, s3);

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 bits, exactly representable as a float.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [min, max).</summary>
    public float NextFloat(float min, float max) => min + (max - min) * NextFloat();

    /// <summary>Uniform integer in [0, count) by multiply-shift (bias below 2^-32, irrelevant here).</summary>
    public int NextInt(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

    /// <summary>
    /// Approximately standard normal: Irwin–Hall sum of four uniforms, rescaled to unit variance.
    /// Pure arithmetic (no log/cos from the C library) so it is bit-identical everywhere.
    /// </summary>
    public float NextGaussian()
    {
        float sum = NextFloat() + NextFloat() + NextFloat() + NextFloat();
        return (sum - 2.0f) * 1.7320508f; // variance of the sum is 4/12, so scale by sqrt(3)
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public int NextWeighted(ReadOnlySpan<int> weights)
    {
        int total = 0;
        foreach (int w in weights)
            total += w;
        int pick = NextInt(total);
        for (int i = 0; i < weights.Length; i++)
        {
            pick -= weights[i];
            if (pick < 0)
                return i;
        }
        return weights.Length - 1;
    }
}
