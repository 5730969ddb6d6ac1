using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Hashmint.Core.Encoding;
using Hashmint.Ledger;
using Hashmint.Wallet;

namespace Hashmint.Node.Cli;

/// <summary>
/// The command tree and the one place failures are reported. Every failure is one line on stderr,
/// <c>error: what was wrong[; what to do]</c>, and a non-zero exit code: <see cref="ExitUsage"/> for a command line that
/// cannot mean anything (parse errors, conflicting or ignored options), <see cref="ExitFailure"/> for everything that
/// went wrong while running. <c>--verbose</c> adds the full exception after the line.
/// </summary>
public static class CliApp
{
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public static RootCommand BuildRoot() => BuildRoot(out _);

    private static RootCommand BuildRoot(out Option<bool> verbose)
    {
        var root = new RootCommand("Hashmint: a proof-of-work chain whose native assets are a coin and NFTs");
        verbose = new Option<bool>("--verbose") { Description = "On failure, also print the full exception (for bug reports)", Recursive = true };
        root.Options.Add(verbose);
        root.Subcommands.Add(NodeCommands.Devnet());
        root.Subcommands.Add(NodeCommands.Node());
        root.Subcommands.Add(WalletCommands.Build());
        root.Subcommands.Add(CollectionCommands.Build());
        root.Subcommands.Add(NftCommands.Build());
        root.Subcommands.Add(MarketCommands.Build());
        root.Subcommands.Add(ExhibitionCommands.Build());
        root.Subcommands.Add(ControlCommands.Status());
        root.Subcommands.Add(PeerCommands.Build());
        root.Subcommands.Add(ControlCommands.Mine());
        root.Subcommands.Add(ControlCommands.Generate());
        root.Subcommands.Add(ChainFileCommands.Export());
        root.Subcommands.Add(ChainFileCommands.Import());
        root.Subcommands.Add(ChainFileCommands.VerifyState());
        root.Subcommands.Add(BenchCommands.Build());
        GiveNodeOptionsRanges(root);
        CliValues.ParseEveryValue(root);
        return root;
    }

    /// <summary>
    /// `devnet` and `node` (NodeCommands, being rewritten with the host) declare their numbers without ranges; refuse at
    /// parse time what NodeOptions.Validate would refuse later, and `node --mine-threads` without `--mine`, which
    /// nothing reads. Belongs in NodeCommands once that rewrite lands.
    /// </summary>
    private static void GiveNodeOptionsRanges(RootCommand root)
    {
        foreach (var command in root.Subcommands.Where(c => c.Name is "devnet" or "node"))
        {
            foreach (var option in command.Options.OfType<Option<int>>())
                switch (option.Name)
                {
                    case "--api-port": option.Range(1, 65535); break;
                    case "--mine-threads": option.Range(1, 1024); break;
                    case "--max-outbound" or "--max-inbound": option.Range(0, 1000); break;
                    case "--nodes": option.Range(1, 16); break;
                }
            if (command.Name == "node"
                && command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--mine") is { } mine
                && command.Options.FirstOrDefault(o => o.Name == "--mine-threads") is { } threads)
                command.Check(r =>
                {
                    if (r.Given(threads) && !r.Value(mine)) r.AddError("--mine-threads goes with --mine (without it the node does not mine; 'hashmint mine --threads N' starts it later)");
                });
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        try
        {
            var root = BuildRoot(out var verboseOption);
            var parsed = root.Parse(args);
            verbose = parsed.GetValue(verboseOption);
            if (parsed.Action is ParseErrorAction || (parsed.Errors.Count > 0 && parsed.Action is not HelpAction))
            {
                Console.Error.WriteLine($"error: {DescribeParseErrors(parsed)}");
                return ExitUsage;
            }
            // Signals belong to the node host (its console lifetime stops the hosted services in order): no fixed grace period here.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {Describe(e)}{(verbose || IsExpected(e) ? "" : " (rerun with --verbose for the details, and report it)")}");
            if (verbose) Console.Error.WriteLine(e.ToString());
            return e is UsageException ? ExitUsage : ExitFailure;
        }
    }

    /// <summary>One line for every parse error of the command line, and where to read how the command is used.</summary>
    public static string DescribeParseErrors(ParseResult parsed)
    {
        var messages = parsed.Errors.Select(e => Rewrite(e, parsed.CommandResult)).Distinct().ToList();
        string command = string.Join(' ', CommandPath(parsed.CommandResult));
        return $"{string.Join("; ", messages)} (see '{command} --help')";
    }

    private static string Rewrite(ParseError error, CommandResult innermost)
    {
        switch (error.SymbolResult)
        {
            case CommandResult { Command: var c } when c.Subcommands.Count > 0 && c.Action is null && error.Message.StartsWith("Required command", StringComparison.Ordinal):
                return $"'{string.Join(' ', CommandPath((CommandResult)error.SymbolResult))}' needs a command: {string.Join(", ", c.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))}";
            case OptionResult { Option: var o } when error.Message.EndsWith("is required.", StringComparison.Ordinal):
                return $"{o.Name} is required";
        }
        const string unrecognized = "Unrecognized command or argument '";
        if (error.Message.StartsWith(unrecognized, StringComparison.Ordinal))
            return $"unknown command, option or argument '{error.Message[unrecognized.Length..].TrimEnd('.', '\'')}'";
        const string missingArgument = "Required argument missing for command: '";
        if (error.Message.StartsWith(missingArgument, StringComparison.Ordinal))
        {
            var cr = error.SymbolResult as CommandResult ?? error.SymbolResult?.Parent as CommandResult ?? innermost;
            return $"'{string.Join(' ', CommandPath(cr))}' needs {string.Join(" ", cr.Command.Arguments.Select(a => $"<{a.Name}>"))}";
        }
        return error.Message.TrimEnd('.');
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult)
            names.Push(r.Command is RootCommand ? "hashmint" : r.Command.Name);
        return names;
    }

    /// <summary>Failures the CLI foresees, whose message is the whole story; anything else is a bug worth the details.</summary>
    private static bool IsExpected(Exception e) => e is CliException or WrongPassphraseException or KeystoreFormatException or PassphraseUnavailableException
        or InvalidMnemonicException or RejectedException or DecodeException or ArgumentException or IOException or UnauthorizedAccessException
        or OperationCanceledException or PlatformNotSupportedException or InvalidOperationException;

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "cancelled",
        DecodeException d => $"malformed data: {d.Message}",
        UnauthorizedAccessException u => $"permission denied: {u.Message}",
        _ when e.Message.Length > 0 => e.Message,
        _ => "unexpected failure",
    };
}
