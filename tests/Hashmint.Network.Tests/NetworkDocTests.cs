using System.Globalization;
using System.Text.RegularExpressions;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

/// <summary>docs/NETWORK.md lists exactly the commands (with their caps) and the ban reasons the code has.</summary>
public sealed partial class NetworkDocTests
{
    private static string Doc()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hashmint.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "NETWORK.md"));
    }

    [GeneratedRegex(@"^\| `([a-z0-9]+)` \| .* \| ([0-9,]+)[^|]*\|$", RegexOptions.Multiline)]
    private static partial Regex CommandRow();

    [GeneratedRegex(@"^\| `([a-z-]+)` \| [^|]+\|$", RegexOptions.Multiline)]
    private static partial Regex ReasonRow();

    [Fact]
    public void The_message_table_is_the_code()
    {
        var rows = CommandRow().Matches(Doc()).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(Commands.All.Keys.Order(), rows.Keys.Order());
        foreach (var (command, cap) in Commands.All) Assert.True(rows[command] == cap, $"{command}: doc says {rows[command]}, code {cap}");
    }

    [Fact]
    public void The_ban_reason_table_is_the_code()
    {
        var reasons = ReasonRow().Matches(Doc()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(BanReasons.All.Order(), reasons.Order());
    }
}
