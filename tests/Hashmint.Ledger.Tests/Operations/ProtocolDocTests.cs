using System.Reflection;
using System.Text.RegularExpressions;
using Hashmint.Core.Nft;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;

namespace Hashmint.Ledger.Tests.Operations;

/// <summary>
/// docs/PROTOCOL.md and the code cannot drift apart: its operation table lists exactly the registered handlers (type
/// byte and name), its rejection table exactly the codes of <see cref="RejectCodes"/>, <see cref="NftRejectCodes"/> and <see cref="MarketRejectCodes"/>,
/// and it spells the built-in blocks collection's definition as the code encodes it.
/// </summary>
public partial class ProtocolDocTests
{
    private static readonly string[] Lines = File.ReadAllLines(FindProtocolDoc());

    private static string FindProtocolDoc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "PROTOCOL.md");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"docs/PROTOCOL.md not found in any directory above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    /// <summary>The body rows (cells, trimmed, code quotes removed) of the one table whose header row starts with these cells.</summary>
    private static List<string[]> TableRows(params string[] header)
    {
        static string[] Cells(string line) =>
            CellSeparator().Split(line.Trim().Trim('|')).Select(c => c.Trim().Trim('`').Trim()).ToArray();

        var starts = Lines.Select((line, i) => (line, i))
            .Where(x => x.line.TrimStart().StartsWith('|') && Cells(x.line).Take(header.Length).SequenceEqual(header))
            .Select(x => x.i).ToList();
        int start = Assert.Single(starts);
        Assert.Matches(@"^\|(\s*:?-+:?\s*\|)+$", Lines[start + 1].Trim());
        var rows = new List<string[]>();
        for (int i = start + 2; i < Lines.Length && Lines[i].TrimStart().StartsWith('|'); i++) rows.Add(Cells(Lines[i]));
        return rows;
    }

    [Fact]
    public void TheOperationTableListsExactlyTheRegisteredHandlers()
    {
        var documented = TableRows("type", "name", "payload").Select(r =>
        {
            var type = Regex.Match(r[0], "^0x([0-9a-f]{2})$");
            Assert.True(type.Success, $"operation type '{r[0]}' is not written as 0x followed by two lower-case hex digits");
            return (Type: Convert.ToByte(type.Groups[1].Value, 16), Name: r[1]);
        }).ToList();
        var registered = OperationRegistry.Default.Handlers.Select(h => (h.Type, h.Name)).ToList();

        Assert.Equal(documented.Count, documented.Select(d => d.Type).Distinct().Count());
        Assert.Equal(registered.OrderBy(h => h.Type), documented.OrderBy(d => d.Type));
    }

    [Fact]
    public void TheRejectionTableListsExactlyTheDefinedCodes()
    {
        static IEnumerable<string> Codes(Type t) => t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

        var defined = Codes(typeof(RejectCodes)).Concat(Codes(typeof(NftRejectCodes))).Concat(Codes(typeof(MarketRejectCodes))).Distinct().Order(StringComparer.Ordinal).ToList();
        var documented = TableRows("code", "raised by", "when").Select(r => r[0]).ToList();

        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.Equal(defined, documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheBlocksCollectionDefinitionIsSpelledAsTheCodeEncodesIt() =>
        Assert.Contains(Convert.ToHexStringLower(CollectionDefinition.BlocksCollection.Encode()), string.Join('\n', Lines));
}
