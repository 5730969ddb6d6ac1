using Hashmint.Core.Encoding;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Destroys a token. Payload: string collection | token id u64. A burnt land parcel stays taken.</summary>
public sealed record BurnTokenOperation(string Collection, ulong TokenId) : Operation
{
    public const byte Code = 0x14;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId);
}

/// <summary>The owner or an operator of the owner burns; the collection counts it as burned (max supply still counts it).</summary>
public sealed class BurnTokenHandler : OperationHandler<BurnTokenOperation>
{
    public override byte Type => BurnTokenOperation.Code;
    public override string Name => "burn-token";

    public override BurnTokenOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64());

    public override void Apply(BurnTokenOperation b, OperationContext context)
    {
        var state = context.State;
        var c = NftRules.RequireCollection(state, b.Collection);
        var token = NftRules.RequireToken(state, b.Collection, b.TokenId);
        if (!NftRules.IsOwnerOrOperator(state, b.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator burns {NftRules.Token(b.Collection, b.TokenId)}");
        state.EndMarketObjectsOnMove(b.Collection, b.TokenId); // a burnt token's listing ends with it
        state.PutToken(b.Collection, b.TokenId, token, null);
        state.SetCollection(c with { Burned = c.Burned + 1 });
    }

    public override OperationDescription Describe(BurnTokenOperation op, DescribeContext context) =>
        new(Name, $"burn {NftRules.Token(op.Collection, op.TokenId)}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
