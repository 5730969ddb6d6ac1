using System.CommandLine;
using Hashmint.Core.Consensus;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>Options shared by several commands, and how they resolve.</summary>
public static class CliOptions
{
    public const string DefaultDevnetDir = ".hashmint-devnet";

    /// <summary>Where a command looks for the admin token when it reaches a node with --node and no --api-token-file.</summary>
    public const string ApiTokenVariable = "HASHMINT_API_TOKEN";

    private static readonly string NetworkNames = string.Join(", ", ChainParams.All.Select(p => p.Name));

    public static Option<string?> DataDir()
    {
        var option = new Option<string?>("--datadir") { Description = "Data directory (database, API token, wallet)" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && File.Exists(path)) r.AddError($"--datadir {path}: is a file, not a directory");
        });
        return option;
    }

    public static Option<string?> Network()
    {
        var option = new Option<string?>("--network") { Description = "Network (default: the data directory's, else dev)", HelpName = string.Join('|', ChainParams.All.Select(p => p.Name)) };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } name && !ChainParams.All.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                r.AddError($"--network: '{name}' is not one of {NetworkNames}");
        });
        return option;
    }

    /// <summary>--node URL: a node's API base URL, e.g. http://127.0.0.1:29330 (a trailing /api/v1 is dropped).</summary>
    public static Option<string?> NodeUrl()
    {
        var option = new Option<string?>("--node")
        {
            Description = "URL of the node to talk to, e.g. http://127.0.0.1:29330 (default: the node running in the data directory, from its node.json)",
            HelpName = "url",
        };
        option.CustomParser = r =>
        {
            if (r.Tokens.Count != 1) { r.AddError("--node needs one URL"); return null; }
            string text = r.Tokens[0].Value.Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                r.AddError($"--node: '{text}' is not a node URL like http://127.0.0.1:29330");
                return null;
            }
            string path = uri.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/api/v1", StringComparison.Ordinal)) path = path[..^"/api/v1".Length];
            return uri.GetLeftPart(UriPartial.Authority) + path;
        };
        return option;
    }

    public static Option<string?> ApiTokenFile() => new("--api-token-file")
    {
        Description = $"With --node: file holding that node's admin token (its <datadir>/api-token); else the {ApiTokenVariable} environment variable is used",
        HelpName = "path",
    };

    public static string ResolveDataDir(string? given, string network) =>
        given ?? (network == "dev" ? DefaultDevnetDir : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hashmint", network));

    /// <summary>The network and data directory a command works on, from its --network and --datadir options.</summary>
    public static (ChainParams Network, DataDirectory Dir) Resolve(System.CommandLine.ParseResult result, Option<string?> dataDir, Option<string?> network)
    {
        var p = ResolveNetwork(result.GetValue(network), result.GetValue(dataDir));
        return (p, new DataDirectory(ResolveDataDir(result.GetValue(dataDir), p.Name)));
    }

    /// <summary>The network named on the command line, else the one the data directory was created for, else dev.</summary>
    public static ChainParams ResolveNetwork(string? network, string? dataDir)
    {
        if (network is not null) return ChainParams.ByName(network);
        if (dataDir is not null && new DataDirectory(dataDir).ReadNetwork() is { } bound) return ChainParams.ByName(bound);
        return ChainParams.Dev;
    }

    /// <summary>True when the option was written on the command line (not just defaulted).</summary>
    public static bool Given(this System.CommandLine.Parsing.CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    public static bool Given(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>
    /// Adds a check of how the command's options go together. It runs only when every value given parsed: System.CommandLine
    /// reports a command's errors instead of its values' errors, and "--token: 'x' is not a whole number" comes first.
    /// </summary>
    public static void Check(this Command command, Action<System.CommandLine.Parsing.CommandResult> check) => command.Validators.Add(r =>
    {
        foreach (var option in r.Children.OfType<System.CommandLine.Parsing.OptionResult>())
        {
            try { option.GetValueOrDefault<object?>(); }
            catch (InvalidOperationException) { return; }
        }
        check(r);
    });

    /// <summary>
    /// An option's value inside a command validator, or the default when the value itself did not parse (System.CommandLine
    /// throws then; that error is already reported on its own, and the validator has nothing to add).
    /// </summary>
    public static T? Value<T>(this System.CommandLine.Parsing.CommandResult result, Option<T> option)
    {
        try { return result.GetValue(option); }
        catch (InvalidOperationException) { return default; }
    }
}
