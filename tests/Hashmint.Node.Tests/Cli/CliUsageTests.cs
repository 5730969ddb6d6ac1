using System.CommandLine;
using Hashmint.Node.Cli;

namespace Hashmint.Node.Tests.Cli;

/// <summary>
/// Command lines refused before any node is asked: bad values, conflicting or ignored options, enum names, missing
/// commands; and the chain-file commands' inputs and outputs. No node runs here.
/// </summary>
public sealed class CliUsageTests
{
    private static Task<CliRun> Run(params string[] args) => HashmintProcess.RunSplitAsync(args);

    /// <summary>Every command of the tree that runs something, with its path from the root.</summary>
    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
    {
        if (command.Action is not null) yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var leaf in Leaves(sub, [.. path, sub.Name])) yield return leaf;
    }

    private static bool TakesText(Symbol s) => s is Option<string> or Option<string?> or Option<string[]> or Argument<string> or Argument<string?>;

    [Fact]
    public void Every_option_and_argument_that_is_not_text_has_a_parser_with_cli_messages()
    {
        var missing = new List<string>();
        foreach (var (path, command) in Leaves(CliApp.BuildRoot(), []))
        {
            foreach (Symbol symbol in command.Options.Cast<Symbol>().Concat(command.Arguments))
            {
                if (TakesText(symbol) || symbol is System.CommandLine.Help.HelpOption or VersionOption) continue;
                if (symbol.GetType().GetProperty("CustomParser")?.GetValue(symbol) is null) missing.Add($"{string.Join(' ', path)} {symbol.Name}");
            }
        }
        Assert.True(missing.Count == 0, "no CLI parser: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_option_and_argument_refuses_a_bad_value_naming_itself_and_no_dotnet_type()
    {
        int checkedCount = 0;
        foreach (var (path, command) in Leaves(CliApp.BuildRoot(), []))
        {
            var symbols = command.Options.Where(o => !TakesText(o) && o is not Option<bool> && o is not System.CommandLine.Help.HelpOption).Cast<Symbol>()
                .Concat(command.Arguments.Where(a => !TakesText(a)));
            foreach (var symbol in symbols)
            {
                string[] args = symbol is Argument ? [.. path, "not-a-value"] : [.. path, symbol.Name, "not-a-value"];
                var parsed = CliApp.BuildRoot().Parse(args);
                Assert.True(parsed.Errors.Count > 0, $"'{string.Join(' ', args)}' parsed");
                string message = CliApp.DescribeParseErrors(parsed);
                string name = symbol is Argument ? $"<{symbol.Name}>" : symbol.Name;
                Assert.True(message.Contains($"{name}: 'not-a-value' is not", StringComparison.Ordinal), $"'{string.Join(' ', args)}': {message}");
                Assert.DoesNotContain("System.", message);
                Assert.DoesNotContain("Cannot parse", message);
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 30, $"only {checkedCount} options checked");
    }

    [Fact]
    public async Task Bad_numbers_say_what_a_number_is_through_the_executable()
    {
        var runs = await Task.WhenAll(
            Run("nft", "show", "--collection", "blocks", "--token", "abc"),
            Run("nft", "show", "--collection", "blocks", "--token", "-1"),
            Run("nft", "show", "--collection", "blocks", "--token", "18446744073709551616"),
            Run("generate", "many"),
            Run("wallet", "send", "--to", "x", "--amount", "1", "--fee", "1.5"),
            Run("node", "--api-port", "http"),
            Run("bench", "hash", "--seconds", "soon"));
        CliAssert.OneLineError(runs[0], CliAssert.Usage, "--token: 'abc' is not a whole number (0..18446744073709551615)");
        CliAssert.OneLineError(runs[1], CliAssert.Usage, "--token: -1 is too small (at least 0)");
        CliAssert.OneLineError(runs[2], CliAssert.Usage, "--token: 18446744073709551616 is too large (at most 18446744073709551615)");
        CliAssert.OneLineError(runs[3], CliAssert.Usage, "<count>: 'many' is not a whole number (1..10000)");
        CliAssert.OneLineError(runs[4], CliAssert.Usage, "--fee: '1.5' is not a whole number");
        CliAssert.OneLineError(runs[5], CliAssert.Usage, "--api-port: 'http' is not a whole number (1..65535)");
        CliAssert.OneLineError(runs[6], CliAssert.Usage, "--seconds: 'soon' is not a number");
        foreach (var run in runs) Assert.Equal("", run.StdOut);
    }

    public static TheoryData<string[], string> Conflicts => new()
    {
        { ["nft", "mint", "--collection", "my-art", "--content-hash", new string('a', 64)], "--content-hash goes with --uri" },
        { ["nft", "mint", "--collection", "my-art", "--uri", "https://x.test/a", "--content-hash", new string('a', 64), "--file", "a.png"], "not both" },
        { ["nft", "mint", "--collection", "my-art", "--uri", "https://x.test/a"], "--uri needs --content-hash or --file" },
        { ["nft", "mint", "--collection", "my-art", "--file", "a.png"], "--file needs --mime" },
        { ["nft", "mint", "--collection", "my-art", "--mime", "image/png"], "--mime goes with --file or --uri" },
        { ["nft", "mint", "--collection", "my-art", "--parcel", "3"], "--parcel: '3' is not X,Y" },
        { ["nft", "mint", "--collection", "my-art", "--attr", "colour"], "--attr: 'colour' is not KEY=VALUE" },
        { ["nft", "mint", "--collection", "my-art", "--content-hash", "zz", "--uri", "u"], "--content-hash: 'zz' is not a SHA-256" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--price", "1"], "--price goes with --mint open only" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--mint", "open"], "--mint open needs --price" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--bits", "1e020000"], "--bits goes with --mint proof-of-work only" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--mint", "open", "--price", "1", "--spacing", "3"], "--spacing goes with --mint proof-of-work only (this collection is minted by 'open')" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--half-life", "9"], "--half-life goes with --mint proof-of-work only" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--land", "8x8"], "--land goes with --kind land only (this collection is 'art')" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--kind", "land"], "--kind land needs --land" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--kind", "land", "--land", "0x8"], "--land: '0x8' is not WIDTHxHEIGHT" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--loot", "loot.json"], "--loot goes with --kind game-item only" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--kind", "game-item"], "--kind game-item needs --loot" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--split", "rm1x:100"], "--split needs --royalty-bps" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--royalty-bps", "5001"], "--royalty-bps: 5001 is too large (at most 5000)" },
        { ["collection", "create", "--id", "My_Art", "--name", "A", "--symbol", "A"], "--id: 'My_Art' is not a collection id" },
        { ["collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--max-supply", "0"], "--max-supply: 0 is too small (at least 1)" },
        { ["nft", "mine", "--collection", "my-art", "--count", "0"], "--count: 0 is too small (at least 1)" },
        { ["nft", "mine", "--collection", "my-art", "--threads", "0"], "--threads: 0 is too small (at least 1)" },
        { ["nft", "mine", "--collection", "my-art", "--engine", "gpu"], "--engine: 'gpu' is not one of auto, avx512, avx512vl, avx2, scalar" },
        { ["mine", "--threads", "0"], "--threads: 0 is too small (at least 1)" },
        { ["mine", "--stop", "--threads", "2"], "--threads means nothing with --stop" },
        { ["bench", "hash", "--threads", "0"], "--threads: 0 is too small (at least 1)" },
        { ["node", "--mine-threads", "0"], "--mine-threads: 0 is too small (at least 1)" },
        { ["node", "--mine-threads", "2"], "--mine-threads goes with --mine" },
        { ["devnet", "--api-port", "70000"], "--api-port: 70000 is too large (at most 65535)" },
        { ["nft", "show", "--collection", "blocks", "--token", "1", "--size", "64"], "--size goes with --image" },
        { ["nft", "show", "--collection", "blocks", "--token", "1", "--image", "a.png", "--size", "8"], "--size: 8 is too small (at least 16)" },
        { ["nft", "list", "--owner", "rm1x", "--collection", "blocks"], "give --owner or --collection, not both" },
        { ["nft", "approve", "--collection", "blocks", "--token", "1"], "--spender ADDRESS, or remove the approval with --clear" },
        { ["nft", "approve", "--collection", "blocks", "--token", "1", "--spender", "rm1x", "--clear"], "give --spender or --clear, not both" },
        { ["nft", "operator", "grant", "--collection", "blocks"], "--address is required" },
        { ["wallet", "create", "--words", "18"], "--words: '18' is not 12 or 24" },
        { ["wallet", "send", "--to", "rm1x", "--amount", "0"], "--amount: '0' is not a positive amount of HMT" },
        { ["status", "--node", "127.0.0.1:29330"], "--node: '127.0.0.1:29330' is not a node URL like http://127.0.0.1:29330" },
        { ["status", "--node", "http://127.0.0.1:1", "--datadir", "d"], "--datadir means nothing here with --node" },
        { ["generate", "1", "--api-token-file", "token"], "--api-token-file goes with --node" },
        { ["status", "--network", "moon"], "--network: 'moon' is not one of main, test, dev, regtest" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public async Task Options_that_conflict_or_mean_nothing_are_refused(string[] args, string why)
    {
        var run = await Run(args);
        CliAssert.OneLineError(run, CliAssert.Usage, why);
        Assert.Contains($"(see 'hashmint ", run.StdErr);
        Assert.Equal("", run.StdOut);
    }

    [Fact]
    public async Task Enum_names_are_kebab_case_in_help_and_errors()
    {
        var help = await Run("collection", "create", "--help");
        CliAssert.Succeeded(help);
        Assert.Contains("--kind <art|collectible|game-item|land>", help.StdOut);
        Assert.Contains("--mint <creator|open|proof-of-work>", help.StdOut);
        Assert.Contains("--transfer <free|market-only>", help.StdOut);
        Assert.Contains("alias pow = proof-of-work", help.StdOut);
        foreach (var csharp in new[] { "GameItem", "ProofOfWork", "MarketOnly", "gameitem", "proofofwork", "marketonly" })
            Assert.DoesNotContain(csharp, help.StdOut);

        var kind = await Run("collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--kind", "gameitem");
        CliAssert.OneLineError(kind, CliAssert.Usage, "--kind: 'gameitem' is not one of art, collectible, game-item or land");
        var mint = await Run("collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--mint", "proofofwork");
        CliAssert.OneLineError(mint, CliAssert.Usage, "--mint: 'proofofwork' is not one of creator, open or proof-of-work (or pow)");
        var blocks = await Run("collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--mint", "blocks");
        CliAssert.OneLineError(blocks, CliAssert.Usage, "--mint: 'blocks' is not one of creator, open or proof-of-work");
        var transfer = await Run("collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--transfer", "MarketOnly");
        CliAssert.OneLineError(transfer, CliAssert.Usage, "--transfer: 'MarketOnly' is not one of free or market-only");

        // The alias and the kebab-case names parse (this one then fails only for want of a node).
        var alias = await Run("collection", "create", "--id", "my-art", "--name", "A", "--symbol", "A", "--mint", "pow", "--kind", "game-item",
            "--loot", "loot.json", "--transfer", "market-only", "--datadir", Path.Combine(Path.GetTempPath(), "hashmint-no-node-" + Guid.NewGuid().ToString("n")));
        CliAssert.OneLineError(alias, CliAssert.Failure, "no running node found");
    }

    [Fact]
    public async Task Missing_commands_and_unknown_options_are_one_line()
    {
        var runs = await Task.WhenAll(Run(), Run("nft"), Run("nft", "operator"), Run("nft", "show", "--collection", "blocks", "--token", "1", "--colour", "red"),
            Run("nft", "show", "--collection", "blocks"), Run("generate"));
        CliAssert.OneLineError(runs[0], CliAssert.Usage, "'hashmint' needs a command: devnet, node, wallet");
        CliAssert.OneLineError(runs[1], CliAssert.Usage, "'hashmint nft' needs a command: mint, mine, transfer, burn, approve, operator, show, list");
        CliAssert.OneLineError(runs[2], CliAssert.Usage, "'hashmint nft operator' needs a command: grant, revoke");
        CliAssert.OneLineError(runs[3], CliAssert.Usage, "unknown command, option or argument '--colour'");
        CliAssert.OneLineError(runs[4], CliAssert.Usage, "--token is required");
        CliAssert.OneLineError(runs[5], CliAssert.Usage, "'hashmint generate' needs <count>");
    }

    [Fact]
    public async Task Import_file_problems_are_one_line_and_create_no_data_directory()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("node");
        Directory.CreateDirectory(tmp.Sub("a-directory"));
        File.WriteAllText(tmp.Sub("not-a-chain"), "hello");
        var runs = await Task.WhenAll(
            Run("import", "--network", "regtest", "--datadir", dir, "--file", tmp.Sub("missing.dat")),
            Run("import", "--network", "regtest", "--datadir", dir, "--file", tmp.Sub("a-directory")),
            Run("import", "--network", "regtest", "--datadir", dir, "--file", CliAssert.UnreadableFile(tmp)));
        CliAssert.OneLineError(runs[0], CliAssert.Failure, "--file", "missing.dat: no such file");
        CliAssert.OneLineError(runs[1], CliAssert.Failure, "a-directory: is a directory, not a file");
        CliAssert.OneLineError(runs[2], CliAssert.Failure, "cannot read it");
        Assert.False(Directory.Exists(dir));

        var junk = await Run("import", "--network", "regtest", "--datadir", dir, "--file", tmp.Sub("not-a-chain"));
        CliAssert.OneLineError(junk, CliAssert.Failure, "not-a-chain: not a regtest chain file");
    }

    [Fact]
    public async Task Export_output_problems_are_one_line_and_leave_existing_files_alone()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("node");
        File.WriteAllBytes(tmp.Sub("empty.dat"), []);
        CliAssert.Succeeded(await Run("import", "--network", "regtest", "--datadir", dir, "--file", tmp.Sub("empty.dat"))); // a database with genesis only
        Directory.CreateDirectory(tmp.Sub("a-directory"));
        File.WriteAllText(tmp.Sub("a-file"), "x");

        var runs = await Task.WhenAll(
            Run("export", "--datadir", dir, "--file", tmp.Sub("a-directory")),
            Run("export", "--datadir", dir, "--file", Path.Combine(tmp.Sub("no-such-dir"), "chain.dat")),
            Run("export", "--datadir", dir, "--file", Path.Combine(tmp.Sub("a-file"), "chain.dat")),
            Run("export", "--datadir", dir, "--file", CliAssert.UnwritablePath(tmp, "chain.dat")),
            Run("export", "--datadir", tmp.Sub("no-database"), "--file", tmp.Sub("out.dat")));
        CliAssert.OneLineError(runs[0], CliAssert.Failure, "a-directory: is a directory; give a file path inside it");
        CliAssert.OneLineError(runs[1], CliAssert.Failure, "no-such-dir does not exist");
        CliAssert.OneLineError(runs[2], CliAssert.Failure, "a-file is a file, not a directory");
        CliAssert.OneLineError(runs[3], CliAssert.Failure, "chain.dat: permission denied (cannot write there)");
        CliAssert.OneLineError(runs[4], CliAssert.Failure, "no chain database in");
        Assert.False(File.Exists(tmp.Sub("out.dat")));

        File.WriteAllText(tmp.Sub("chain.dat"), "keep me");
        var ok = await Run("export", "--datadir", dir, "--file", tmp.Sub("chain.dat"));
        CliAssert.Succeeded(ok);
        Assert.Contains("exported 0 blocks", ok.StdOut);
        Assert.Empty(File.ReadAllBytes(tmp.Sub("chain.dat")));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.partial"));
    }

    [Fact]
    public async Task Verbose_adds_the_exception_and_is_otherwise_silent()
    {
        using var tmp = new TempDir();
        var quiet = await Run("import", "--network", "regtest", "--datadir", tmp.Sub("node"), "--file", tmp.Sub("missing.dat"));
        CliAssert.OneLineError(quiet, CliAssert.Failure, "no such file");
        var verbose = await Run("import", "--network", "regtest", "--datadir", tmp.Sub("node"), "--file", tmp.Sub("missing.dat"), "--verbose");
        Assert.Equal(CliAssert.Failure, verbose.ExitCode);
        Assert.StartsWith("error: --file", verbose.StdErr);
        Assert.Contains("   at ", verbose.StdErr); // the full exception, for a bug report
    }
}
