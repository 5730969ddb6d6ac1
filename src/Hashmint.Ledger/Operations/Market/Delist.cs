using System.Globalization;
using Hashmint.Core.Encoding;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Withdraws a token's open listing. Payload: string collection | token id u64.</summary>
public sealed record DelistOperation(string Collection, ulong TokenId) : Operation
{
    public const byte Code = 0x21;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId);
}

/// <summary>The listing must be open; the token's owner (its seller) or an operator of the owner withdraws it.</summary>
public sealed class DelistHandler : OperationHandler<DelistOperation>
{
    public override byte Type => DelistOperation.Code;
    public override string Name => "delist";

    public override DelistOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64());

    public override void Apply(DelistOperation op, OperationContext context)
    {
        var state = context.State;
        var listing = state.GetListing(op.Collection, op.TokenId)
                      ?? throw new RejectedException(MarketRejectCodes.UnknownListing, $"{NftRules.Token(op.Collection, op.TokenId)} has no open listing");
        if (context.Sender != listing.Seller && !state.IsOperator(op.Collection, listing.Seller, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the seller or an operator withdraws the listing of {NftRules.Token(op.Collection, op.TokenId)}");
        state.CloseListing(op.Collection, op.TokenId, listing);
    }

    public override OperationDescription Describe(DelistOperation op, DescribeContext context) =>
        new(Name, $"withdraw the listing of {NftRules.Token(op.Collection, op.TokenId)}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture),
        });
}
