using Hashmint.Core.Primitives;
using Hashmint.Ledger.Market;

namespace Hashmint.Node.Web.Market;

/// <summary>The words the market pages say about heights and prices; market.js says the same after each block.</summary>
public static class MarketText
{
    /// <summary>An auction that settles at the end of block <paramref name="end"/>, seen at tip <paramref name="tip"/>.</summary>
    public static string EndsIn(uint end, uint tip)
    {
        long n = (long)end - tip;
        return n <= 0 ? $"ended at block {end}" : n == 1 ? "ends in 1 block" : $"ends in {n} blocks";
    }

    /// <summary>A Dutch listing's price now (a buy in the next block) and at the block after.</summary>
    public static string DutchNow(ListingTerms t, uint tip) =>
        $"{Fmt.Coins(t.PriceAt(tip + 1))} now, {Fmt.Coins(t.PriceAt(tip + 2))} at the next block";

    /// <summary>A local return path (never another site: no scheme, no "//", no backslash), else /market.</summary>
    public static string SafeReturn(string? path) =>
        path is { Length: > 0 and < 512 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\') && !p.Contains(':') ? p : "/market";

    /// <summary>The return path with <c>sent=TXID</c>, landing on the market section.</summary>
    public static string WithSent(string? path, string txid)
    {
        string p = SafeReturn(path);
        int hash = p.IndexOf('#');
        string fragment = hash >= 0 ? p[hash..] : "#market";
        if (hash >= 0) p = p[..hash];
        return $"{p}{(p.Contains('?') ? '&' : '?')}sent={Uri.EscapeDataString(txid)}{fragment}";
    }

    public static string Units(Amount a) => a.Units.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
