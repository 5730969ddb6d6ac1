using System.Globalization;
using Hashmint.Core.Primitives;

namespace Hashmint.Node.Web;

/// <summary>How the pages write numbers, hashes, amounts and times.</summary>
public static class Fmt
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The first and last characters of a long id, for tables (the full id is in the link and its title).</summary>
    public static string Short(string id, int keep = 10) => id.Length <= keep * 2 + 1 ? id : $"{id[..keep]}…{id[^6..]}";

    public static string Short(Hash256 hash) => Short(hash.ToString());

    public static string Coins(Amount amount) => $"{amount} HMT";

    public static string Int(long n) => n.ToString("#,0", C);

    public static string Int(ulong n) => n.ToString("#,0", C);

    public static string Bytes(long n) => n switch
    {
        < 1024 => $"{n} B",
        < 1024 * 1024 => (n / 1024.0).ToString("0.#", C) + " KiB",
        _ => (n / 1024.0 / 1024.0).ToString("0.##", C) + " MiB",
    };

    /// <summary>A quantity with an SI prefix: 1234567 → "1.23 M".</summary>
    public static string Si(double v, string unit = "")
    {
        string[] prefixes = ["", "k", "M", "G", "T", "P", "E", "Z"];
        int i = 0;
        double x = Math.Abs(v);
        while (x >= 1000 && i < prefixes.Length - 1) { x /= 1000; v /= 1000; i++; }
        string num = x >= 100 ? v.ToString("0", C) : x >= 10 ? v.ToString("0.#", C) : v.ToString("0.##", C);
        return (num + " " + prefixes[i] + unit).TrimEnd();
    }

    public static string Difficulty(double d) => d switch
    {
        0 => "0",
        < 0.0001 => d.ToString("0.##e0", C), // regtest's trivial target
        < 1000 => d.ToString(d < 10 ? "0.####" : "0.##", C),
        _ => Si(d),
    };

    public static string HashRate(double perSecond) => Si(perSecond, "H/s");

    public static DateTimeOffset Time(uint unix) => DateTimeOffset.FromUnixTimeSeconds(unix);

    public static string Iso(uint unix) => Time(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", C);

    public static string Utc(uint unix) => Time(unix).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", C);

    /// <summary>"12 s ago", "5 min ago", "3 h ago", "2 days ago" (the same words live.js keeps current).</summary>
    public static string Ago(uint unix, DateTimeOffset? now = null)
    {
        long s = (long)((now ?? DateTimeOffset.UtcNow) - Time(unix)).TotalSeconds;
        if (s < 0) return "in the future";
        return s switch
        {
            < 5 => "just now",
            < 60 => $"{s} s ago",
            < 3600 => $"{s / 60} min ago",
            < 86400 => $"{s / 3600} h ago",
            _ => $"{s / 86400} day{(s / 86400 == 1 ? "" : "s")} ago",
        };
    }
}
