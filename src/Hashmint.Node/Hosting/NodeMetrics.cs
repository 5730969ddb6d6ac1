using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Prometheus;

namespace Hashmint.Node.Hosting;

/// <summary>
/// What an operator watches, in this node's own Prometheus registry (served at /metrics): transactions accepted and
/// refused by reason, blocks connected and disconnected, reorganisation depth, NFT mints, chain and miner gauges;
/// the HTTP middleware adds requests by status code.
/// </summary>
public sealed class NodeMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    public IMetricFactory Factory { get; }

    public NodeMetrics(LedgerFacade ledger, BlockMiner miner, ImageCache images, NodeEvents events)
    {
        Factory = Metrics.WithCustomRegistry(Registry);
        var accepted = Factory.CreateCounter("hashmint_transactions_accepted_total", "Transactions admitted to the mempool.");
        var rejected = Factory.CreateCounter("hashmint_transactions_rejected_total", "Submitted transactions refused, by rejection code.", labelNames: ["code"]);
        var connected = Factory.CreateCounter("hashmint_blocks_connected_total", "Blocks connected to the main chain.");
        var disconnected = Factory.CreateCounter("hashmint_blocks_disconnected_total", "Blocks disconnected by reorganisations.");
        var reorgs = Factory.CreateHistogram("hashmint_reorg_depth_blocks", "Depth of each reorganisation (blocks rolled back).",
            new HistogramConfiguration { Buckets = [1, 2, 3, 5, 10, 20, 50, 100] });
        var mints = Factory.CreateCounter("hashmint_nft_mints_total", "NFTs minted in connected blocks, by how.", labelNames: ["origin"]);
        ledger.TransactionAccepted += _ => accepted.Inc();
        ledger.TransactionRejected += r => rejected.WithLabels(r.Rejection.Code).Inc();
        ledger.ChainUpdated += u =>
        {
            connected.Inc(u.Connected.Count);
            disconnected.Inc(u.Disconnected.Count);
            if (u.ReorgDepth > 0) reorgs.Observe(u.ReorgDepth);
            foreach (var b in u.Connected)
            {
                if (b.Height > 1) mints.WithLabels("block").Inc(); // each block mints its parent's block NFT
                foreach (var tx in b.Transactions)
                    foreach (var op in tx.Operations)
                        if (op is MintOperation) mints.WithLabels("mint").Inc();
                        else if (op is MineMintOperation) mints.WithLabels("mine-mint").Inc();
            }
        };

        var height = Factory.CreateGauge("hashmint_chain_height", "Height of the main-chain tip.");
        var difficulty = Factory.CreateGauge("hashmint_chain_difficulty", "Difficulty of the tip (1 = bits 0x1d00ffff).");
        var mempoolCount = Factory.CreateGauge("hashmint_mempool_transactions", "Transactions waiting in the mempool.");
        var mempoolBytes = Factory.CreateGauge("hashmint_mempool_bytes", "Encoded bytes in the mempool.");
        var hashRate = Factory.CreateGauge("hashmint_miner_hashes_per_second", "Built-in miner hash rate.");
        var found = Factory.CreateGauge("hashmint_miner_blocks_found", "Blocks found by the built-in miner since start.");
        var imageBytes = Factory.CreateGauge("hashmint_image_cache_bytes", "Bytes of rendered art held in memory.");
        var subscribers = Factory.CreateGauge("hashmint_event_subscribers", "Open server-sent event streams.");
        Registry.AddBeforeCollectCallback(() =>
        {
            var tip = ledger.Tip;
            height.Set(tip.Height);
            difficulty.Set(CompactTarget.Difficulty(tip.Header.Bits));
            var pool = ledger.MempoolStats;
            mempoolCount.Set(pool.Count);
            mempoolBytes.Set(pool.Bytes);
            hashRate.Set(miner.HashesPerSecond);
            found.Set(miner.BlocksFound);
            imageBytes.Set(images.Bytes);
            subscribers.Set(events.Subscribers);
        });
    }
}
