using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Moves a token. Payload: string collection | token id u64 | to 32.</summary>
public sealed record TransferTokenOperation(string Collection, ulong TokenId, AccountId To) : Operation
{
    public const byte Code = 0x13;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).Hash(To.Key);
}

/// <summary>
/// The sender must be the owner, the approved spender or an operator of the owner; market-only collections refuse
/// direct transfers; the recipient is someone other than nobody and the owner. The approval is cleared.
/// </summary>
public sealed class TransferTokenHandler : OperationHandler<TransferTokenOperation>
{
    public override byte Type => TransferTokenOperation.Code;
    public override string Name => "transfer-token";

    public override TransferTokenOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new AccountId(r.ReadHash()));

    public override void Apply(TransferTokenOperation t, OperationContext context)
    {
        var state = context.State;
        var c = NftRules.RequireCollection(state, t.Collection);
        var token = NftRules.RequireToken(state, t.Collection, t.TokenId);
        if (c.Definition.TransferPolicy == TransferPolicy.MarketOnly)
            throw new RejectedException(NftRejectCodes.MarketOnly, $"tokens of '{c.Id}' change hands only through the market, so royalties are paid");
        if (!NftRules.MayMove(state, t.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"the sender is not the owner, the approved spender or an operator of {NftRules.Token(t.Collection, t.TokenId)}");
        if (t.To.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a token cannot be sent to nobody (burn it instead)");
        if (t.To == token.Owner) throw new RejectedException(NftRejectCodes.BadRecipient, "the recipient already owns the token");
        state.EndMarketObjectsOnMove(t.Collection, t.TokenId); // a listing ends when its token moves (no stale listings)
        state.PutToken(t.Collection, t.TokenId, token, token with { Owner = t.To, Approved = AccountId.None });
    }

    public override IReadOnlyList<AccountId> Participants(TransferTokenOperation op) => [op.To];

    public override OperationDescription Describe(TransferTokenOperation op, DescribeContext context) =>
        new(Name, $"send {NftRules.Token(op.Collection, op.TokenId)} to {context.Address(op.To)}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["to"] = context.Address(op.To),
        });
}
