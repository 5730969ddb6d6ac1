using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Network.Tests.Support;
using Hashmint.Storage;
using Xunit.Abstractions;

namespace Hashmint.Network.Tests;

/// <summary>
/// The state download alone from one and from three serving peers. The chain (HASHMINT_SNAPSHOT_BLOCKS, default 2,000;
/// HASHMINT_SYNC_TRANSFERS transfers per block, default 25, each to a new account: a state pair) is imported into
/// RocksDB and copied, so each server is its own ledger (one shared ledger would serialise their answers on its lock).
/// A fresh in-memory client snapshot-syncs from n servers with 1 or 2 chunks in flight per peer (timed end to end), then, idle, downloads the tip's state
/// HASHMINT_SNAPSHOT_ROUNDS times (default 3) through <see cref="NetworkService.DownloadStateAsync"/>: wall time and the
/// process's CPU time (servers and client share the process). Long: run by filter only.
/// </summary>
[Trait("Category", "LongNetwork")]
public sealed class SnapshotDownloadBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Snapshot_download_from_one_and_three_peers()
    {
        int blocks = BenchSettings.Int("HASHMINT_SNAPSHOT_BLOCKS", 2_000), transfers = BenchSettings.Int("HASHMINT_SYNC_TRANSFERS", 25);
        int rounds = BenchSettings.Int("HASHMINT_SNAPSHOT_ROUNDS", 3);
        var (encoded, txs) = SyncBenchmark.BuildChain(blocks, transfers);
        GC.Collect();
        var dirs = Enumerable.Range(0, 3).Select(_ => Path.Combine(Path.GetTempPath(), "hashmint-snapdl-" + Guid.NewGuid().ToString("n")[..10])).ToList();
        double import = SyncBenchmark.Import(encoded, keepIn: dirs[0]);
        encoded.Clear();
        foreach (var copy in dirs.Skip(1)) CopyDirectory(dirs[0], copy);
        output.WriteLine($"chain: {blocks} blocks, {txs} transfers; import {import:0.00} s ({SyncBenchmark.Load()})");
        var stores = dirs.Select(d => RocksDbKeyValueStore.Open(d, LedgerColumns.All)).ToList();
        var servers = new List<NetworkService>();
        try
        {
            var ledgers = stores.Select(s => new LedgerFacade(s, ChainParams.Regtest)).ToList();
            int pairs = ledgers[0].ScanState([]).Count();
            foreach (var ledger in ledgers)
            {
                var server = new NetworkService(ledger, new NetworkOptions { Listen = new System.Net.IPEndPoint(Loopback.Next(), 0), Tick = TimeSpan.FromMilliseconds(50) });
                await server.StartAsync();
                servers.Add(server);
            }
            var tip = ledgers[0].Tip;
            output.WriteLine($"state: {pairs} pairs at height {tip.Height}");
            // (1, 1) is how the download ran before: one chunk at a time from one peer.
            foreach (var (n, inFlight) in new[] { (1, 1), (1, 2), (3, 2), (1, 1), (1, 2), (3, 2) })
            {
                using var clientStore = new MemoryKeyValueStore();
                var client = new LedgerFacade(clientStore, ChainParams.Regtest);
                await using var net = new NetworkService(client, new NetworkOptions
                {
                    Listen = new System.Net.IPEndPoint(Loopback.Next(), 0),
                    Peers = servers.Take(n).Select(s => s.ListenEndPoint!).ToList(),
                    Tick = TimeSpan.FromMilliseconds(50),
                    SnapshotSync = true,
                    SnapshotDepth = 0,
                    Backfill = false,
                    StateChunksInFlightPerPeer = inFlight,
                });
                var (wall, cpu) = await TimeAsync(async () =>
                {
                    await net.StartAsync();
                    await net.SnapshotStarted.WaitAsync(TimeSpan.FromMinutes(10));
                });
                Assert.Equal(tip.Hash, client.ValidatedFrom!.Hash);
                output.WriteLine($"{n} peer(s), {inFlight} in flight: snapshot sync (headers, body, state, start) {wall:0.00} s wall, {cpu:0.00} s CPU ({SyncBenchmark.Load()})");
                await WaitReadyAsync(net, n);
                var root = tip.StateRoot;
                for (int r = 0; r < rounds; r++)
                {
                    StateSnapshot? snapshot = null;
                    (wall, cpu) = await TimeAsync(async () => snapshot = await net.DownloadStateAsync(tip.Hash, root).WaitAsync(TimeSpan.FromMinutes(10)));
                    Assert.Equal(pairs, snapshot!.Pairs.Count);
                    output.WriteLine($"{n} peer(s), {inFlight} in flight: download {snapshot.Chunks} chunks ({snapshot.Requests} requests; by peer {string.Join(' ', snapshot.ChunksByPeer.Values.Order())}) {wall:0.00} s wall, {cpu:0.00} s CPU ({SyncBenchmark.Load()})");
                }
            }
        }
        finally
        {
            foreach (var s in servers) await s.DisposeAsync();
            foreach (var s in stores) s.Dispose();
            foreach (var d in dirs) Directory.Delete(d, recursive: true);
        }
    }

    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await run();
        return (sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task WaitReadyAsync(NetworkService net, int n)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (net.Status().Peers.Count(p => p.HandshakeComplete) < n) await Task.Delay(25, cts.Token);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
