using System.CommandLine;
using Hashmint.Core.Consensus;
using Hashmint.Node.Hosting;
using Hashmint.Wallet;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint devnet` (the one-command demo) and `hashmint node`.</summary>
public static class NodeCommands
{
    public static Command Devnet()
    {
        var dataDir = CliOptions.DataDir();
        var apiPort = new Option<int>("--api-port") { Description = "API port (default 29330)" };
        var threads = new Option<int>("--mine-threads") { Description = "Mining threads", DefaultValueFactory = _ => 1 };
        var allowedHosts = AllowedHostsOption();
        var poolPort = new Option<int?>("--pool-port") { Description = "Stratum pool port (default 29332; 0: no pool)" };
        var cmd = new Command("devnet", "Run a local dev chain: creates a data directory and a dev wallet, mines, runs a Stratum pool, serves the API") { dataDir, apiPort, threads, allowedHosts, poolPort };
        cmd.SetAction(async (result, _) =>
        {
            var p = ChainParams.Dev;
            string dir = CliOptions.ResolveDataDir(result.GetValue(dataDir), p.Name);
            var wallet = EnsureDevWallet(new DataDirectory(dir), p);
            return await NodeRunner.RunAsync(new NodeOptions
            {
                Network = p.Name, DataDirectory = dir, ApiPort = result.GetValue(apiPort), Mine = true, MineThreads = result.GetValue(threads),
                StatusLine = true, AllowedHosts = result.GetValue(allowedHosts) ?? [], PoolPort = result.GetValue(poolPort) ?? p.DefaultStratumPort,
            }, new DevnetKey(wallet.GetSecretKey(0)), verbose: result.GetValue<bool>("--verbose"));
        });
        return cmd;
    }

    /// <summary>
    /// The devnet's wallet is a throwaway: its passphrase is HASHMINT_PASSPHRASE when set, else "devnet" (printed),
    /// so the demo needs no typing. Real networks never do this: `wallet create` asks.
    /// </summary>
    private static HdWallet EnsureDevWallet(DataDirectory dir, ChainParams p)
    {
        dir.Create();
        string passphrase = Environment.GetEnvironmentVariable(PassphraseSource.EnvironmentVariable) is { Length: > 0 } given ? given : "devnet";
        if (File.Exists(dir.WalletPath)) return Keystore.Load(dir.WalletPath, passphrase);
        var wallet = HdWallet.Create();
        Keystore.Save(dir.WalletPath, wallet, passphrase);
        dir.WriteWalletAddress(wallet.GetAddress(0, p.AddressPrefix));
        Console.WriteLine($"created dev wallet {dir.WalletPath} (passphrase: {(passphrase == "devnet" ? "\"devnet\"" : "from HASHMINT_PASSPHRASE")})");
        return wallet;
    }

    public static Command Node()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var apiPort = new Option<int>("--api-port") { Description = "API port (default: the network's)" };
        var mine = new Option<bool>("--mine") { Description = "Mine blocks with the built-in miner" };
        var threads = new Option<int>("--mine-threads") { Description = "Mining threads", DefaultValueFactory = _ => 1 };
        var payout = new Option<string?>("--payout") { Description = "Address the miner pays (default: the data directory's wallet)" };
        var engine = new Option<string>("--engine") { Description = "Hash engine: auto, avx512, avx512vl, avx2, scalar", DefaultValueFactory = _ => "auto" };
        var quiet = new Option<bool>("--quiet") { Description = "No periodic status line" };
        var allowedHosts = AllowedHostsOption();
        var poolPort = new Option<int>("--pool-port") { Description = "Run the Stratum mining pool on this port (stock miners connect here; default: no pool)" };
        var cmd = new Command("node", "Run a node") { dataDir, network, apiPort, mine, threads, payout, engine, quiet, allowedHosts, poolPort };
        cmd.SetAction(async (result, _) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            return await NodeRunner.RunAsync(new NodeOptions
            {
                Network = p.Name, DataDirectory = dir.Path, ApiPort = result.GetValue(apiPort), Mine = result.GetValue(mine),
                MineThreads = result.GetValue(threads), PayoutAddress = result.GetValue(payout), MiningEngine = result.GetValue(engine)!,
                StatusLine = !result.GetValue(quiet), AllowedHosts = result.GetValue(allowedHosts) ?? [], PoolPort = result.GetValue(poolPort),
            }, devnetKey: null, verbose: result.GetValue<bool>("--verbose"));
        });
        return cmd;
    }

    private static Option<string[]> AllowedHostsOption() => new("--allowed-host")
    {
        Description = "Another host name the API answers to (repeat); requests for any other Host are refused, against DNS rebinding",
        AllowMultipleArgumentsPerToken = true,
    };
}
