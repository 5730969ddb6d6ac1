using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Lets one spender move a token (the zero account clears). Payload: string collection | token id u64 | spender 32.</summary>
public sealed record ApproveOperation(string Collection, ulong TokenId, AccountId Spender) : Operation
{
    public const byte Code = 0x15;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).Hash(Spender.Key);
}

/// <summary>The owner or an operator approves; the owner cannot be its own spender; the approval ends when the token moves.</summary>
public sealed class ApproveHandler : OperationHandler<ApproveOperation>
{
    public override byte Type => ApproveOperation.Code;
    public override string Name => "approve";

    public override ApproveOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new AccountId(r.ReadHash()));

    public override void Apply(ApproveOperation a, OperationContext context)
    {
        var state = context.State;
        var token = NftRules.RequireToken(state, a.Collection, a.TokenId);
        if (!NftRules.IsOwnerOrOperator(state, a.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator approves a spender for {NftRules.Token(a.Collection, a.TokenId)}");
        if (a.Spender == token.Owner) throw new RejectedException(NftRejectCodes.BadRecipient, "the owner cannot be its own approved spender");
        state.PutToken(a.Collection, a.TokenId, token, token with { Approved = a.Spender });
    }

    public override IReadOnlyList<AccountId> Participants(ApproveOperation op) => op.Spender.IsNone ? [] : [op.Spender];

    public override OperationDescription Describe(ApproveOperation op, DescribeContext context) =>
        new(Name, op.Spender.IsNone
                ? $"clear the approved spender of {NftRules.Token(op.Collection, op.TokenId)}"
                : $"let {context.Address(op.Spender)} move {NftRules.Token(op.Collection, op.TokenId)}",
            new Dictionary<string, string>
            {
                ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["spender"] = context.Address(op.Spender),
            });
}
