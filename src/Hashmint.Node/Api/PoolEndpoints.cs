using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Pool;
using Hashmint.Pool.Stratum;

namespace Hashmint.Node.Api;

public sealed record HashRateDto(double OneMinute, double TenMinutes, double OneHour);
public sealed record FoundBlockDto(uint Height, string Hash, string Finder, string Worker, string Outcome, string? Rejection, DateTimeOffset At,
    IReadOnlyList<PoolPayoutDto> Payouts);
public sealed record PoolPayoutDto(string Address, string Amount);
public sealed record FoundMintDto(string Collection, string MintHash, string Minter, string Worker, string? TransactionId, string? Rejection, DateTimeOffset At);
public sealed record PplnsDto(double WindowDifficulty, int Shares, double WindowFactor);
public sealed record PoolResponse(string Stratum, HashRateDto HashRate, int Miners, int Workers, int Connections, long SharesAccepted,
    long SharesRejected, IReadOnlyDictionary<string, long> RejectedByReason, long BlocksFound, long NftsFound, double Effort, double NetworkDifficulty,
    PplnsDto Pplns, IReadOnlyDictionary<string, long> RefusedConnections, long Bans, int LastFanOutMiners, double LastFanOutMilliseconds,
    IReadOnlyList<FoundBlockDto> RecentBlocks, IReadOnlyList<FoundMintDto> RecentNfts);
public sealed record WorkerDto(string Name, HashRateDto HashRate, long SharesAccepted, long SharesRejected, IReadOnlyDictionary<string, long> RejectedByReason,
    DateTimeOffset? LastShare, bool Connected);
public sealed record MinerResponse(string Address, HashRateDto HashRate, long SharesAccepted, long SharesRejected, IReadOnlyDictionary<string, long> RejectedByReason,
    DateTimeOffset? LastShare, double PplnsShare, long BlocksFound, long NftsFound, string Paid, long PaidBlocks, IReadOnlyList<WorkerDto> Workers);

/// <summary>
/// /api/v1/pool and /api/v1/pool/miners/{address}: the Stratum pool's statistics (when the node runs one). The mining
/// page (Web/Components/Pages/MiningPage.razor) shows the same answers, built by <see cref="Snapshot"/> and <see cref="MinerSnapshot"/>.
/// </summary>
public static class PoolEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/pool", Pool).WithName("GetPool")
            .WithSummary("The Stratum pool: hash rate over 1 min / 10 min / 1 h from accepted share difficulty, miners, workers, shares accepted and rejected by reason, blocks and NFTs found, effort, PPLNS window.");
        api.MapGet("/pool/miners/{address}", Miner).WithName("GetPoolMiner")
            .WithSummary("One miner of the pool: hash rate per worker, last share, current PPLNS share, payouts, blocks and NFTs found.")
            .ProducesProblem(400).ProducesProblem(404);
    }

    public static HashRateDto Rate(HashRateWindow w, DateTimeOffset now) =>
        new(w.HashesPerSecond(now, TimeSpan.FromMinutes(1)), w.HashesPerSecond(now, TimeSpan.FromMinutes(10)), w.HashesPerSecond(now, TimeSpan.FromHours(1)));

    private static IResult Pool(LedgerFacade ledger, PoolComposition pool) => Results.Ok(Snapshot(ledger, pool));

    private static IResult Miner(LedgerFacade ledger, PoolComposition pool, string address)
    {
        string hrp = ledger.Network.AddressPrefix;
        if (!AccountId.TryParse(address, hrp, out var account, out var why)) return ApiErrors.BadRequest("bad-address", why);
        return MinerSnapshot(ledger, pool, account) is { } miner ? Results.Ok(miner) : ApiErrors.NotFound($"the pool has no shares or payouts of {address}");
    }

    private static SortedDictionary<string, long> Sorted(IEnumerable<KeyValuePair<string, long>> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);

    /// <summary>What GET /api/v1/pool answers.</summary>
    public static PoolResponse Snapshot(LedgerFacade ledger, PoolComposition pool)
    {
        var stats = pool.Stats;
        var server = pool.Server;
        var now = stats.Clock.GetUtcNow();
        string hrp = ledger.Network.AddressPrefix;
        var authorized = server.Connections.Where(c => c.IsAuthorized).ToList();
        double network = StratumDifficulty.OfTarget(StratumDifficulty.TargetOfBits(ledger.NextBits()));
        var blocks = stats.RecentBlocks().Select(b => new FoundBlockDto(b.Height, b.Hash.ToString(), b.Finder.ToAddress(hrp), b.Worker, b.Outcome, b.Rejection, b.At,
            b.Payouts.Select(p => new PoolPayoutDto(p.To.ToAddress(hrp), p.Amount.ToString())).ToList())).ToList();
        var mints = stats.RecentMints().Select(m => new FoundMintDto(m.Collection, m.MintHash.ToString(), m.Minter.ToAddress(hrp), m.Worker, m.TransactionId?.ToString(),
            m.Rejection, m.At)).ToList();
        return new PoolResponse($"stratum+tcp://{server.Options.Host}:{server.Port}", Rate(stats.Rate, now),
            authorized.Select(c => c.Account).Distinct().Count(), authorized.SelectMany(c => c.Workers.Select(w => (c.Account, w))).Distinct().Count(),
            server.ConnectionCount, stats.SharesAccepted, stats.SharesRejected, stats.RejectedByReason, stats.BlocksFound, stats.MintsFound,
            network > 0 ? stats.DifficultySinceLastBlock / network : 0, network,
            new PplnsDto(pool.Pplns.WindowDifficulty(), pool.Pplns.Count, server.Options.PplnsWindowFactor), stats.RefusedConnections, stats.Bans,
            stats.LastFanOutMiners, stats.LastFanOutTime.TotalMilliseconds, blocks, mints);
    }

    /// <summary>What GET /api/v1/pool/miners/{address} answers; null when the pool has no shares or payouts of the account.</summary>
    public static MinerResponse? MinerSnapshot(LedgerFacade ledger, PoolComposition pool, AccountId account)
    {
        if (!pool.Stats.Miners.TryGetValue(account, out var miner)) return null;
        var now = pool.Stats.Clock.GetUtcNow();
        var work = pool.Pplns.Work();
        double total = work.Sum(w => w.Work);
        double mine = work.Where(w => w.Account == account).Sum(w => w.Work);
        var connected = pool.Server.Connections.Where(c => c.IsAuthorized && c.Account == account).SelectMany(c => c.Workers).ToHashSet();
        var workers = miner.Workers.Values.OrderBy(w => w.Name, StringComparer.Ordinal)
            .Select(w => new WorkerDto(w.Name, Rate(w.Rate, now), Interlocked.Read(ref w.Accepted), Interlocked.Read(ref w.Rejected), Sorted(w.RejectedByReason),
                w.LastShare, connected.Contains(w.Name)))
            .ToList();
        return new MinerResponse(account.ToAddress(ledger.Network.AddressPrefix), Rate(miner.Rate, now), Interlocked.Read(ref miner.Accepted),
            Interlocked.Read(ref miner.Rejected), Sorted(miner.RejectedByReason), miner.LastShare,
            total > 0 ? mine / total : 0, Interlocked.Read(ref miner.BlocksFound), Interlocked.Read(ref miner.MintsFound),
            new Amount((ulong)Interlocked.Read(ref miner.PaidUnits)).ToString(), Interlocked.Read(ref miner.PaidBlocks), workers);
    }
}
