using System.Globalization;

namespace Hashmint.Core.Primitives;

/// <summary>
/// A coin amount in base units (1 HMT = 10^8 units). Arithmetic is checked: an overflow is a
/// consensus failure, never a silent wrap.
/// </summary>
public readonly record struct Amount(ulong Units) : IComparable<Amount>
{
    public const ulong UnitsPerCoin = 100_000_000;
    public static readonly Amount Zero = new(0);

    public static Amount Coins(ulong coins) => new(checked(coins * UnitsPerCoin));

    public static Amount operator +(Amount a, Amount b) => new(checked(a.Units + b.Units));
    public static Amount operator -(Amount a, Amount b) => new(checked(a.Units - b.Units));
    public static bool operator <(Amount a, Amount b) => a.Units < b.Units;
    public static bool operator >(Amount a, Amount b) => a.Units > b.Units;
    public static bool operator <=(Amount a, Amount b) => a.Units <= b.Units;
    public static bool operator >=(Amount a, Amount b) => a.Units >= b.Units;
    public int CompareTo(Amount other) => Units.CompareTo(other.Units);

    /// <summary>Decimal form with exactly 8 fraction digits trimmed of trailing zeros, e.g. "12.5".</summary>
    public override string ToString()
    {
        ulong whole = Units / UnitsPerCoin, frac = Units % UnitsPerCoin;
        if (frac == 0) return whole.ToString(CultureInfo.InvariantCulture);
        return $"{whole}.{frac.ToString("D8", CultureInfo.InvariantCulture).TrimEnd('0')}";
    }

    /// <summary>Parses "12", "12.5" or "0.00000001"; more than 8 decimals or overflow is an error.</summary>
    public static bool TryParseCoins(string text, out Amount amount)
    {
        amount = Zero;
        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0) return false;
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong whole)) return false;
        ulong frac = 0;
        if (parts.Length == 2)
        {
            if (parts[1].Length is 0 or > 8 || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out frac)) return false;
            for (int i = parts[1].Length; i < 8; i++) frac *= 10;
        }
        try { amount = new Amount(checked(whole * UnitsPerCoin + frac)); return true; }
        catch (OverflowException) { return false; }
    }
}
