using System.Globalization;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Offers a token for sale at a fixed or falling (Dutch) price. Payload: string collection | token id u64 | listing terms.</summary>
public sealed record ListOperation(string Collection, ulong TokenId, ListingTerms Terms) : Operation
{
    public const byte Code = 0x20;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w)
    {
        w.String(Collection).U64(TokenId);
        Terms.Write(w);
    }
}

/// <summary>
/// The owner or an operator of the owner lists; the proceeds go to the owner. One open listing per token; the token
/// stays with its owner until it is bought, and a transfer or burn of it ends the listing.
/// </summary>
public sealed class ListHandler : OperationHandler<ListOperation>
{
    public override byte Type => ListOperation.Code;
    public override string Name => "list";

    public override ListOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), ListingTerms.Read(ref r));

    public override void CheckStateless(ListOperation op, Transaction tx, ChainParams network)
    {
        if (op.Terms.Problem() is { } problem) throw new RejectedException(MarketRejectCodes.BadListing, problem);
    }

    public override void Apply(ListOperation op, OperationContext context)
    {
        var state = context.State;
        NftRules.RequireCollection(state, op.Collection);
        var token = NftRules.RequireToken(state, op.Collection, op.TokenId);
        if (!NftRules.IsOwnerOrOperator(state, op.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator lists {NftRules.Token(op.Collection, op.TokenId)}");
        MarketState.CheckNotInAuction(state, op.Collection, op.TokenId);
        if (state.GetListing(op.Collection, op.TokenId) is not null)
            throw new RejectedException(MarketRejectCodes.AlreadyListed, $"{NftRules.Token(op.Collection, op.TokenId)} is already listed: delist it first (both can go in one transaction)");
        if (op.Terms.Expiry != 0 && op.Terms.Expiry <= context.Height)
            throw new RejectedException(MarketRejectCodes.BadListing, $"the listing would end at height {op.Terms.Expiry}, not after this block ({context.Height})");
        state.OpenListing(op.Collection, op.TokenId, new Listing(token.Owner, context.Height, op.Terms));
    }

    public override OperationDescription Describe(ListOperation op, DescribeContext context)
    {
        var t = op.Terms;
        var fields = new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture),
            ["kind"] = NftRules.Kebab(t.Kind), ["price"] = t.Price.ToString(),
        };
        string summary;
        if (t.Kind == ListingKind.Dutch)
        {
            fields["endPrice"] = t.EndPrice.ToString();
            fields["startHeight"] = t.StartHeight.ToString(CultureInfo.InvariantCulture);
            fields["endHeight"] = t.EndHeight.ToString(CultureInfo.InvariantCulture);
            summary = $"list {NftRules.Token(op.Collection, op.TokenId)} falling from {t.Price} to {t.EndPrice} HMT between heights {t.StartHeight} and {t.EndHeight}";
        }
        else
        {
            if (t.Expiry != 0) fields["expiry"] = t.Expiry.ToString(CultureInfo.InvariantCulture);
            summary = $"list {NftRules.Token(op.Collection, op.TokenId)} for {t.Price} HMT{(t.Expiry != 0 ? $" until height {t.Expiry}" : "")}";
        }
        return new(Name, summary, fields);
    }
}
