using Hashmint.Pool;
using Hashmint.Pool.Server;
using Prometheus;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The pool seen from the node: Prometheus metrics in the node's registry (shares by result and reason, blocks and NFTs
/// found, connections, miners, hash rate, fan-out time) and events on the node's stream ("pool-block", "pool-nft").
/// </summary>
public sealed class PoolObservers
{
    public PoolObservers(PoolComposition pool, NodeMetrics metrics, NodeEvents events)
    {
        var f = metrics.Factory;
        var stats = pool.Stats;
        var server = pool.Server;
        var accepted = f.CreateCounter("hashmint_pool_shares_accepted_total", "Shares the pool accepted.");
        var rejected = f.CreateCounter("hashmint_pool_shares_rejected_total", "Shares the pool refused, by reason.", labelNames: ["reason"]);
        var blocks = f.CreateCounter("hashmint_pool_blocks_found_total", "Blocks found by the pool's miners, by ledger outcome.", labelNames: ["outcome"]);
        var nfts = f.CreateCounter("hashmint_pool_nfts_found_total", "Mint proofs found by the pool's miners, by result.", labelNames: ["result"]);
        stats.ShareAccepted += _ => accepted.Inc();
        stats.ShareRejected += r => rejected.WithLabels(r.Reason).Inc();
        stats.BlockFoundEvent += b =>
        {
            blocks.WithLabels(b.Rejection is null ? b.Outcome.ToLowerInvariant() : "rejected").Inc();
            events.Publish(new NodeEvent("pool-block", b.Hash.ToString(), b.Height, $"found by {b.Finder.ToAddress(pool.Jobs.Ledger.Network.AddressPrefix)}.{b.Worker}"));
        };
        stats.MintFoundEvent += m =>
        {
            nfts.WithLabels(m.Rejection is null ? "sent" : "refused").Inc();
            events.Publish(new NodeEvent("pool-nft", m.TransactionId?.ToString() ?? m.MintHash.ToString(), pool.Jobs.Ledger.Tip.Height,
                $"{m.Collection} for {m.Minter.ToAddress(pool.Jobs.Ledger.Network.AddressPrefix)}.{m.Worker}"));
        };

        var connections = f.CreateGauge("hashmint_pool_connections", "Open Stratum connections.");
        var miners = f.CreateGauge("hashmint_pool_miners", "Addresses mining on an open connection.");
        var rate = f.CreateGauge("hashmint_pool_hashes_per_second", "Pool hash rate over the last 10 minutes, from accepted share difficulty.");
        var fanOut = f.CreateGauge("hashmint_pool_fanout_seconds", "Time of the last job fan-out to every miner.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            connections.Set(server.ConnectionCount);
            miners.Set(server.Connections.Where(c => c.IsAuthorized).Select(c => c.Account).Distinct().Count());
            rate.Set(stats.Rate.HashesPerSecond(stats.Clock.GetUtcNow(), TimeSpan.FromMinutes(10)));
            fanOut.Set(stats.LastFanOutTime.TotalSeconds);
        });
    }
}
