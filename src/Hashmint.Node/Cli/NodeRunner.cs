using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Node.Hosting;
using Hashmint.Storage;

namespace Hashmint.Node.Cli;

/// <summary>
/// Runs a node in the foreground until cancelled (Ctrl-C or SIGTERM): opens the database, serves the API,
/// mines if asked, shows a status line, and on the way out stops the miner and closes the database cleanly.
/// </summary>
public static class NodeRunner
{
    public static async Task<int> RunAsync(NodeOptions options, CancellationToken stop, bool statusLine)
    {
        options.Validate();
        var dir = new DataDirectory(options.DataDirectory);
        dir.Create();
        dir.BindNetwork(options.Network.Name);
        var token = dir.EnsureToken();
        var payTo = ResolvePayout(options, dir);

        RocksDbKeyValueStore store;
        try { store = RocksDbKeyValueStore.Open(dir.DatabasePath, new RocksDbStoreOptions { BlockCacheBytes = options.RocksDbCacheBytes }, LedgerColumns.All); }
        catch (DataDirectoryInUseException) { throw new CliException($"data directory {dir.Path} is in use by another hashmint process"); }

        using var node = new NodeService(options, store, payTo);
        await using var app = NodeHost.Build(node, token);
        try { await app.StartAsync(stop); }
        catch (IOException e) { throw new CliException($"cannot listen on {options.ApiHost}:{options.EffectiveApiPort}: {e.Message}"); }

        string url = $"http://{options.ApiHost}:{options.EffectiveApiPort}";
        dir.WriteNodeInfo(new NodeInfo(options.Network.Name, url, Environment.ProcessId));
        Console.WriteLine($"hashmint {options.Network.Name} node: height {node.Chain.Tip.Height}, tip {node.Chain.Tip.Hash}");
        Console.WriteLine($"gallery   {url}/");
        Console.WriteLine($"API       {url}/api/v1/status   (OpenAPI: {url}/openapi/v1.json, metrics: {url}/metrics)");
        Console.WriteLine($"data      {dir.Path}");
        if (!payTo.IsNone) Console.WriteLine($"payout    {payTo.ToAddress(options.Network.AddressPrefix)}");
        if (options.Mine)
        {
            if (payTo.IsNone) throw new CliException("mining needs a payout address: create a wallet ('hashmint wallet create') or pass --payout");
            node.Miner.Start(options.MineThreads);
            Console.WriteLine($"mining    {options.MineThreads} thread(s), engine {node.Miner.EngineName}");
        }

        using var demo = options.DemoKey is null ? null : new DevnetDemo(node, new LocalSigner(node, options.DemoKey), options.MiningEngine);
        demo?.Start();
        if (demo is not null) Console.WriteLine($"NFTs      {url}/api/v1/collections/{DevnetDemo.CollectionId}/tokens  (block NFTs: {url}/api/v1/collections/blocks/tokens)");

        try { await ShowStatusUntilStopped(node, url, stop, statusLine); }
        finally
        {
            demo?.Dispose();
            if (statusLine && !Console.IsOutputRedirected) Console.WriteLine();
            Console.WriteLine("stopping: miner, API, database...");
            node.Miner.Stop();
            await app.StopAsync(CancellationToken.None);
            dir.DeleteNodeInfo();
            Console.WriteLine($"stopped cleanly at height {node.Chain.Tip.Height}");
        }
        return 0;
    }

    private static AccountId ResolvePayout(NodeOptions options, DataDirectory dir)
    {
        string? address = options.PayoutAddress ?? dir.ReadWalletAddress();
        if (address is null) return AccountId.None;
        if (!AccountId.TryParse(address, options.Network.AddressPrefix, out var id, out var error))
            throw new CliException($"payout address: {error}");
        return id;
    }

    private static async Task ShowStatusUntilStopped(NodeService node, string url, CancellationToken stop, bool statusLine)
    {
        bool interactive = !Console.IsOutputRedirected;
        var interval = TimeSpan.FromSeconds(interactive ? 1 : 10);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, stop);
                if (!statusLine) continue;
                var tip = node.Chain.Tip;
                string line = $"height {tip.Height} | {FormatRate(node.Miner.HashesPerSecond)} | blocks found {node.Miner.BlocksFound} | mempool {node.Mempool.Count} tx | difficulty {Core.Consensus.CompactTarget.Difficulty(tip.Header.Bits):0.####} | {url}";
                if (interactive) Console.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 120, 160)));
                else Console.WriteLine(line);
            }
        }
        catch (OperationCanceledException) { /* stop requested */ }
    }

    public static string FormatRate(double hashesPerSecond) => hashesPerSecond switch
    {
        >= 1e9 => $"{hashesPerSecond / 1e9:0.00} GH/s",
        >= 1e6 => $"{hashesPerSecond / 1e6:0.00} MH/s",
        >= 1e3 => $"{hashesPerSecond / 1e3:0.00} kH/s",
        _ => $"{hashesPerSecond:0} H/s",
    };
}
