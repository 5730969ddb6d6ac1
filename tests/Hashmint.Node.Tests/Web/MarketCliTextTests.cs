using System.CommandLine;
using System.Text;
using Hashmint.Core.Primitives;
using Hashmint.Node.Cli;
using Hashmint.Node.Web.Market;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// The command the market pages show beside each action is parsed by the real CLI parser: every option name exists and
/// every value parses, so the text cannot drift from the CLI.
/// </summary>
public sealed class MarketCliTextTests
{
    private const string Dir = "/tmp/hashmint data/it's";

    public static TheoryData<string> Actions() => [.. MarketActions.Names];

    private static MarketForm Filled(string action) => action switch
    {
        "list" => new() { Action = action, Collection = "pixel-cats", Token = "3", Price = "1.5", EndPrice = "0.5", EndHeight = "900" },
        "delist" => new() { Action = action, Collection = "pixel-cats", Token = "3" },
        "buy" => new() { Action = action, Collection = "pixel-cats", Token = "3", Price = "1.5" },
        "offer" => new() { Action = action, Collection = "pixel-cats", Trait = "rarity=rare", Price = "0.25", Quantity = "4", Expiry = "1200" },
        "accept" => new() { Action = action, Offer = "17", Token = "3" },
        "auction" => new() { Action = action, Collection = "pixel-cats", Token = "3", Price = "2", Blocks = "20" },
        "bid" => new() { Action = action, Collection = "pixel-cats", Token = "3", Price = "2.1" },
        _ => throw new ArgumentException(action),
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void The_shown_command_parses_with_the_cli_and_carries_the_forms_values(string action)
    {
        var form = Filled(action);
        var line = MarketActions.Cli(form, Dir);
        var words = ShellWords(line.Text);
        Assert.Equal("hashmint", words[0]);
        Assert.Equal(line.Args, words[1..]);
        var parsed = CliApp.BuildRoot().Parse(words[1..]);
        Assert.True(parsed.Errors.Count == 0, $"{line.Text}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.Equal(action, parsed.CommandResult.Command.Name);
        Assert.Equal("market", parsed.CommandResult.Parent is System.CommandLine.Parsing.CommandResult p ? p.Command.Name : null);
        Assert.Equal(Dir, parsed.GetValue<string?>("--datadir"));
        switch (action)
        {
            case "list":
                Assert.Equal(Amount.Coins(1) + new Amount(50_000_000), parsed.GetValue<Amount?>("--price"));
                Assert.Equal(new Amount(50_000_000), parsed.GetValue<Amount?>("--end-price"));
                Assert.Equal(900u, parsed.GetValue<uint?>("--end-height"));
                Assert.Equal(3UL, parsed.GetValue<ulong>("--token"));
                break;
            case "buy":
                Assert.Equal([3UL], parsed.GetValue<ulong[]>("--token")!);
                Assert.Equal(new Amount(150_000_000), parsed.GetValue<Amount?>("--max-price"));
                break;
            case "offer":
                Assert.Equal("rarity=rare", parsed.GetValue<string?>("--trait"));
                Assert.Equal(4u, parsed.GetValue<uint?>("--quantity"));
                Assert.Equal(1200u, parsed.GetValue<uint?>("--expiry"));
                Assert.Equal(new Amount(25_000_000), parsed.GetValue<Amount?>("--price"));
                break;
            case "accept":
                Assert.Equal(17UL, parsed.GetValue<ulong>("--offer"));
                break;
            case "auction":
                Assert.Equal(Amount.Coins(2), parsed.GetValue<Amount?>("--reserve"));
                Assert.Equal(20u, parsed.GetValue<uint?>("--blocks"));
                break;
            case "bid":
                Assert.Equal(new Amount(210_000_000), parsed.GetValue<Amount?>("--amount"));
                break;
        }
        // And the page builds the same operation from the form as the CLI would.
        Assert.Null(MarketActions.Build(form, 100).Error);
    }

    [Fact]
    public void A_fixed_price_listing_and_a_token_offer_parse_too()
    {
        foreach (var form in new MarketForm[]
        {
            new() { Action = "list", Collection = "pixel-cats", Token = "3", Price = "1", Expiry = "40" },
            new() { Action = "offer", Collection = "pixel-cats", Token = "3", Price = "1", Quantity = "1" },
        })
        {
            var words = ShellWords(MarketActions.Cli(form, Dir).Text);
            var parsed = CliApp.BuildRoot().Parse(words[1..]);
            Assert.True(parsed.Errors.Count == 0, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        }
    }

    /// <summary>POSIX shell words: single quotes, and '\'' for a quote inside them.</summary>
    private static string[] ShellWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool inWord = false, quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted) { if (c == '\'') quoted = false; else current.Append(c); continue; }
            if (c == '\'') { quoted = true; inWord = true; }
            else if (c == '\\' && i + 1 < text.Length) { current.Append(text[++i]); inWord = true; }
            else if (c == ' ') { if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; } }
            else { current.Append(c); inWord = true; }
        }
        Assert.False(quoted, "an unclosed quote");
        if (inWord) words.Add(current.ToString());
        return [.. words];
    }
}
