using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/transactions and /api/v1/mempool.</summary>
public static class TransactionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/transactions/{txid}", Get).WithName("GetTransaction").WithSummary("A pending or confirmed transaction.");
        api.MapPost("/transactions", Submit).WithName("SubmitTransaction")
            .WithSummary("Submit a signed transaction as hex (text/plain body, or JSON {\"hex\": ...}); 400 with the reason when refused.");
        api.MapGet("/mempool", (NodeService node) => Results.Ok(node.Mempool.All().Select(t => t.Id.ToString()).ToList())).WithName("GetMempool");
    }

    private static IResult Get(NodeService node, string txid)
    {
        if (!Hash256.TryParse(txid, out var id)) return ApiErrors.BadRequest("bad-txid", "a txid is 64 hex characters");
        string hrp = node.Options.Network.AddressPrefix;
        var pending = node.Mempool.Get(id);
        if (pending is not null) return Results.Ok(Describe(pending, "pending", null, null, 0, hrp));
        var location = node.Chain.Blocks.ReadTxLocation(id);
        if (location is null && node.Mempool.DroppedReason(id) is { } dropped)
            return Results.Problem(detail: $"transaction {txid} was dropped from the mempool: {dropped.Message}", statusCode: StatusCodes.Status410Gone,
                title: "Dropped", extensions: new Dictionary<string, object?> { ["code"] = dropped.Code });
        if (location is null) return ApiErrors.NotFound($"no transaction {txid}");
        var entry = node.Chain.GetEntry(location.Value.Block);
        var block = node.Chain.GetBlock(location.Value.Block);
        if (entry is null || block is null) return ApiErrors.NotFound($"no transaction {txid}");
        long confirmations = node.Chain.Tip.Height - entry.Height + 1;
        if (location.Value.Position == 0)
        {
            var cb = block.Coinbase;
            return Results.Ok(new TransactionResponse(cb.Id.ToString(), "confirmed", entry.Hash.ToString(), entry.Height, confirmations, "coinbase", 0, "0", 0, 0,
                cb.Payouts.Select(p => new OperationDto("payout", p.To.ToAddress(hrp), p.Amount.ToString(), p.Amount.Units)).ToList(),
                cb.Encoded.Length, Convert.ToHexStringLower(cb.Encoded)));
        }
        var tx = block.Transactions[location.Value.Position - 1];
        return Results.Ok(Describe(tx, "confirmed", entry.Hash.ToString(), entry.Height, confirmations, hrp));
    }

    private static TransactionResponse Describe(Transaction tx, string status, string? blockHash, uint? height, long confirmations, string hrp) =>
        new(tx.Id.ToString(), status, blockHash, height, confirmations, tx.Sender.ToAddress(hrp), tx.Nonce, tx.Fee.ToString(), tx.Fee.Units, tx.ExpiryHeight,
            tx.Operations.Select(op => op switch
            {
                TransferOperation t => new OperationDto("transfer", t.To.ToAddress(hrp), t.Amount.ToString(), t.Amount.Units),
                _ => new OperationDto(op.Type.ToString().ToLowerInvariant(), null, null, null),
            }).ToList(), tx.Size, Convert.ToHexStringLower(tx.Encoded));

    private static async Task<IResult> Submit(NodeService node, HttpRequest request)
    {
        var (bytes, error) = await RawHexBody.ReadAsync(request, TransactionCodec.MaxTransactionBytes * 2);
        if (bytes is null) return ApiErrors.BadRequest(RejectCodes.Malformed, error!);
        try
        {
            var tx = TransactionCodec.DecodeTransaction(bytes);
            node.SubmitTransaction(tx);
            return Results.Accepted($"/api/v1/transactions/{tx.Id}", new SubmitTransactionResponse(tx.Id.ToString()));
        }
        catch (DecodeException e) { return ApiErrors.BadRequest(RejectCodes.Malformed, e.Message); }
        catch (RejectedException e) { return ApiErrors.Rejected(e.Rejection); }
    }
}
