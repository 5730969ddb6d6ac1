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
        var nodes = new Option<int>("--nodes")
        {
            Description = "Run a local network of N nodes (1..16): node 0 mines and runs the demo, the others sync and relay over the peer-to-peer protocol",
            DefaultValueFactory = _ => 1,
        };
        var cmd = new Command("devnet", "Run a local dev chain: creates a data directory and a dev wallet, mines, runs a Stratum pool, serves the API") { dataDir, apiPort, threads, allowedHosts, poolPort, nodes };
        cmd.SetAction(async (result, _) =>
        {
            var p = ChainParams.Dev;
            string dir = CliOptions.ResolveDataDir(result.GetValue(dataDir), p.Name);
            var wallet = EnsureDevWallet(new DataDirectory(dir), p);
            int count = result.GetValue(nodes);
            var first = new NodeOptions
            {
                Network = p.Name, DataDirectory = dir, ApiPort = result.GetValue(apiPort), Mine = true, MineThreads = result.GetValue(threads),
                StatusLine = true, AllowedHosts = result.GetValue(allowedHosts) ?? [], PoolPort = result.GetValue(poolPort) ?? p.DefaultStratumPort,
            };
            var key = new DevnetKey(wallet.GetSecretKey(0));
            if (count == 1) return await NodeRunner.RunAsync(first, key, verbose: result.GetValue<bool>("--verbose"));
            return await RunLocalNetworkAsync(first, key, count);
        });
        return cmd;
    }

    /// <summary>
    /// `devnet --nodes N`: N nodes in this process, node i on 127.0.0.(i+1), P2P port = the dev port + i, API port + 10·i,
    /// data directory &lt;datadir&gt;/nodes/node-i (node 0: the devnet's own); each node after the first dials node 0 and
    /// the one before it. Node 0 mines and runs the demo. Ctrl-C stops them all; one that fails to start stops the run.
    /// </summary>
    private static async Task<int> RunLocalNetworkAsync(NodeOptions first, DevnetKey key, int count)
    {
        var p = first.Chain;
        int apiBase = first.EffectiveApiPort;
        string P2p(int i) => $"127.0.0.{i + 1}:{p.DefaultP2pPort + i}";
        first.Listen = P2p(0);
        var runs = new List<Task<int>> { NodeRunner.RunAsync(first, key, verbose: false) };
        for (int i = 1; i < count; i++)
        {
            var o = new NodeOptions
            {
                Network = p.Name, DataDirectory = Path.Combine(first.DataDirectory, "nodes", $"node-{i}"), ApiPort = apiBase + 10 * i,
                AllowedHosts = first.AllowedHosts, Listen = P2p(i), Peers = i == 1 ? [P2p(0)] : [P2p(0), P2p(i - 1)],
            };
            runs.Add(NodeRunner.RunAsync(o, null, verbose: false));
        }
        var done = await Task.WhenAny(runs);
        if (done.IsFaulted) await done; // a node that could not start: report it (the process ends, and the others with it)
        var codes = await Task.WhenAll(runs);
        return codes.Max();
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
        var listen = new Option<string?>("--listen") { Description = "Accept peer-to-peer connections on PORT (every interface) or HOST:PORT" };
        var peers = new Option<string[]>("--peer") { Description = "A peer to keep connected, HOST:PORT (repeat)", AllowMultipleArgumentsPerToken = true };
        var maxOut = new Option<int>("--max-outbound") { Description = "Outbound peer connections (default 8)", DefaultValueFactory = _ => 8 };
        var maxIn = new Option<int>("--max-inbound") { Description = "Inbound peer connections (default 117)", DefaultValueFactory = _ => 117 };
        var apiHost = new Option<string>("--api-host") { Description = "Address the API listens on (default 127.0.0.1)", DefaultValueFactory = _ => "127.0.0.1" };
        var snapshotSync = new Option<bool>("--snapshot-sync") { Description = "A fresh node downloads the proven state at a recent block from its peers and runs from it instead of replaying every block" };
        var snapshotDepth = new Option<int?>("--snapshot-depth") { Description = "Snapshot sync: take the newest snapshot height (every 1,000 blocks on main/test, 100 on dev/regtest) at least this many blocks below the best header (default 100 on main/test, 6 on dev, 2 on regtest; below twice the interval); a shorter chain's tip" };
        var cmd = new Command("node", "Run a node") { dataDir, network, apiPort, mine, threads, payout, engine, quiet, allowedHosts, listen, peers, maxOut, maxIn, apiHost, poolPort, snapshotSync, snapshotDepth };
        cmd.Check(r =>
        {
            if (r.Value(snapshotDepth) is < 0) r.AddError("--snapshot-depth cannot be negative");
            if (r.Value(listen) is { } l && !Hashmint.Network.EndPoints.TryParse(l, portAlone: true, out _, out var listenError)) r.AddError($"--listen: {listenError}");
            foreach (var p in r.Value(peers) ?? [])
                if (!Hashmint.Network.EndPoints.TryParse(p, portAlone: false, out _, out var peerError)) r.AddError($"--peer: {peerError}");
        });
        cmd.SetAction(async (result, _) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            return await NodeRunner.RunAsync(new NodeOptions
            {
                Network = p.Name, DataDirectory = dir.Path, ApiPort = result.GetValue(apiPort), Mine = result.GetValue(mine),
                MineThreads = result.GetValue(threads), PayoutAddress = result.GetValue(payout), MiningEngine = result.GetValue(engine)!,
                StatusLine = !result.GetValue(quiet), AllowedHosts = result.GetValue(allowedHosts) ?? [], PoolPort = result.GetValue(poolPort),
                Listen = result.GetValue(listen), Peers = result.GetValue(peers) ?? [], ApiHost = result.GetValue(apiHost)!,
                MaxOutboundPeers = result.GetValue(maxOut), MaxInboundPeers = result.GetValue(maxIn),
                SnapshotSync = result.GetValue(snapshotSync), SnapshotDepth = result.GetValue(snapshotDepth),
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
