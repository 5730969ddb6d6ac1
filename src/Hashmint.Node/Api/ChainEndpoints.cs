using System.Buffers.Binary;
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
    private static readonly byte[] BlockCursorPrefix = "blk:"u8.ToArray();

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/status", Status).WithName("GetStatus").WithSummary("Network, tip, difficulty, mempool and miner.");
        api.MapGet("/blocks", List).WithName("ListBlocks").WithSummary("Main-chain blocks, newest first (cursor paging).")
            .Produces<Page<BlockSummaryDto>>().ProducesProblem(400);
        api.MapGet("/blocks/{id}", GetBlock).WithName("GetBlock").WithSummary("A block by height or hash: header fields and txids.")
            .Produces<BlockResponse>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/blocks/{id}/raw", GetRawBlock).WithName("GetRawBlock").WithSummary("A block's canonical bytes as hex (text/plain).")
            .Produces<string>(200, "text/plain").ProducesProblem(400).ProducesProblem(404);
        api.MapPost("/blocks", SubmitBlock).RequireAuthorization().WithName("SubmitBlock").WithSummary("Submit a raw block as hex (admin token).")
            .WithMetadata(new DocumentedBody(typeof(string), "text/plain")).Produces<SubmitBlockResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(413);
    }

    private static StatusResponse Status(LedgerFacade ledger, BlockMiner miner, Hashmint.Network.NetworkService network)
    {
        var floor = ledger.ValidatedFrom;
        var sync = network.SnapshotSync;
        SnapshotSummary? snapshot = floor is null && sync is null ? null
            // Fully validated: replayed every block itself, or a replay confirmed the snapshot; not while a snapshot sync is still running.
            : new SnapshotSummary(floor?.Height, floor?.Hash.ToString(),
                floor is null ? sync is { Phase: "skipped" or "abandoned" } : ledger.Backfill is { Verified: true }, ledger.Backfill?.Missing,
                network.SnapshotVerification, sync?.Phase, sync?.Block, sync?.Attempts ?? 0, sync?.Pairs ?? 0, sync?.LastError);
        var tip = ledger.Tip;
        var pool = ledger.MempoolStats;
        return new StatusResponse(ledger.Network.Name, ledger.Network.ChainId, tip.Height, tip.Hash.ToString(),
            CompactTarget.Difficulty(tip.Header.Bits), tip.Header.Bits.ToString("x8"), tip.ChainWork.ToString(), tip.Header.Time,
            new MempoolSummary(pool.Count, pool.Bytes),
            new MiningSummary(miner.IsRunning, miner.Threads, miner.HashesPerSecond, miner.EngineName, miner.BlocksFound),
            typeof(ChainEndpoints).Assembly.GetName().Version?.ToString() ?? "0", snapshot);
    }

    private static IResult List(LedgerFacade ledger, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (!Cursor.TryDecode(cursor, BlockCursorPrefix, out var key) || (key is not null && key.Length != BlockCursorPrefix.Length + 4)) return Cursor.BadCursor();
        // The cursor is the height of the last block shown; the next page starts below it.
        long top = key is null ? ledger.Tip.Height : (long)BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(BlockCursorPrefix.Length)) - 1;
        var items = new List<BlockSummaryDto>(n);
        string hrp = ledger.Network.AddressPrefix;
        for (long h = top; h >= 0 && items.Count < n; h--)
        {
            if (ledger.BlockAt((uint)h) is not { } point || ledger.GetBlock(point.Hash) is not { } block) break;
            var recipient = block.Coinbase.NftRecipient;
            items.Add(new BlockSummaryDto(point.Hash.ToString(), point.Height, point.Header.Time, point.Header.Bits.ToString("x8"),
                CompactTarget.Difficulty(point.Header.Bits), block.Transactions.Count + 1, recipient.IsNone ? null : recipient.ToAddress(hrp)));
        }
        string? next = items.Count == n && items[^1].Height > 0 ? Cursor.Encode([.. BlockCursorPrefix, .. HeightBytes(items[^1].Height)]) : null;
        return Results.Ok(new Page<BlockSummaryDto>(items, next));
    }

    private static byte[] HeightBytes(uint height)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, height);
        return b;
    }

    internal static bool IsBlockId(string id) => (id.Length < 16 && uint.TryParse(id, out _)) || Hash256.TryParse(id, out _);

    internal static ChainPoint? Resolve(LedgerFacade ledger, string id)
    {
        if (id.Length < 16 && uint.TryParse(id, out uint height)) return ledger.BlockAt(height);
        if (!Hash256.TryParse(id, out var hash)) return null;
        // A main-chain block below the snapshot the node started from is known by its header alone.
        return ledger.FindBlock(hash) ?? (ledger.FindHeader(hash) is { } header && ledger.IsOnMainChain(hash) ? header : null);
    }

    /// <summary>409 for a main-chain block whose body is not here because the node started from a snapshot above it.</summary>
    internal static IResult NotBackfilled(LedgerFacade ledger, ChainPoint point) =>
        ApiErrors.Conflict("not-backfilled", $"block {point.Height} ({point.Hash}) is not yet backfilled: this node started from a snapshot at height {ledger.ValidatedFrom?.Height} and has no bodies below it");

    private static IResult BadBlockId() => ApiErrors.BadRequest("bad-block-id", "a block id is a height (decimal) or a 64-hex-character hash");

    private static IResult GetBlock(LedgerFacade ledger, string id)
    {
        if (!IsBlockId(id)) return BadBlockId();
        var point = Resolve(ledger, id);
        var bytes = point is null ? null : ledger.GetBlockBytes(point.Hash);
        if (point is not null && bytes is null && ledger.IsNotBackfilled(point)) return NotBackfilled(ledger, point);
        if (point is null || bytes is null) return ApiErrors.NotFound($"no block '{id}'");
        var block = ledger.Operations.DecodeBlock(bytes);
        bool main = ledger.IsOnMainChain(point.Hash);
        string hrp = ledger.Network.AddressPrefix;
        var cb = block.Coinbase;
        var coinbase = new CoinbaseDto(cb.Id.ToString(),
            cb.Payouts.Select(p => new PayoutDto(p.To.ToAddress(hrp), p.Amount.ToString(), p.Amount.Units)).ToList(),
            cb.NftRecipient.IsNone ? null : cb.NftRecipient.ToAddress(hrp), cb.StateRoot.ToHexInternal(),
            System.Text.Encoding.UTF8.GetString(cb.Message), cb.Extranonce.ToString("x16"));
        var h = block.Header;
        return Results.Ok(new BlockResponse(block.Hash.ToString(), point.Height, main, main ? ledger.Tip.Height - point.Height + 1 : 0,
            h.Version, h.PreviousHash.ToString(), h.MerkleRoot.ToString(), h.Time, h.Bits.ToString("x8"), h.Nonce, CompactTarget.Difficulty(h.Bits),
            cb.StateRoot.ToHexInternal(), bytes.Length, coinbase, block.TransactionIds().Select(t => t.ToString()).ToList()));
    }

    private static IResult GetRawBlock(LedgerFacade ledger, string id)
    {
        if (!IsBlockId(id)) return BadBlockId();
        var point = Resolve(ledger, id);
        var bytes = point is null ? null : ledger.GetBlockBytes(point.Hash);
        if (point is not null && bytes is null && ledger.IsNotBackfilled(point)) return NotBackfilled(ledger, point);
        return bytes is null ? ApiErrors.NotFound($"no block '{id}'") : Results.Text(Convert.ToHexStringLower(bytes), "text/plain");
    }

    private static async Task<IResult> SubmitBlock(LedgerFacade ledger, HttpRequest request)
    {
        var p = ledger.Network;
        var (bytes, error) = await RawHexBody.ReadAsync(request, p.MaxBlockBytes * 2 + 64);
        if (bytes is null) return error!;
        Block block;
        try { block = ledger.Operations.DecodeBlock(bytes, p.MaxBlockBytes); }
        catch (DecodeException e) { return ApiErrors.BadRequest(RejectCodes.Malformed, e.Message); }
        var result = ledger.SubmitBlock(block);
        if (result.Rejection is not null) return ApiErrors.Rejected(result.Rejection);
        return Results.Ok(new SubmitBlockResponse(block.Hash.ToString(), System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(result.Outcome.ToString()), block.Height));
    }
}
