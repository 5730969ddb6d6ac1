using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
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
/// process's CPU time (servers and client share the process). Each configuration runs over TCP on loopback, then over
/// simulated links (HASHMINT_SNAPSHOT_LATENCY_MS one way, default 50; HASHMINT_SNAPSHOT_MBIT each way, default 100).
/// Long: run by filter only.
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
            // (1, 1) is how the download ran before: one chunk at a time from one peer. First over TCP on loopback,
            // then over simulated links (PropagationSimulation.SimLink) with a one-way latency and a bandwidth.
            int latencyMs = BenchSettings.Int("HASHMINT_SNAPSHOT_LATENCY_MS", 50), mbit = BenchSettings.Int("HASHMINT_SNAPSHOT_MBIT", 100);
            foreach (var link in new[] { false, true })
            {
                output.WriteLine(link ? $"-- simulated links: {latencyMs} ms one way, {mbit} Mbit/s each way" : "-- TCP on loopback");
                foreach (var (n, inFlight) in new[] { (1, 1), (1, 2), (3, 2), (1, 1), (1, 2), (3, 2) })
                    await RunClientAsync(servers.Take(n).ToList(), tip, pairs, inFlight, rounds, link ? TimeSpan.FromMilliseconds(latencyMs) : null, mbit * 1_000_000 / 8.0);
            }
        }
        finally
        {
            foreach (var s in servers) await s.DisposeAsync();
            foreach (var s in stores) s.Dispose();
            foreach (var d in dirs) Directory.Delete(d, recursive: true);
        }
    }

    private static int _clients;

    private async Task RunClientAsync(List<NetworkService> servers, ChainPoint tip, int pairs, int inFlight, int rounds, TimeSpan? latency, double bytesPerSecond)
    {
        int n = servers.Count;
        using var clientStore = new MemoryKeyValueStore();
        var client = new LedgerFacade(clientStore, ChainParams.Regtest);
        var links = new List<PropagationSimulation.SimLink>();
        await using var net = new NetworkService(client, new NetworkOptions
        {
            Listen = latency is null ? new System.Net.IPEndPoint(Loopback.Next(), 0) : null,
            Peers = latency is null ? servers.Select(s => s.ListenEndPoint!).ToList() : [],
            MaxOutbound = latency is null ? 8 : 0,
            Tick = TimeSpan.FromMilliseconds(50),
            SnapshotSync = true,
            SnapshotDepth = 0,
            Backfill = false,
            StateChunksInFlightPerPeer = inFlight,
        });
        try
        {
            var (wall, cpu) = await TimeAsync(async () =>
            {
                await net.StartAsync();
                if (latency is { } l)
                    for (int i = 0; i < n; i++)
                    {
                        var link = new PropagationSimulation.SimLink(l, bytesPerSecond);
                        links.Add(link);
                        net.Attach(link.AReader, link.AWriter, PropagationSimulation.Fake(i), Peers.PeerDirection.Outbound, link.Close);
                        servers[i].Attach(link.BReader, link.BWriter, PropagationSimulation.Fake(1000 + Interlocked.Increment(ref _clients)), Peers.PeerDirection.Inbound, link.Close);
                    }
                await net.SnapshotStarted.WaitAsync(TimeSpan.FromMinutes(10));
            });
            Assert.Equal(tip.Hash, client.ValidatedFrom!.Hash);
            output.WriteLine($"{n} peer(s), {inFlight} in flight: snapshot sync (headers, body, state, start) {wall:0.00} s wall, {cpu:0.00} s CPU ({SyncBenchmark.Load()})");
            await WaitReadyAsync(net, n);
            for (int r = 0; r < rounds; r++)
            {
                StateSnapshot? snapshot = null;
                (wall, cpu) = await TimeAsync(async () => snapshot = await net.DownloadStateAsync(tip.Hash, tip.StateRoot).WaitAsync(TimeSpan.FromMinutes(10)));
                Assert.Equal(pairs, snapshot!.Pairs.Count);
                output.WriteLine($"{n} peer(s), {inFlight} in flight: download {snapshot.Chunks} chunks ({snapshot.Requests} requests; by peer {string.Join(' ', snapshot.ChunksByPeer.Values.Order())}) {wall:0.00} s wall, {cpu:0.00} s CPU ({SyncBenchmark.Load()})");
            }
        }
        finally
        {
            foreach (var link in links) link.Close();
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
