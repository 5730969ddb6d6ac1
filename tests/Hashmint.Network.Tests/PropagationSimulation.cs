using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Hashmint.Network.Peers;
using Hashmint.Network.Tests.Support;
using Hashmint.Storage;
using Xunit.Abstractions;

namespace Hashmint.Network.Tests;

/// <summary>
/// Block propagation across a simulated network: N real nodes (ledger + network service) in this process, each dialling
/// 8 others at random over in-memory links with a one-way latency drawn per link (20–150 ms) and 20 Mbit/s of bandwidth
/// each way. Blocks carrying transactions every node already holds are mined at random nodes; we measure when 50 %,
/// 90 % and 100 % of nodes have connected each, with compact blocks and without. Long: scripts/bench-network.
/// HASHMINT_SIM_NODES (default 500), HASHMINT_SIM_BLOCKS (default 5), HASHMINT_SIM_TXS (transactions per block, default 100).
/// </summary>
[Trait("Category", "LongNetwork")]
public sealed class PropagationSimulation(ITestOutputHelper output)
{
    [Fact]
    public async Task Propagation_with_and_without_compact_blocks()
    {
        int nodes = BenchSettings.Int("HASHMINT_SIM_NODES", 500), blocks = BenchSettings.Int("HASHMINT_SIM_BLOCKS", 5), txs = BenchSettings.Int("HASHMINT_SIM_TXS", 100);
        // HASHMINT_SIM_MODES: the order of the runs ("compact,full" by default), so a change of load can be told from a real difference.
        var modes = (Environment.GetEnvironmentVariable("HASHMINT_SIM_MODES") ?? "compact,full").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var mode in modes)
        {
            bool compact = mode switch { "compact" => true, "full" => false, _ => throw new ArgumentException($"HASHMINT_SIM_MODES: '{mode}' is neither compact nor full") };
            var result = await RunAsync(nodes, blocks, txs, compact, seed: 7);
            output.WriteLine($"{(compact ? "compact blocks" : "full blocks   ")}: {nodes} nodes, {blocks} blocks of {txs} transactions: " +
                $"50 % {result.P50:0} ms, 90 % {result.P90:0} ms, 100 % {result.P100:0} ms; estimated stale rate at 30 s blocks {result.StaleRate:P2}; " +
                $"process CPU {result.CpuSeconds:0.0} s in {result.WallSeconds:0.0} s of propagation ({result.CpuSeconds / result.WallSeconds:0.00} cores busy) ({SyncBenchmark.Load()})");
        }
    }

    /// <summary>CpuSeconds / WallSeconds: the process's CPU time over the propagation windows; near the cores it gets, the run is CPU-bound.</summary>
    private sealed record Result(double P50, double P90, double P100, double StaleRate, double CpuSeconds, double WallSeconds);

    private async Task<Result> RunAsync(int count, int blocks, int txsPerBlock, bool compact, int seed)
    {
        var rng = new Random(seed);
        var ledgers = new List<LedgerFacade>();
        var services = new List<NetworkService>();
        var links = new List<SimLink>();
        var arrivals = new ConcurrentDictionary<(Hash256, int), long>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var ledger = new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
                int index = i;
                ledger.ChainUpdated += u => { foreach (var b in u.Connected) arrivals.TryAdd((b.Hash, index), Stopwatch.GetTimestamp()); };
                var net = new NetworkService(ledger, new NetworkOptions
                {
                    Listen = null, MaxOutbound = 0, CompactBlocks = compact, Tick = TimeSpan.FromMilliseconds(100),
                    BlockStallTimeout = TimeSpan.FromSeconds(60), HeadersTimeout = TimeSpan.FromSeconds(120), InactivityTimeout = TimeSpan.FromMinutes(10),
                    PingInterval = TimeSpan.FromMinutes(5), PingTimeout = TimeSpan.FromMinutes(5), HandshakeTimeout = TimeSpan.FromMinutes(2),
                });
                await net.StartAsync();
                ledgers.Add(ledger);
                services.Add(net);
            }
            // Each node dials 8 others; links are in memory, addresses loopback-shaped names only (nothing is dialled).
            for (int i = 0; i < count; i++)
            {
                var targets = new HashSet<int>();
                while (targets.Count < Math.Min(8, count - 1))
                {
                    int j = rng.Next(count);
                    if (j != i) targets.Add(j);
                }
                foreach (int j in targets)
                {
                    var link = new SimLink(TimeSpan.FromMilliseconds(20 + rng.Next(131)), 20_000_000 / 8);
                    links.Add(link);
                    services[i].Attach(link.AReader, link.AWriter, Fake(j), PeerDirection.Outbound, link.Close);
                    services[j].Attach(link.BReader, link.BWriter, Fake(i), PeerDirection.Inbound, link.Close);
                }
            }
            await Wait.UntilAsync(() => services.All(s => s.Peers.All(p => p.Ready)), "every handshake", seconds: 300);

            // Fund a sender: a first block (from node 0) that everyone syncs.
            var miner = Keys.Id(7);
            var funding = Miner.Mine(ledgers[0], 2, miner);
            await Wait.UntilAsync(() => ledgers.All(l => l.Tip.Hash == funding[^1].Hash), "the funding blocks everywhere", seconds: 600);

            var times = new List<double>();
            double cpuSeconds = 0, wallSeconds = 0;
            ulong nonce = 0;
            for (int b = 0; b < blocks; b++)
            {
                // Transactions every mempool already has, as in steady state.
                var batch = Enumerable.Range(0, txsPerBlock).Select(_ => Keys.Transfer(7, 8, 1000, nonce++)).ToList();
                var origin = ledgers[rng.Next(count)];
                foreach (var tx in batch) origin.SubmitTransaction(tx);
                await Wait.UntilAsync(() => ledgers.All(l => batch.All(t => l.GetPending(t.Id) is not null)), "the transactions everywhere", seconds: 600);
                int at = rng.Next(count);
                var block = Miner.Solve(ledgers[at], Keys.Id(1));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                ledgers[at].SubmitBlock(block);
                await Wait.UntilAsync(() => Enumerable.Range(0, count).All(i => arrivals.ContainsKey((block.Hash, i))), "the block everywhere", seconds: 600);
                wallSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                cpuSeconds += (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                times.AddRange(Enumerable.Range(0, count).Select(i => Stopwatch.GetElapsedTime(start, arrivals[(block.Hash, i)]).TotalMilliseconds));
            }
            // Per block, sorted arrival times; the percentiles are averaged over blocks.
            var perBlock = times.Chunk(count).Select(c => c.Order().ToArray()).ToList();
            double P(double q) => perBlock.Average(c => c[Math.Min(c.Length - 1, (int)Math.Ceiling(q * c.Length) - 1)]);
            // A competing block is found while a node (equal hash power each) has not yet seen this one: 1 - e^(-t / 30 s) averaged over nodes.
            double stale = times.Average(t => 1 - Math.Exp(-t / 1000.0 / 30.0));
            var stats = services.Select(x => x.CompactStats).ToList();
            output.WriteLine($"  compact received {stats.Sum(x => x.Received)}, from mempool {stats.Sum(x => x.FromMempool)}, transactions asked {stats.Sum(x => x.TransactionsRequested)}, fallbacks {stats.Sum(x => x.Fallbacks)}; " +
                $"blocks received {services.Sum(x => x.Status().Peers.Sum(p => p.BlocksReceived))}");
            return new Result(P(0.5), P(0.9), P(1.0), stale, cpuSeconds, wallSeconds);
        }
        finally
        {
            foreach (var s in services) await s.DisposeAsync();
            foreach (var l in links) l.Close();
        }
    }

    internal static IPEndPoint Fake(int i) => new(new IPAddress([127, 250, (byte)(i >> 8), (byte)(i & 0xff)]), 30000 + i);

    /// <summary>Two pipes, one per direction, each delivering what is written after a latency plus its serialization time.</summary>
    internal sealed class SimLink
    {
        private readonly Pipe _aOut = new(), _aIn = new(), _bOut = new(), _bIn = new();
        private readonly CancellationTokenSource _cts = new();

        public SimLink(TimeSpan latency, double bytesPerSecond)
        {
            _ = Carry(_aOut.Reader, _bIn.Writer, latency, bytesPerSecond);
            _ = Carry(_bOut.Reader, _aIn.Writer, latency, bytesPerSecond);
        }

        public PipeReader AReader => _aIn.Reader;
        public PipeWriter AWriter => _aOut.Writer;
        public PipeReader BReader => _bIn.Reader;
        public PipeWriter BWriter => _bOut.Writer;

        private async Task Carry(PipeReader from, PipeWriter to, TimeSpan latency, double bytesPerSecond)
        {
            var queue = System.Threading.Channels.Channel.CreateUnbounded<(DateTime At, byte[] Data)>();
            var deliver = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (at, data) in queue.Reader.ReadAllAsync(_cts.Token))
                    {
                        var wait = at - DateTime.UtcNow;
                        if (wait > TimeSpan.Zero) await Task.Delay(wait, _cts.Token);
                        await to.WriteAsync(data, _cts.Token);
                    }
                }
                catch (Exception) { }
                await to.CompleteAsync();
            });
            var wire = DateTime.UtcNow; // when the link is free again (bandwidth)
            try
            {
                while (true)
                {
                    var r = await from.ReadAsync(_cts.Token);
                    var data = r.Buffer.ToArray();
                    from.AdvanceTo(r.Buffer.End);
                    if (data.Length > 0)
                    {
                        var now = DateTime.UtcNow;
                        wire = (wire > now ? wire : now) + TimeSpan.FromSeconds(data.Length / bytesPerSecond);
                        queue.Writer.TryWrite((wire + latency, data));
                    }
                    if (r.IsCompleted) break;
                }
            }
            catch (Exception) { }
            queue.Writer.TryComplete();
            await deliver;
        }

        public void Close()
        {
            _cts.Cancel();
            _aOut.Writer.Complete();
            _bOut.Writer.Complete();
        }
    }
}
