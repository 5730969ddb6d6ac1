using System.Globalization;
using System.Numerics;
using Hashmint.Core.Consensus;

namespace Hashmint.Core.Tests.Consensus;

/// <summary>The official aserti3-2d vectors (Vectors/aserti3-2d.txt) through <see cref="Asert"/> and <see cref="CompactTarget"/>.</summary>
public class AsertVectorTests
{
    private const long Spacing = 600;
    private const long HalfLife = 2 * 24 * 3600;
    private static readonly BigInteger PowLimit = (BigInteger.One << 224) - 1;

    private sealed record Row(string Run, BigInteger AnchorHeight, long AnchorParentTime, uint AnchorBits, BigInteger Height, long Time, uint ExpectedBits);

    private static List<Row> Load()
    {
        var rows = new List<Row>();
        string run = "";
        BigInteger anchorHeight = 0;
        long anchorTime = 0;
        uint anchorBits = 0;
        foreach (var raw in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "aserti3-2d.txt")))
        {
            var line = raw.Trim();
            if (line.StartsWith("## description:", StringComparison.Ordinal)) run = line[15..].Trim();
            else if (line.StartsWith("##   anchor height:", StringComparison.Ordinal)) anchorHeight = BigInteger.Parse(Value(line), CultureInfo.InvariantCulture);
            else if (line.StartsWith("##   anchor ancestor time:", StringComparison.Ordinal)) anchorTime = long.Parse(Value(line), CultureInfo.InvariantCulture);
            else if (line.StartsWith("##   anchor nBits:", StringComparison.Ordinal)) anchorBits = ParseBits(Value(line));
            else if (line.Length > 0 && line[0] != '#')
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                rows.Add(new Row(run, anchorHeight, anchorTime, anchorBits, BigInteger.Parse(f[1], CultureInfo.InvariantCulture),
                    long.Parse(f[2], CultureInfo.InvariantCulture), ParseBits(f[3])));
            }
        }
        return rows;
    }

    private static string Value(string line) => line[(line.LastIndexOf(':') + 1)..].Trim();
    private static uint ParseBits(string hex) => uint.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void EveryVectorRowMatchesTheReference()
    {
        var rows = Load();
        Assert.True(rows.Count > 550, $"only {rows.Count} vector rows loaded");
        Assert.Equal(10, rows.Select(r => r.Run).Distinct().Count());
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var anchorTarget = CompactTarget.ToTarget(row.AnchorBits)!.Value;
            long heightDiff = (long)(row.Height - row.AnchorHeight);
            long timeDiff = row.Time - row.AnchorParentTime;
            var next = Asert.NextTarget(anchorTarget, timeDiff, heightDiff, Spacing, HalfLife, PowLimit);
            uint bits = CompactTarget.FromTarget(next);
            if (bits != row.ExpectedBits)
                failures.Add($"{row.Run} height {row.Height}: got {bits:x8}, expected {row.ExpectedBits:x8}");
        }
        Assert.Empty(failures);
    }
}
