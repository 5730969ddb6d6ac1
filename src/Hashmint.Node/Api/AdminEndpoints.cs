using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Mining;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>Node control, behind the API token (ASP.NET Core authentication, scheme Bearer).</summary>
public static class AdminEndpoints
{
    private const int MaxBodyBytes = 4096;

    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization();
        admin.MapPost("/mining", SetMining).WithName("SetMining")
            .WithSummary("Start (enabled: true, optional threads 1..1024) or stop (enabled: false) the built-in miner.")
            .WithMetadata(new DocumentedBody(typeof(MiningRequest), "application/json")).Produces<MiningSummary>().ProducesProblem(400).ProducesProblem(401);
        admin.MapPost("/generate", Generate).WithName("Generate")
            .WithSummary("Mine count (1..10000) blocks now, paying address or the node's payout account (regtest/dev tooling).")
            .WithMetadata(new DocumentedBody(typeof(GenerateRequest), "application/json")).Produces<IReadOnlyList<string>>().ProducesProblem(400).ProducesProblem(401);
    }

    private static async Task<IResult> Generate(LedgerFacade ledger, MinerIdentity identity, Microsoft.Extensions.Options.IOptions<NodeOptions> options,
        HttpRequest request, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(request, MaxBodyBytes, "count", "address");
        if (body is null) return error!;
        if (!body.TryInt("count", 1, 10_000, out int? count, out error)) return error!;
        if (count is null) return ApiErrors.BadRequest("bad-body", "'count' is required (1..10000)");
        if (!body.TryString("address", 200, out string? address, out error)) return error!;
        var payTo = identity.PayTo;
        if (address is not null && !AccountId.TryParse(address, ledger.Network.AddressPrefix, out payTo, out var why)) return ApiErrors.BadRequest("bad-address", why);
        if (payTo.IsNone) return ApiErrors.BadRequest("bad-address", "this node has no payout account: pass an address");
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(options.Value.MiningEngine), 1);
        var hashes = new List<string>(count.Value);
        while (hashes.Count < count)
        {
            var template = ledger.CreateTemplate(TemplateRequest.Solo(payTo, $"hashmint {ledger.Network.Name} generate"));
            var block = await BlockMiner.SolveAsync(template, searcher, ct);
            if (block is null) return ApiErrors.Problem(StatusCodes.Status503ServiceUnavailable, "Cancelled", "cancelled", "the request was cancelled");
            var result = ledger.SubmitBlock(block);
            if (result.Rejection is not null) return ApiErrors.Rejected(result.Rejection);
            if (result.Outcome == BlockOutcome.Connected) hashes.Add(block.Hash.ToString());
        }
        return Results.Ok(hashes);
    }

    private static async Task<IResult> SetMining(BlockMiner miner, HttpRequest request)
    {
        var (body, error) = await JsonBody.ReadAsync(request, MaxBodyBytes, "enabled", "threads");
        if (body is null) return error!;
        if (!body.TryBool("enabled", required: true, out bool enabled, out error)) return error!;
        if (!body.TryInt("threads", 1, 1024, out int? threads, out error)) return error!;
        if (!enabled && threads is not null) return ApiErrors.BadRequest("bad-body", "'threads' goes with enabled: true");
        if (enabled)
        {
            try { await miner.StartAsync(threads ?? Math.Max(1, miner.Threads)); }
            catch (InvalidOperationException e) { return ApiErrors.BadRequest("no-payout", e.Message); }
        }
        else await miner.StopAsync();
        return Results.Ok(new MiningSummary(miner.IsRunning, miner.Threads, miner.HashesPerSecond, miner.EngineName, miner.BlocksFound));
    }
}
