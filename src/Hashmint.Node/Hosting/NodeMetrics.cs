using Prometheus;

namespace Hashmint.Node.Hosting;

/// <summary>Prometheus gauges, refreshed from the node when /metrics is scraped.</summary>
public static class NodeMetrics
{
    private static readonly Gauge Height = Metrics.CreateGauge("hashmint_chain_height", "Height of the main-chain tip.");
    private static readonly Gauge Difficulty = Metrics.CreateGauge("hashmint_chain_difficulty", "Difficulty of the tip (1 = bits 0x1d00ffff).");
    private static readonly Gauge MempoolCount = Metrics.CreateGauge("hashmint_mempool_transactions", "Transactions waiting in the mempool.");
    private static readonly Gauge MempoolBytes = Metrics.CreateGauge("hashmint_mempool_bytes", "Encoded bytes in the mempool.");
    private static readonly Gauge HashRate = Metrics.CreateGauge("hashmint_miner_hashes_per_second", "Built-in miner hash rate.");
    private static readonly Gauge BlocksFound = Metrics.CreateGauge("hashmint_miner_blocks_found", "Blocks found by the built-in miner since start.");

    public static void Register(NodeService node)
    {
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            var tip = node.Chain.Tip;
            Height.Set(tip.Height);
            Difficulty.Set(Core.Consensus.CompactTarget.Difficulty(tip.Header.Bits));
            MempoolCount.Set(node.Mempool.Count);
            MempoolBytes.Set(node.Mempool.Bytes);
            HashRate.Set(node.Miner.HashesPerSecond);
            BlocksFound.Set(node.Miner.BlocksFound);
        });
    }
}
