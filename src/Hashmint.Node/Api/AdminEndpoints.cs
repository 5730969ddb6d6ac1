using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>Node control, behind the API token.</summary>
public static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder api, TokenAuthFilter auth)
    {
        var admin = api.MapGroup("/admin").AddEndpointFilter(auth);
        admin.MapPost("/mining", SetMining).WithName("SetMining").WithSummary("Start (with a thread count) or stop the built-in miner.");
        admin.MapPost("/generate", Generate).WithName("Generate").WithSummary("Mine a number of blocks now, paying an address (regtest/dev tooling).");
    }

    private static async Task<IResult> Generate(NodeService node, GenerateRequest request, CancellationToken ct)
    {
        if (request.Count is < 1 or > 10_000) return ApiErrors.BadRequest("bad-count", "count must be 1..10000");
        var payTo = node.PayTo;
        if (request.Address is not null && !Core.Primitives.AccountId.TryParse(request.Address, node.Options.Network.AddressPrefix, out payTo, out var error))
            return ApiErrors.BadRequest("bad-address", error);
        var blocks = await node.GenerateAsync(request.Count, payTo, ct);
        return Results.Ok(blocks.Select(b => b.Hash.ToString()).ToList());
    }

    private static IResult SetMining(NodeService node, MiningRequest request)
    {
        if (request.Enabled)
        {
            int threads = request.Threads ?? Math.Max(1, node.Miner.Threads);
            if (threads is < 1 or > 1024) return ApiErrors.BadRequest("bad-threads", "threads must be 1..1024");
            node.Miner.Start(threads);
        }
        else node.Miner.Stop();
        return Results.Ok(new MiningSummary(node.Miner.IsRunning, node.Miner.Threads, node.Miner.HashesPerSecond, node.Miner.EngineName, node.Miner.BlocksFound));
    }
}
