using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>/api/v1/accounts/{address}: balance, nonce and a proof of both against the tip's state root.</summary>
public static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/accounts/{address}", Get).WithName("GetAccount")
            .WithSummary("Balance and nonce at the tip, with a sparse-Merkle proof against the state root the tip's coinbase commits to.");
    }

    private static IResult Get(NodeService node, string address)
    {
        var p = node.Options.Network;
        if (!AccountId.TryParse(address, p.AddressPrefix, out var account, out var error))
            return ApiErrors.BadRequest("bad-address", error);
        var key = StateKeys.Account(account);
        // One consistent view: tip, value and proof all from the same state.
        var (tip, value, immature, proof) = node.Chain.WithTipLocked((tip, state) =>
        {
            var value = state.Get(key);
            var overlay = new StateOverlay(state);
            var immature = Amount.Zero;
            uint from = tip.Height >= (uint)p.CoinbaseMaturity ? tip.Height - (uint)p.CoinbaseMaturity + 1 : 0;
            for (uint h = from; h <= tip.Height; h++)
                foreach (var payout in overlay.GetPendingPayouts(h))
                    if (payout.To == account) immature += payout.Amount;
            return (tip, value, immature, node.Chain.Commitment.Prove(tip.StateRoot, key));
        });
        var state = value is null ? AccountState.Empty : AccountState.Decode(value);
        ulong nextNonce = node.Chain.WithTipLocked((_, s) => node.Mempool.NextNonce(account, s));
        return Results.Ok(new AccountResponse(address, state.Balance.ToString(), state.Balance.Units, state.Nonce, nextNonce,
            immature.ToString(), immature.Units, tip.Height, tip.Hash.ToString(), tip.StateRoot.ToHexInternal(),
            new AccountProofDto(Convert.ToHexStringLower(key), value is null ? null : Convert.ToHexStringLower(value),
                Convert.ToHexStringLower(proof.ToBytes()), value is not null)));
    }
}
