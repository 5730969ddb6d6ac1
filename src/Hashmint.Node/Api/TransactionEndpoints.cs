using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/transactions and /api/v1/mempool.</summary>
public static class TransactionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/transactions/{txid}", Get).WithName("GetTransaction")
            .WithSummary("A pending (or waiting) or confirmed transaction, its operations described; 410 with the reason when it was dropped.")
            .Produces<TransactionResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(410);
        api.MapPost("/transactions", Submit).WithName("SubmitTransaction")
            .WithSummary("Submit a signed transaction as hex (text/plain body, or JSON {\"hex\": ...}); refused with its reason when it cannot apply.")
            .WithMetadata(new DocumentedBody(typeof(string), "text/plain")).Produces<SubmitTransactionResponse>(202).ProducesProblem(400).ProducesProblem(413);
        api.MapGet("/mempool", Mempool).WithName("GetMempool").WithSummary("Pending transactions in arrival order (the first `limit`, at most 1000).")
            .Produces<IReadOnlyList<MempoolEntryDto>>().ProducesProblem(400);
    }

    private static IResult Get(LedgerFacade ledger, string txid)
    {
        if (!Hash256.TryParse(txid, out var id)) return ApiErrors.BadRequest("bad-txid", "a txid is 64 hex characters");
        var describe = new DescribeContext(ledger.Network.AddressPrefix);
        if (ledger.GetPending(id) is { } pending)
            return Results.Ok(Describe(ledger, pending.Transaction, pending.IsWaiting ? "waiting" : "pending", pending.WaitingFor, null, null, 0, describe));
        var location = ledger.FindTransaction(id);
        if (location is null && ledger.DroppedReason(id) is { } dropped)
            return ApiErrors.Gone(dropped, $"transaction {txid} was dropped from the mempool: {dropped.Message}");
        if (location is null || ledger.GetBlock(location.Block) is not { } block) return ApiErrors.NotFound($"no transaction {txid}");
        long confirmations = ledger.Tip.Height - location.Height + 1;
        if (location.Position == 0)
        {
            var cb = block.Coinbase;
            var payouts = cb.Payouts.Select(p => new OperationDto("payout", $"pay {p.Amount} HMT to {describe.Address(p.To)} (spendable after {ledger.Network.CoinbaseMaturity} blocks)",
                new Dictionary<string, string> { ["to"] = describe.Address(p.To), ["amount"] = p.Amount.ToString(), ["amountUnits"] = p.Amount.Units.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
            return Results.Ok(new TransactionResponse(cb.Id.ToString(), "confirmed", null, location.Block.ToString(), location.Height, confirmations, "coinbase", 0, "0", 0, 0,
                payouts, cb.Encoded.Length, Convert.ToHexStringLower(cb.Encoded)));
        }
        var tx = block.Transactions[location.Position - 1];
        return Results.Ok(Describe(ledger, tx, "confirmed", null, location.Block.ToString(), location.Height, confirmations, describe));
    }

    private static TransactionResponse Describe(LedgerFacade ledger, Transaction tx, string status, string? waitingFor, string? blockHash, uint? height,
        long confirmations, DescribeContext describe) =>
        new(tx.Id.ToString(), status, waitingFor, blockHash, height, confirmations, describe.Address(tx.Sender), tx.Nonce, tx.Fee.ToString(), tx.Fee.Units,
            tx.ExpiryHeight, tx.Operations.Select(op => ToDto(ledger.Operations.Describe(op, describe))).ToList(), tx.Size, Convert.ToHexStringLower(tx.Encoded));

    private static OperationDto ToDto(OperationDescription d) => new(d.Type, d.Summary, d.Fields);

    private static async Task<IResult> Submit(LedgerFacade ledger, HttpRequest request)
    {
        var (bytes, error) = await RawHexBody.ReadAsync(request, TransactionCodec.MaxTransactionBytes * 2);
        if (bytes is null) return error!;
        Transaction tx;
        try { tx = ledger.Operations.DecodeTransaction(bytes); }
        catch (DecodeException e) { return ApiErrors.BadRequest(RejectCodes.Malformed, e.Message); }
        try { ledger.SubmitTransaction(tx); }
        catch (RejectedException e) { return ApiErrors.Rejected(e.Rejection); }
        return Results.Accepted($"/api/v1/transactions/{tx.Id}", new SubmitTransactionResponse(tx.Id.ToString()));
    }

    private static IResult Mempool(LedgerFacade ledger, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n, max: 1000)) return Cursor.BadLimit(1000);
        string hrp = ledger.Network.AddressPrefix;
        var entries = ledger.PendingTransactions().Take(n).Select(tx =>
            new MempoolEntryDto(tx.Id.ToString(), tx.Sender.ToAddress(hrp), tx.Nonce, tx.Fee.ToString(), tx.Size, ledger.GetPending(tx.Id)?.WaitingFor)).ToList();
        return Results.Ok(entries);
    }
}
