using System.Numerics;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Consensus;

/// <summary>Bitcoin's compact "bits" form of a 256-bit target, and the work a target represents.</summary>
public static class CompactTarget
{
    /// <summary>Expands bits to a target; negative or overflowing encodings are rejected (null).</summary>
    public static BigInteger? ToTarget(uint bits)
    {
        int exponent = (int)(bits >> 24);
        uint mantissa = bits & 0x007f_ffff;
        BigInteger target = exponent <= 3 ? new BigInteger(mantissa >> (8 * (3 - exponent))) : new BigInteger(mantissa) << (8 * (exponent - 3));
        // Negative as Bitcoin's SetCompact decides it: sign bit set and a non-zero value after the shift.
        if ((bits & 0x0080_0000) != 0 && !target.IsZero) return null;
        if (target.GetBitLength() > 256) return null;
        return target;
    }

    public static uint FromTarget(BigInteger target)
    {
        if (target.Sign <= 0) return 0;
        int size = (int)((target.GetBitLength() + 7) / 8);
        uint mantissa = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        if ((mantissa & 0x0080_0000) != 0) { mantissa >>= 8; size++; }
        return (uint)(size << 24) | mantissa;
    }

    /// <summary>Expected hashes to find a block at this target: 2^256 / (target + 1).</summary>
    public static BigInteger Work(uint bits)
    {
        var target = ToTarget(bits) ?? BigInteger.Zero;
        return (BigInteger.One << 256) / (target + 1);
    }

    /// <summary>Difficulty relative to bits 0x1d00ffff, as Bitcoin shows it.</summary>
    public static double Difficulty(uint bits)
    {
        var target = ToTarget(bits) ?? BigInteger.One;
        if (target.IsZero) return 0;
        return Math.Exp(BigInteger.Log(ToTarget(0x1d00ffff)!.Value) - BigInteger.Log(target));
    }

    /// <summary>The target as 32 little-endian bytes, the form hashes compare against.</summary>
    public static byte[] ToTargetBytes(BigInteger target)
    {
        var bytes = new byte[32];
        target.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    /// <summary>True when the hash, read as a little-endian 256-bit number, is at or below the target.</summary>
    public static bool MeetsTarget(Hash256 hash, BigInteger target) =>
        new BigInteger(hash.ToArray(), isUnsigned: true, isBigEndian: false) <= target;
}
