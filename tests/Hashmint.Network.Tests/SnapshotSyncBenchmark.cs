using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Network.Tests.Support;
using Hashmint.Storage;
using Xunit.Abstractions;

namespace Hashmint.Network.Tests;

/// <summary>
/// Snapshot sync against full sync of the same chain from one peer, both into a fresh RocksDB database: wall time and
/// the process's CPU time (server and client share the process). HASHMINT_SNAPSHOT_BLOCKS (default 5,000) and
/// HASHMINT_SYNC_TRANSFERS (transfers per block, default 2) size the chain. Long: run by filter only.
/// </summary>
[Trait("Category", "LongNetwork")]
public sealed class SnapshotSyncBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Snapshot_sync_against_full_sync()
    {
        int blocks = BenchSettings.Int("HASHMINT_SNAPSHOT_BLOCKS", 5_000), transfers = BenchSettings.Int("HASHMINT_SYNC_TRANSFERS", 2);
        var (encoded, txs) = SyncBenchmark.BuildChain(blocks, transfers);
        GC.Collect();
        string serverDir = Path.Combine(Path.GetTempPath(), "hashmint-snapbench-" + Guid.NewGuid().ToString("n")[..10]);
        double import = SyncBenchmark.Import(encoded, keepIn: serverDir);
        output.WriteLine($"chain: {encoded.Count} blocks, {txs} transfers; import {import:0.00} s ({SyncBenchmark.Load()})");
        var serverStore = RocksDbKeyValueStore.Open(serverDir, LedgerColumns.All);
        try
        {
            var serverLedger = new LedgerFacade(serverStore, ChainParams.Regtest);
            int pairs = serverLedger.ScanState([]).Count();
            await using var server = new NetworkService(serverLedger, new NetworkOptions { Listen = new System.Net.IPEndPoint(Loopback.Next(), 0), Tick = TimeSpan.FromMilliseconds(50) });
            await server.StartAsync();
            for (int round = 0; round < 2; round++)
            {
                var (wall, cpu) = await SyncAsync(server, blocks, snapshot: false);
                output.WriteLine($"full sync: {wall:0.00} s wall, {cpu:0.00} s CPU (process) ({SyncBenchmark.Load()})");
                (wall, cpu) = await SyncAsync(server, blocks, snapshot: true);
                output.WriteLine($"snapshot sync ({pairs} state pairs): {wall:0.00} s wall, {cpu:0.00} s CPU (process) ({SyncBenchmark.Load()})");
            }
        }
        finally
        {
            serverStore.Dispose();
            Directory.Delete(serverDir, recursive: true);
        }
    }

    private static async Task<(double Wall, double Cpu)> SyncAsync(NetworkService server, int blocks, bool snapshot)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hashmint-snapbench-" + Guid.NewGuid().ToString("n")[..10]);
        try
        {
            using var store = RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
            var ledger = new LedgerFacade(store, ChainParams.Regtest);
            var done = new TaskCompletionSource();
            ledger.ChainUpdated += u => { if (u.Tip.Height >= blocks) done.TrySetResult(); };
            await using var net = new NetworkService(ledger, new NetworkOptions
            {
                Listen = new System.Net.IPEndPoint(Loopback.Next(), 0),
                Peers = [server.ListenEndPoint!],
                Tick = TimeSpan.FromMilliseconds(50),
                SnapshotSync = snapshot,
                SnapshotDepth = 0,
            });
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            await net.StartAsync();
            await done.Task.WaitAsync(TimeSpan.FromMinutes(30));
            double wall = sw.Elapsed.TotalSeconds;
            if (snapshot) Assert.Equal((uint)blocks, ledger.ValidatedFrom!.Height);
            else Assert.Null(ledger.ValidatedFrom);
            return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
