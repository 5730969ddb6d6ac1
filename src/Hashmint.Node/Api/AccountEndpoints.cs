using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.State;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/accounts/{address}: balance, nonce and a proof of both against the tip's state root.</summary>
public static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/accounts/{address}", Get).WithName("GetAccount")
            .WithSummary("Balance and nonce at the tip, with a sparse-Merkle proof against the state root the tip's coinbase commits to.")
            .Produces<AccountResponse>().ProducesProblem(400);
        api.MapGet("/accounts/{address}/activity", Activity).WithName("GetAccountActivity")
            .WithSummary("The main-chain transactions an account took part in (sent, received, paid by the coinbase), newest first (cursor paging).")
            .Produces<Page<ActivityDto>>().ProducesProblem(400);
    }

    private static IResult Activity(LedgerFacade ledger, string address, string? cursor, int? limit)
    {
        if (!TryAccount(ledger, address, out var account, out var error)) return error!;
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (!Cursor.TryDecode(cursor, account.ToArray(), out var after)) return Cursor.BadCursor();
        var page = ledger.Activity(account, after, n);
        var items = page.Select(p => new ActivityDto(p.Entry.Txid.ToString(), p.Entry.Height, p.Entry.Position, RoleNames(p.Entry.Roles))).ToList();
        return Results.Ok(new Page<ActivityDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IReadOnlyList<string> RoleNames(Ledger.Chain.ActivityRoles roles) =>
        Enum.GetValues<Ledger.Chain.ActivityRoles>().Where(r => r != Ledger.Chain.ActivityRoles.None && roles.HasFlag(r))
            .Select(r => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString())).ToList();

    internal static bool TryAccount(LedgerFacade ledger, string address, out AccountId account, out IResult? error)
    {
        error = null;
        if (AccountId.TryParse(address, ledger.Network.AddressPrefix, out account, out var why)) return true;
        error = ApiErrors.BadRequest("bad-address", why);
        return false;
    }

    private static IResult Get(LedgerFacade ledger, string address)
    {
        if (!TryAccount(ledger, address, out var account, out var error)) return error!;
        var p = ledger.Network;
        var key = StateKeys.Account(account);
        // One consistent view: tip, value, immature payouts and proof all from the same state.
        var (tip, value, immature, proof) = ledger.ReadState(view =>
        {
            var value = view.Get(key);
            var overlay = new StateOverlay(view);
            var immature = Amount.Zero;
            uint from = view.Tip.Height >= (uint)p.CoinbaseMaturity ? view.Tip.Height - (uint)p.CoinbaseMaturity + 1 : 0;
            for (uint h = from; h <= view.Tip.Height; h++)
                foreach (var payout in overlay.GetPendingPayouts(h))
                    if (payout.To == account) immature += payout.Amount;
            return (view.Tip, value, immature, view.Prove(key));
        });
        var state = value is null ? AccountState.Empty : AccountState.Decode(value);
        ulong nextNonce = ledger.NextNonce(account);
        return Results.Ok(new AccountResponse(address, state.Balance.ToString(), state.Balance.Units, state.Nonce, nextNonce,
            immature.ToString(), immature.Units, tip.Height, tip.Hash.ToString(), tip.StateRoot.ToHexInternal(),
            new StateProofDto(Convert.ToHexStringLower(key), value is null ? null : Convert.ToHexStringLower(value),
                Convert.ToHexStringLower(proof.ToBytes()), value is not null)));
    }
}
