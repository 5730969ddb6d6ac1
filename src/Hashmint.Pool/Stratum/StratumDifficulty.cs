using System.Globalization;
using System.Numerics;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;

namespace Hashmint.Pool.Stratum;

/// <summary>
/// Stratum's share difficulty: difficulty 1 is the target 0xFFFF·2^208 (Bitcoin's bits 0x1d00ffff), difficulty d is
/// the target ⌊0xFFFF·2^208 / d⌋, at most 2^256 − 1. A hash "meets" a target read as a 256-bit little-endian number.
/// </summary>
public static class StratumDifficulty
{
    public static readonly BigInteger Diff1Target = new BigInteger(0xFFFF) << 208;
    private static readonly BigInteger MaxTarget = (BigInteger.One << 256) - 1;

    /// <summary>The target of a difficulty, as a hash-comparable value (little-endian bytes).</summary>
    public static Hash256 ToTarget(double difficulty)
    {
        if (!double.IsFinite(difficulty) || difficulty <= 0) throw new ArgumentOutOfRangeException(nameof(difficulty), "a difficulty is a positive number");
        // difficulty = mantissa · 2^exponent exactly, with an integer mantissa of at most 53 bits.
        long bits = BitConverter.DoubleToInt64Bits(difficulty);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075;
        var target = exponent >= 0 ? Diff1Target / (new BigInteger(mantissa) << exponent) : (Diff1Target << -exponent) / mantissa;
        return FromBig(BigInteger.Min(target, MaxTarget));
    }

    public static Hash256 FromBig(BigInteger target) => new(CompactTarget.ToTargetBytes(BigInteger.Min(BigInteger.Max(target, BigInteger.Zero), MaxTarget)));

    public static BigInteger ToBig(Hash256 value) => new(value.ToArray(), isUnsigned: true, isBigEndian: false);

    /// <summary>The difficulty a target stands for (for a network's bits: its difficulty), diff1 / target.</summary>
    public static double OfTarget(Hash256 target) => OfValue(ToBig(target));

    /// <summary>The difficulty a hash achieved: diff1 / hash (a hash of zero counts as the hardest possible).</summary>
    public static double OfHash(Hash256 hash) => OfValue(ToBig(hash));

    private static double OfValue(BigInteger value)
    {
        if (value.IsZero) return double.MaxValue;
        return Math.Exp(BigInteger.Log(Diff1Target) - BigInteger.Log(value));
    }

    /// <summary>The network's block target for bits, as a hash-comparable value.</summary>
    public static Hash256 TargetOfBits(uint bits) => FromBig(CompactTarget.ToTarget(bits) ?? throw new ArgumentException($"bits {bits:x8} encode no target"));

    /// <summary>
    /// How a difficulty is written in mining.set_difficulty: an integer when it is one (BitAxe firmware parses
    /// integers only), else the shortest decimal that reads back as the same double.
    /// </summary>
    public static string Format(double difficulty) =>
        difficulty >= 1 && difficulty < 9e15 && Math.Floor(difficulty) == difficulty
            ? ((long)difficulty).ToString(CultureInfo.InvariantCulture)
            : difficulty.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Difficulties at or above 1 are rounded to whole numbers, so miners that parse integers get what we mean.</summary>
    public static double Normalise(double difficulty) => difficulty >= 1 ? Math.Round(difficulty) : difficulty;
}
