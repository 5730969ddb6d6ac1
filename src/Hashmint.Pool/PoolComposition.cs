using Hashmint.Ledger;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Payouts;
using Hashmint.Pool.Server;
using Hashmint.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hashmint.Pool;

/// <summary>Everything the pool is made of, built and wired in one place (the host's registration and the tests use it).</summary>
public sealed class PoolComposition
{
    private PoolComposition(StratumServer server, PplnsWindow pplns, PoolStore? store, FoundWorkSubmitter found)
    {
        Server = server;
        Pplns = pplns;
        Store = store;
        Found = found;
    }

    public StratumServer Server { get; }
    public PplnsWindow Pplns { get; }
    public PoolStore? Store { get; }
    public FoundWorkSubmitter Found { get; }
    public PoolStats Stats => Server.Stats;
    public JobManager Jobs => Server.Jobs;

    /// <param name="store">The node's store (the pool's family must be declared in it); null keeps nothing across restarts.</param>
    /// <param name="mintKey">Signs and pays for mine-mint transactions; null: no NFT jobs.</param>
    public static PoolComposition Create(LedgerFacade ledger, IKeyValueStore? store, PoolOptions options, TimeProvider clock, byte[]? mintKey,
        ILoggerFactory? logs = null)
    {
        logs ??= NullLoggerFactory.Instance;
        var poolStore = store is null ? null : new PoolStore(store);
        var stats = new PoolStats(clock);
        var pplns = new PplnsWindow(ledger, options, poolStore);
        var jobs = new JobManager(ledger, pplns, options, clock);
        var found = new FoundWorkSubmitter(ledger, jobs, stats, clock, mintKey, logs.CreateLogger<FoundWorkSubmitter>());
        var server = new StratumServer(ledger, jobs, options, clock, stats, found, logs.CreateLogger<StratumServer>());
        stats.ShareAccepted += pplns.Add; // persisted before the share is acknowledged
        if (poolStore is not null)
        {
            stats.Restore(poolStore.Blocks(), poolStore.Mints());
            ulong nextBlock = poolStore.NextSequence('b'), nextMint = poolStore.NextSequence('m');
            stats.BlockFoundEvent += b => poolStore.AddBlock(nextBlock++, b);
            stats.MintFoundEvent += m => poolStore.AddMint(nextMint++, m);
        }
        return new PoolComposition(server, pplns, poolStore, found);
    }
}
