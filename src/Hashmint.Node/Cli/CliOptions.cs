using System.CommandLine;
using Hashmint.Core.Consensus;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>Options shared by several commands, and how they resolve.</summary>
public static class CliOptions
{
    public const string DefaultDevnetDir = ".hashmint-devnet";

    public static Option<string?> DataDir() => new("--datadir") { Description = "Data directory (database, API token, wallet)" };

    public static Option<string?> Network() => new("--network") { Description = "main, test, dev or regtest (default: the data directory's, else dev)" };

    public static string ResolveDataDir(string? given, string network) =>
        given ?? (network == "dev" ? DefaultDevnetDir : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".hashmint", network));

    /// <summary>The network named on the command line, else the one the data directory was created for, else dev.</summary>
    /// <summary>The network and data directory a command works on, from its --network and --datadir options.</summary>
    public static (ChainParams Network, DataDirectory Dir) Resolve(System.CommandLine.ParseResult result, Option<string?> dataDir, Option<string?> network)
    {
        var p = ResolveNetwork(result.GetValue(network), result.GetValue(dataDir));
        return (p, new DataDirectory(ResolveDataDir(result.GetValue(dataDir), p.Name)));
    }

    public static ChainParams ResolveNetwork(string? network, string? dataDir)
    {
        if (network is not null) return ChainParams.ByName(network);
        if (dataDir is not null && new DataDirectory(dataDir).ReadNetwork() is { } bound) return ChainParams.ByName(bound);
        return ChainParams.Dev;
    }
}
