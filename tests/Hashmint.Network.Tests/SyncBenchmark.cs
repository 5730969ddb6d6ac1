using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Synthetic;
using Hashmint.Network.Tests.Support;
using Hashmint.Storage;
using Xunit.Abstractions;

namespace Hashmint.Network.Tests;

/// <summary>
/// Sync of a long chain over the wire, from one peer and from three, against importing the same blocks (what
/// `hashmint import` does: decode each block, SubmitBlock, into a fresh RocksDB database). Long: scripts/bench-network.
/// HASHMINT_SYNC_BLOCKS (default 20,000) and HASHMINT_SYNC_TRANSFERS (transfers per block, default 2) size the chain.
/// </summary>
[Trait("Category", "LongNetwork")]
public sealed class SyncBenchmark(ITestOutputHelper output)
{
    private static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    /// <summary>The machine is shared: each number is printed with the load averages (1, 5, 15 min) when it was taken.</summary>
    internal static string Load() => File.Exists("/proc/loadavg") ? "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load ?";

    [Fact]
    public async Task Sync_from_one_and_three_peers_against_import()
    {
        int blocks = Env("HASHMINT_SYNC_BLOCKS", 20_000), transfers = Env("HASHMINT_SYNC_TRANSFERS", 2);
        var sw = Stopwatch.StartNew();
        var synthetic = new SyntheticChain(ChainParams.Regtest);
        synthetic.FundSenders(Math.Max(1, transfers));
        while (synthetic.Ledger.Tip.Height < blocks) synthetic.AddTransferBlock(transfers);
        var encoded = synthetic.Blocks.Select(b => b.Encode()).ToList();
        long txs = synthetic.Blocks.Sum(b => b.Transactions.Count);
        output.WriteLine($"chain: {encoded.Count} blocks, {txs} transfers, {encoded.Sum(e => (long)e.Length) / 1024} KiB (built in {sw.Elapsed.TotalSeconds:0.0} s)");

        Import(encoded.Take(Math.Min(1000, encoded.Count)).ToList()); // warm-up: tiered JIT, so the first timing is not of cold code
        double import = Import(encoded);
        output.WriteLine($"import (decode + SubmitBlock, RocksDB): {import:0.00} s, {encoded.Count / import:0} blocks/s ({Load()})");

        // Three serving nodes hold the chain (in memory; their set-up is not timed).
        var servers = new List<TestNode>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var server = await TestNode.StartAsync();
                foreach (var b in synthetic.Blocks) server.Ledger.SubmitBlock(b);
                servers.Add(server);
            }
            double one = await SyncAsync(servers.Take(1).ToList(), blocks);
            output.WriteLine($"sync from 1 peer: {one:0.00} s, {encoded.Count / one:0} blocks/s, ratio to import {import / one:0.00} ({Load()})");
            double three = await SyncAsync(servers, blocks);
            output.WriteLine($"sync from 3 peers: {three:0.00} s, {encoded.Count / three:0} blocks/s, ratio to import {import / three:0.00} ({Load()})");
            double again = Import(encoded);
            output.WriteLine($"import again: {again:0.00} s; ratios to the faster import: 1 peer {Math.Min(import, again) / one:0.00}, 3 peers {Math.Min(import, again) / three:0.00} ({Load()})");
        }
        finally { foreach (var s in servers) await s.DisposeAsync(); }
    }

    private static double Import(List<byte[]> encoded)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hashmint-syncbench-" + Guid.NewGuid().ToString("n")[..10]);
        try
        {
            using var store = RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
            var ledger = new LedgerFacade(store, ChainParams.Regtest);
            var sw = Stopwatch.StartNew();
            foreach (var bytes in encoded)
            {
                var r = ledger.SubmitBlock(ledger.Operations.DecodeBlock(bytes));
                if (r.Rejection is not null) throw new RejectedException(r.Rejection);
            }
            return sw.Elapsed.TotalSeconds;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static async Task<double> SyncAsync(List<TestNode> servers, int blocks)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hashmint-syncbench-" + Guid.NewGuid().ToString("n")[..10]);
        try
        {
            using var store = RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
            var ledger = new LedgerFacade(store, ChainParams.Regtest);
            var done = new TaskCompletionSource();
            ledger.ChainUpdated += u => { if (u.Tip.Height >= blocks) done.TrySetResult(); };
            await using var net = new NetworkService(ledger, new NetworkOptions
            {
                Listen = new System.Net.IPEndPoint(Loopback.Next(), 0),
                Peers = servers.Select(s => s.EndPoint).ToList(),
                Tick = TimeSpan.FromMilliseconds(50),
            });
            var sw = Stopwatch.StartNew();
            await net.StartAsync();
            await done.Task.WaitAsync(TimeSpan.FromMinutes(30));
            return sw.Elapsed.TotalSeconds;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
