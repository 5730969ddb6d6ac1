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
    /// <summary>The machine is shared: each number is printed with the load averages (1, 5, 15 min) when it was taken.</summary>
    internal static string Load() => File.Exists("/proc/loadavg") ? "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load ?";

    [Fact]
    public async Task Sync_from_one_and_three_peers_against_import()
    {
        int blocks = BenchSettings.Int("HASHMINT_SYNC_BLOCKS", 20_000), transfers = BenchSettings.Int("HASHMINT_SYNC_TRANSFERS", 2);
        var sw = Stopwatch.StartNew();
        var (encoded, txs) = BuildChain(blocks, transfers);
        // The in-memory chain that made the blocks is gone: only the encoded blocks stay on the heap (a heap of
        // several GB of in-memory ledgers made every gen-2 collection, and so the first version of this benchmark, slow).
        GC.Collect();
        output.WriteLine($"chain: {encoded.Count} blocks, {txs} transfers, {encoded.Sum(e => (long)e.Length) / 1024} KiB (built in {sw.Elapsed.TotalSeconds:0.0} s)");

        Import(encoded.Take(Math.Min(1000, encoded.Count)).ToList()); // warm-up: tiered JIT, so the first timing is not of cold code
        string serverDir = Path.Combine(Path.GetTempPath(), "hashmint-syncbench-" + Guid.NewGuid().ToString("n")[..10]);
        var gc = GcNow();
        double import = Import(encoded, keepIn: serverDir);
        output.WriteLine($"import (decode + SubmitBlock, RocksDB): {import:0.00} s, {encoded.Count / import:0} blocks/s; {GcSince(gc)} ({Load()})");

        // The serving side: the imported database (RocksDB, as a real node's), one ledger, three network services on
        // it, each on its own loopback address (their set-up is not timed).
        var serverStore = RocksDbKeyValueStore.Open(serverDir, LedgerColumns.All);
        var serverLedger = new LedgerFacade(serverStore, ChainParams.Regtest);
        var servers = new List<NetworkService>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var server = new NetworkService(serverLedger, new NetworkOptions { Listen = new System.Net.IPEndPoint(Loopback.Next(), 0), Tick = TimeSpan.FromMilliseconds(50) });
                await server.StartAsync();
                servers.Add(server);
            }
            // HASHMINT_SYNC_INFLIGHT: blocks in flight per peer to try, comma-separated (default: the option's default).
            var inflights = (Environment.GetEnvironmentVariable("HASHMINT_SYNC_INFLIGHT") ?? new NetworkOptions().MaxBlocksInFlightPerPeer.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var best = (One: double.MaxValue, Three: double.MaxValue);
            foreach (int inflight in inflights)
            {
                gc = GcNow();
                double one = await SyncAsync(servers.Take(1).ToList(), blocks, inflight);
                output.WriteLine($"sync from 1 peer, {inflight} in flight: {one:0.00} s, {encoded.Count / one:0} blocks/s, ratio to import {import / one:0.00}; {GcSince(gc)} ({Load()})");
                gc = GcNow();
                double three = await SyncAsync(servers, blocks, inflight);
                output.WriteLine($"sync from 3 peers, {inflight} in flight each: {three:0.00} s, {encoded.Count / three:0} blocks/s, ratio to import {import / three:0.00}; {GcSince(gc)} ({Load()})");
                best = (Math.Min(best.One, one), Math.Min(best.Three, three));
            }
            double again = Import(encoded);
            output.WriteLine($"import again: {again:0.00} s; ratios of the fastest syncs to the faster import: 1 peer {Math.Min(import, again) / best.One:0.00}, 3 peers {Math.Min(import, again) / best.Three:0.00} ({Load()})");
        }
        finally
        {
            foreach (var s in servers) await s.DisposeAsync();
            serverStore.Dispose();
            Directory.Delete(serverDir, recursive: true);
        }
    }

    internal static (List<byte[]> Encoded, long Transfers) BuildChain(int blocks, int transfers)
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest);
        synthetic.FundSenders(Math.Max(1, transfers));
        while (synthetic.Ledger.Tip.Height < blocks) synthetic.AddTransferBlock(transfers);
        return (synthetic.Blocks.Select(b => b.Encode()).ToList(), synthetic.Blocks.Sum(b => (long)b.Transactions.Count));
    }

    private static (int Gen2, TimeSpan Pause) GcNow() => (GC.CollectionCount(2), GC.GetTotalPauseDuration());

    private static string GcSince((int Gen2, TimeSpan Pause) then) =>
        $"GC: {GC.CollectionCount(2) - then.Gen2} gen-2 collections, {(GC.GetTotalPauseDuration() - then.Pause).TotalSeconds:0.00} s paused, heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB";

    /// <summary>Decode + SubmitBlock of every block into a fresh RocksDB database (what `hashmint import` does); <paramref name="keepIn"/>: keep that database there.</summary>
    internal static double Import(List<byte[]> encoded, string? keepIn = null)
    {
        string dir = keepIn ?? Path.Combine(Path.GetTempPath(), "hashmint-syncbench-" + Guid.NewGuid().ToString("n")[..10]);
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
        finally { if (keepIn is null) Directory.Delete(dir, recursive: true); }
    }

    private static async Task<double> SyncAsync(List<NetworkService> servers, int blocks, int inflight)
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
                Peers = servers.Select(s => s.ListenEndPoint!).ToList(),
                Tick = TimeSpan.FromMilliseconds(50),
                MaxBlocksInFlightPerPeer = inflight,
            });
            var sw = Stopwatch.StartNew();
            await net.StartAsync();
            await done.Task.WaitAsync(TimeSpan.FromMinutes(30));
            return sw.Elapsed.TotalSeconds;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
