using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/status and /api/v1/blocks.</summary>
public static class ChainEndpoints
{
    public static void Map(RouteGroupBuilder api, TokenAuthFilter auth)
    {
        api.MapGet("/status", Status).WithName("GetStatus").WithSummary("Network, tip, difficulty, mempool and miner.");
        api.MapGet("/blocks/{id}", GetBlock).WithName("GetBlock").WithSummary("A block by height or hash: header fields and txids.");
        api.MapGet("/blocks/{id}/raw", GetRawBlock).WithName("GetRawBlock").WithSummary("A block's canonical bytes as hex (text/plain).");
        api.MapPost("/blocks", SubmitBlock).AddEndpointFilter(auth).WithName("SubmitBlock").WithSummary("Submit a raw block as hex (admin token).");
    }

    private static StatusResponse Status(NodeService node)
    {
        var tip = node.Chain.Tip;
        var miner = node.Miner;
        return new StatusResponse(node.Options.Network.Name, node.Options.Network.ChainId, tip.Height, tip.Hash.ToString(),
            CompactTarget.Difficulty(tip.Header.Bits), tip.Header.Bits.ToString("x8"), tip.ChainWork.ToString(), tip.Header.Time,
            new MempoolSummary(node.Mempool.Count, node.Mempool.Bytes),
            new MiningSummary(miner.IsRunning, miner.Threads, miner.HashesPerSecond, miner.EngineName, miner.BlocksFound),
            typeof(ChainEndpoints).Assembly.GetName().Version?.ToString() ?? "0");
    }

    internal static ChainEntry? Resolve(NodeService node, string id)
    {
        if (id.Length < 16 && uint.TryParse(id, out uint height)) return node.Chain.MainChainAt(height);
        return Hash256.TryParse(id, out var hash) ? node.Chain.GetEntry(hash) : null;
    }

    private static IResult GetBlock(NodeService node, string id)
    {
        if (!(id.Length < 16 && uint.TryParse(id, out _)) && !Hash256.TryParse(id, out _))
            return ApiErrors.BadRequest("bad-block-id", "a block id is a height (decimal) or a 64-hex-character hash");
        var entry = Resolve(node, id);
        var bytes = entry is null ? null : node.Chain.Blocks.ReadBlockBytes(entry.Hash);
        if (entry is null || bytes is null) return ApiErrors.NotFound($"no block '{id}'");
        var block = Block.Decode(bytes);
        bool main = node.Chain.IsOnMainChain(entry);
        string hrp = node.Options.Network.AddressPrefix;
        var cb = block.Coinbase;
        var coinbase = new CoinbaseDto(cb.Id.ToString(),
            cb.Payouts.Select(p => new PayoutDto(p.To.ToAddress(hrp), p.Amount.ToString(), p.Amount.Units)).ToList(),
            cb.NftRecipient.IsNone ? null : cb.NftRecipient.ToAddress(hrp), cb.StateRoot.ToHexInternal(),
            System.Text.Encoding.UTF8.GetString(cb.Message), cb.Extranonce.ToString("x16"));
        var h = block.Header;
        return Results.Ok(new BlockResponse(block.Hash.ToString(), entry.Height, main, main ? node.Chain.Tip.Height - entry.Height + 1 : 0,
            h.Version, h.PreviousHash.ToString(), h.MerkleRoot.ToString(), h.Time, h.Bits.ToString("x8"), h.Nonce, CompactTarget.Difficulty(h.Bits),
            cb.StateRoot.ToHexInternal(), bytes.Length, coinbase, block.TransactionIds().Select(t => t.ToString()).ToList()));
    }

    private static IResult GetRawBlock(NodeService node, string id)
    {
        var entry = Resolve(node, id);
        var bytes = entry is null ? null : node.Chain.Blocks.ReadBlockBytes(entry.Hash);
        return bytes is null ? ApiErrors.NotFound($"no block '{id}'") : Results.Text(Convert.ToHexStringLower(bytes), "text/plain");
    }

    private static async Task<IResult> SubmitBlock(NodeService node, HttpRequest request)
    {
        var (hex, error) = await RawHexBody.ReadAsync(request, node.Options.Network.MaxBlockBytes * 2 + 64);
        if (hex is null) return ApiErrors.BadRequest(RejectCodes.Malformed, error!);
        try
        {
            var block = Block.Decode(hex, node.Options.Network.MaxBlockBytes);
            var result = node.SubmitBlock(block);
            if (result.Rejection is not null) return ApiErrors.Rejected(result.Rejection);
            return Results.Ok(new SubmitBlockResponse(block.Hash.ToString(), result.Outcome.ToString().ToLowerInvariant(), block.Height));
        }
        catch (DecodeException e) { return ApiErrors.BadRequest(RejectCodes.Malformed, e.Message); }
        catch (RejectedException e) { return ApiErrors.Rejected(e.Rejection); }
    }
}
