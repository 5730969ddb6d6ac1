using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Lets an operator move all of the sender's tokens of one collection, or revokes that. Payload: string collection | operator 32 | u8 approved.</summary>
public sealed record SetOperatorOperation(string Collection, AccountId Operator, bool Approved) : Operation
{
    public const byte Code = 0x16;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).Hash(Operator.Key).Bool(Approved);
}

/// <summary>Per (collection, owner, operator); the collection must exist; the operator is another account than the sender and not nobody.</summary>
public sealed class SetOperatorHandler : OperationHandler<SetOperatorOperation>
{
    public override byte Type => SetOperatorOperation.Code;
    public override string Name => "set-operator";

    public override SetOperatorOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), new AccountId(r.ReadHash()), r.ReadBool());

    public override void Apply(SetOperatorOperation s, OperationContext context)
    {
        NftRules.RequireCollection(context.State, s.Collection);
        if (s.Operator.IsNone || s.Operator == context.Sender) throw new RejectedException(NftRejectCodes.BadRecipient, "an operator must be another account");
        context.State.Set(NftKeys.Operator(s.Collection, context.Sender, s.Operator), s.Approved ? [1] : null);
    }

    public override IReadOnlyList<AccountId> Participants(SetOperatorOperation op) => [op.Operator];

    public override OperationDescription Describe(SetOperatorOperation op, DescribeContext context) =>
        new(Name, op.Approved
                ? $"let {context.Address(op.Operator)} move all of the sender's '{op.Collection}' tokens"
                : $"revoke {context.Address(op.Operator)} as operator of the sender's '{op.Collection}' tokens",
            new Dictionary<string, string> { ["collection"] = op.Collection, ["operator"] = context.Address(op.Operator), ["approved"] = op.Approved ? "true" : "false" });
}
