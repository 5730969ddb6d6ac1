using Hashmint.Network.Tests.Support;
using Xunit.Abstractions;

namespace Hashmint.Network.Tests.Simulation;

/// <summary>
/// Block propagation across 500 nodes in virtual time (<see cref="PropagationModel"/>), with the costs of each step
/// measured on the real ledger and wire encodings of this build (<see cref="PropagationCosts"/>). The network is wired as
/// the real-node <see cref="PropagationSimulation"/> is: 8 outbound links each, 20–150 ms one way, 20 Mbit/s each way.
/// Part of scripts/bench-network (BENCH_FILTER=PropagationModel). HASHMINT_SIM_NODES (500), HASHMINT_SIM_BLOCKS (50
/// blocks, each from a random node, on each of 3 wirings).
/// </summary>
[Trait("Category", "LongNetwork")]
public sealed class PropagationModelBenchmark(ITestOutputHelper output)
{
    [Fact]
    public void Propagation_in_virtual_time_with_measured_costs()
    {
        int nodes = BenchSettings.Int("HASHMINT_SIM_NODES", 500), blocks = BenchSettings.Int("HASHMINT_SIM_BLOCKS", 50);
        foreach (int txs in new[] { 100, 1000 })
        {
            var costs = PropagationCosts.Measure(txs);
            output.WriteLine($"{txs} transactions a block: header check {costs.HeaderCheckSeconds * 1e3:0.000} ms, rebuild {costs.RebuildSeconds * 1e3:0.000} ms, " +
                $"validation {costs.ValidateSeconds * 1e3:0.00} ms (medians of thread CPU time, one core; {SyncBenchmark.Load()}); bytes: block {costs.BlockBytes:N0}, " +
                $"cmpctblock {costs.CompactBytes:N0}, headers {costs.HeadersBytes}, getdata {costs.GetDataBytes}, getblocktxn {costs.GetBlockTxnBytes}, blocktxn {costs.BlockTxnBytes:N0}");
            foreach (var (name, compact, lacking) in new[] { ("full blocks", false, 0.0), ("compact, every mempool complete", true, 0.0), ("compact, 10 % of nodes lack a tenth", true, 0.1) })
            {
                var p50 = new List<double>(); var p90 = new List<double>(); var p100 = new List<double>(); var stale = new List<double>();
                for (int wiring = 0; wiring < 3; wiring++)
                {
                    var rng = new Random(100 + wiring);
                    var net = ModelNetwork.Random(nodes, 8, 0.020, 0.150, 20_000_000 / 8.0, rng);
                    var model = new PropagationModel(net, costs, compact);
                    for (int b = 0; b < blocks; b++)
                    {
                        var lacks = new Random(b * 7919 + wiring);
                        var arrivals = model.Propagate(rng.Next(nodes), lacking > 0 ? _ => lacks.NextDouble() < lacking : null);
                        Assert.All(arrivals, t => Assert.True(double.IsFinite(t), "a node never got the block"));
                        p50.Add(PropagationSummary.Percentile(arrivals, 0.5));
                        p90.Add(PropagationSummary.Percentile(arrivals, 0.9));
                        p100.Add(PropagationSummary.Percentile(arrivals, 1.0));
                        stale.Add(PropagationSummary.StaleRate(arrivals, 30));
                    }
                }
                output.WriteLine($"  {name,-36}: 50 % {p50.Average() * 1e3:0} ms, 90 % {p90.Average() * 1e3:0} ms, 100 % {p100.Average() * 1e3:0} ms " +
                    $"(worst block {p100.Max() * 1e3:0} ms); stale rate at 30 s blocks {stale.Average():P2}  [{nodes} nodes, {3 * blocks} blocks]");
            }
        }
    }
}
