using System.Numerics;

namespace Hashmint.Core.Consensus;

/// <summary>
/// aserti3-2d (Bitcoin Cash's absolutely scheduled exponentially rising target), evaluated every block
/// against a fixed anchor: the target doubles for every half-life the chain runs behind schedule and
/// halves for every half-life it runs ahead. Integer-only, so every node computes the same bits.
/// </summary>
public static class Asert
{
    /// <param name="anchorTarget">target of the anchor block</param>
    /// <param name="timeDiff">parent time minus the anchor's parent time, seconds</param>
    /// <param name="heightDiff">parent height minus the anchor height</param>
    public static BigInteger NextTarget(BigInteger anchorTarget, long timeDiff, long heightDiff, long spacing, long halfLife, BigInteger powLimit)
    {
        // Fixed-point exponent with 16 fraction bits; C# division truncates toward zero, like the reference.
        long exponent = checked((timeDiff - spacing * (heightDiff + 1)) * 65536) / halfLife;
        long shifts = exponent >> 16;
        ulong frac = (ulong)(exponent & 0xffff);
        // Cubic approximation of 2^frac, as in the reference implementation (error < 0.013%).
        BigInteger polynomial = 195_766_423_245_049UL * frac + 971_821_376UL * frac * frac + 5_127UL * frac * frac * frac + (1UL << 47);
        BigInteger factor = 65536 + (polynomial >> 48);
        BigInteger next = anchorTarget * factor;
        next = shifts < 0 ? next >> (int)Math.Min(-shifts, 512) : next << (int)Math.Min(shifts, 512);
        next >>= 16;
        if (next.IsZero) return BigInteger.One;
        return next > powLimit ? powLimit : next;
    }
}
