using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Node.Hosting;
using Hashmint.Storage;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Cli;

/// <summary>
/// Runs a node in the foreground until Ctrl-C or SIGTERM (the host's own lifetime): checks the options, opens the
/// database, starts the host (API, miner, devnet demo, status line), and on the way out stops the hosted services
/// and closes the database cleanly. Every failure to start is one line (CliException).
/// </summary>
public static class NodeRunner
{
    public static async Task<int> RunAsync(NodeOptions options, DevnetKey? devnetKey, bool verbose)
    {
        var problems = new NodeOptionsValidator().Validate(null, options);
        if (problems.Failed) throw new CliException(string.Join("; ", problems.Failures!));
        var network = options.Chain;
        var dir = new DataDirectory(options.DataDirectory);
        dir.Create();
        dir.BindNetwork(network.Name);
        var token = dir.EnsureToken();
        var payTo = ResolvePayout(options, dir);
        if (options.Mine && payTo.IsNone) throw new CliException("mining needs a payout address: create a wallet ('hashmint wallet create') or pass --payout");

        RocksDbKeyValueStore store;
        try { store = RocksDbKeyValueStore.Open(dir.DatabasePath, new RocksDbStoreOptions { BlockCacheBytes = options.RocksDbCacheBytes }, [.. LedgerColumns.All, Hashmint.Pool.Payouts.PoolColumns.Pool, Explorer.ExplorerKeys.Family]); }
        catch (DataDirectoryInUseException) { throw new CliException($"data directory {dir.Path} is in use by another hashmint process"); }
        catch (StorageException e) { throw new CliException(e.Message); }

        uint height = 0;
        try
        {
            await using var app = NodeHost.Build(new NodeStartup(options, store, new MinerIdentity(payTo), token, devnetKey, verbose));
            var ledger = app.Services.GetRequiredService<LedgerFacade>();
            try { await app.StartAsync(); }
            catch (IOException e) { throw new CliException($"cannot listen on {options.ApiUrl()}: {(e.InnerException ?? e).Message} (is another node using the port? pass --api-port)"); }
            catch (System.Net.Sockets.SocketException e) when (options.PoolPort != 0)
            {
                throw new CliException($"cannot run the Stratum pool on port {options.PoolPort}: {e.Message} (is another pool using the port? pass --pool-port)");
            }
            catch (OptionsValidationException e) { throw new CliException(string.Join("; ", e.Failures)); }

            string url = options.ApiUrl();
            dir.WriteNodeInfo(new NodeInfo(network.Name, url, Environment.ProcessId));
            var tip = ledger.Tip;
            Console.WriteLine($"hashmint {network.Name} node: height {tip.Height}, tip {tip.Hash}");
            Console.WriteLine($"explorer  {url}/   (gallery: {url}/collections, mining: {url}/mining)");
            Console.WriteLine($"market    {url}/market   (to act from the pages, unlock with the token in {dir.TokenPath})");
            Console.WriteLine($"API       {url}/api/v1/status   (OpenAPI: {url}/openapi/v1.json, metrics: {url}/metrics)");
            Console.WriteLine($"data      {dir.Path}");
            if (!payTo.IsNone) Console.WriteLine($"payout    {payTo.ToAddress(network.AddressPrefix)}");
            if (options.Mine) Console.WriteLine($"mining    {options.MineThreads} thread(s), engine {app.Services.GetRequiredService<BlockMiner>().EngineName}");
            if (options.PoolPort != 0)
            {
                var pool = app.Services.GetRequiredService<Hashmint.Pool.Server.StratumServer>();
                string host = pool.Options.Host is "0.0.0.0" or "::" ? "127.0.0.1" : pool.Options.Host;
                string user = payTo.IsNone ? "ADDRESS" : payTo.ToAddress(network.AddressPrefix);
                Console.WriteLine($"pool      stratum+tcp://{host}:{pool.Port}  (username ADDRESS.WORKER, password x; NFTs: password nft=COLLECTION)");
                Console.WriteLine($"miner     {PoolCommandLine(host, pool.Port, user)}");
            }
            if (devnetKey is not null)
                Console.WriteLine($"NFTs      {url}/api/v1/collections/{DevnetDemoService.CollectionId}/tokens  (block NFTs: {url}/api/v1/collections/blocks/tokens)");

            app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("stopping: miner, API, database..."));
            await app.WaitForShutdownAsync(); // returns once Ctrl-C or SIGTERM has stopped every hosted service
            height = ledger.Tip.Height;
        }
        finally
        {
            dir.DeleteNodeInfo();
            store.Dispose();
        }
        Console.WriteLine($"stopped cleanly at height {height}");
        return 0;
    }

    /// <summary>The exact command line for pooler's cpuminer (minerd) against this pool.</summary>
    public static string PoolCommandLine(string host, int port, string address) =>
        $"minerd -a sha256d -o stratum+tcp://{host}:{port} -u {address}.worker -p x";

    private static AccountId ResolvePayout(NodeOptions options, DataDirectory dir)
    {
        string? address = options.PayoutAddress ?? dir.ReadWalletAddress();
        if (address is null) return AccountId.None;
        if (!AccountId.TryParse(address, options.Chain.AddressPrefix, out var id, out var error))
            throw new CliException($"payout address: {error}");
        return id;
    }
}
