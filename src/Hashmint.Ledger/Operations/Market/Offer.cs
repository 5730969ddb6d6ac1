using System.Globalization;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Offers to buy: one token, any token of a collection, or any token of a collection with a trait, up to
/// <paramref name="Quantity"/> tokens at <paramref name="Price"/> each, held in escrow until filled, cancelled or expired.
/// Payload: offer target | price u64 | quantity u32 | expiry u32 (0 = none).
/// </summary>
public sealed record MakeOfferOperation(OfferTarget Target, Amount Price, uint Quantity, uint Expiry) : Operation
{
    public const byte Code = 0x23;
    public const uint MaxQuantity = 1000;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w)
    {
        Target.Write(w);
        w.U64(Price.Units).U32(Quantity).U32(Expiry);
    }
}

/// <summary>The buyer's coins (price × quantity) go into escrow at once; the offer gets the next offer id.</summary>
public sealed class MakeOfferHandler : OperationHandler<MakeOfferOperation>
{
    public override byte Type => MakeOfferOperation.Code;
    public override string Name => "offer";

    public override MakeOfferOperation Read(ref SpanReader r) => new(OfferTarget.Read(ref r), new Amount(r.ReadU64()), r.ReadU32(), r.ReadU32());

    public override void CheckStateless(MakeOfferOperation op, Transaction tx, ChainParams network)
    {
        if (op.Target.Problem() is { } problem) throw new RejectedException(MarketRejectCodes.BadOffer, problem);
        if (op.Price.Units == 0) throw new RejectedException(MarketRejectCodes.BadOffer, "an offer's price must be positive");
        if (op.Quantity is 0 or > MakeOfferOperation.MaxQuantity) throw new RejectedException(MarketRejectCodes.BadOffer, $"an offer's quantity is 1..{MakeOfferOperation.MaxQuantity}");
        if (op.Target.Kind == OfferKind.Token && op.Quantity != 1) throw new RejectedException(MarketRejectCodes.BadOffer, "an offer for one token has quantity 1");
        if ((UInt128)op.Price.Units * op.Quantity > ulong.MaxValue) throw new RejectedException(MarketRejectCodes.BadOffer, "price × quantity overflows");
    }

    public override void Apply(MakeOfferOperation op, OperationContext context)
    {
        var state = context.State;
        var target = op.Target;
        NftRules.RequireCollection(state, target.Collection);
        if (target.Kind == OfferKind.Token)
        {
            var token = NftRules.RequireToken(state, target.Collection, target.TokenId);
            if (token.Owner == context.Sender) throw new RejectedException(NftRejectCodes.BadRecipient, $"the sender already owns {target}");
        }
        if (op.Expiry != 0 && op.Expiry <= context.Height)
            throw new RejectedException(MarketRejectCodes.BadOffer, $"the offer would end at height {op.Expiry}, not after this block ({context.Height})");
        var escrow = new Amount(op.Price.Units * op.Quantity);
        MarketState.Debit(state, context.Sender, escrow, "the offer's escrow");
        state.ChangeEscrow(escrow, Amount.Zero);
        state.OpenOffer(state.NextOfferId(), new Offer(context.Sender, target, op.Price, op.Quantity, op.Expiry, context.Height));
    }

    public override Amount Outflow(MakeOfferOperation op, AccountId sender, IStateReader state) => new(checked(op.Price.Units * op.Quantity));

    public override OperationDescription Describe(MakeOfferOperation op, DescribeContext context)
    {
        var fields = new Dictionary<string, string>
        {
            ["collection"] = op.Target.Collection, ["kind"] = NftRules.Kebab(op.Target.Kind), ["price"] = op.Price.ToString(),
            ["quantity"] = op.Quantity.ToString(CultureInfo.InvariantCulture),
        };
        if (op.Target.Kind == OfferKind.Token) fields["tokenId"] = op.Target.TokenId.ToString(CultureInfo.InvariantCulture);
        if (op.Target.Kind == OfferKind.Trait) { fields["trait"] = op.Target.Trait; fields["value"] = op.Target.Value; }
        if (op.Expiry != 0) fields["expiry"] = op.Expiry.ToString(CultureInfo.InvariantCulture);
        string quantity = op.Quantity == 1 ? "" : $" (up to {op.Quantity})";
        return new(Name, $"offer {op.Price} HMT for {op.Target}{quantity}", fields);
    }
}

/// <summary>Sells a token into an open offer. Payload: offer id u64 | token id u64.</summary>
public sealed record AcceptOfferOperation(ulong OfferId, ulong TokenId) : Operation
{
    public const byte Code = 0x24;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.U64(OfferId).U64(TokenId);
}

/// <summary>
/// The owner, the approved spender or an operator accepts; the token must be one the offer buys; the price comes out of
/// escrow and is shared like every sale (royalties, then the owner); the token goes to the buyer; the offer fills one.
/// </summary>
public sealed class AcceptOfferHandler : OperationHandler<AcceptOfferOperation>
{
    public override byte Type => AcceptOfferOperation.Code;
    public override string Name => "accept-offer";

    public override AcceptOfferOperation Read(ref SpanReader r) => new(r.ReadU64(), r.ReadU64());

    public override void Apply(AcceptOfferOperation op, OperationContext context)
    {
        var state = context.State;
        var offer = state.GetOffer(op.OfferId) ?? throw new RejectedException(MarketRejectCodes.UnknownOffer, $"no open offer {op.OfferId} (filled, cancelled or expired)");
        var target = offer.Target;
        var collection = NftRules.RequireCollection(state, target.Collection);
        var token = NftRules.RequireToken(state, target.Collection, op.TokenId);
        string what = NftRules.Token(target.Collection, op.TokenId);
        if (target.Kind == OfferKind.Token && target.TokenId != op.TokenId)
            throw new RejectedException(MarketRejectCodes.OfferMismatch, $"offer {op.OfferId} is for {target}, not {what}");
        if (target.Kind == OfferKind.Trait && OfferTarget.TraitOf(collection.Definition, token, target.Trait) != target.Value)
            throw new RejectedException(MarketRejectCodes.OfferMismatch, $"offer {op.OfferId} wants {target.Trait} = {target.Value}, which {what} does not have");
        if (!NftRules.MayMove(state, target.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner, the approved spender or an operator sells {what}");
        if (token.Owner == offer.Buyer) throw new RejectedException(NftRejectCodes.BadRecipient, $"the offer's buyer already owns {what}");
        MarketState.CheckNotInAuction(state, target.Collection, op.TokenId);

        state.ChangeEscrow(Amount.Zero, offer.Price);
        state.PutOffer(op.OfferId, offer with { Remaining = offer.Remaining - 1 });
        if (state.GetListing(target.Collection, op.TokenId) is { } listing) state.CloseListing(target.Collection, op.TokenId, listing);
        state.CompleteSale(collection, op.TokenId, token, offer.Buyer, offer.Price, SaleVia.Offer, context.Height);
    }

    public override OperationDescription Describe(AcceptOfferOperation op, DescribeContext context) =>
        new(Name, $"sell token #{op.TokenId} into offer {op.OfferId}", new Dictionary<string, string>
        {
            ["offerId"] = op.OfferId.ToString(CultureInfo.InvariantCulture), ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture),
        });
}

/// <summary>Withdraws an open offer; what it still holds goes back to the buyer. Payload: offer id u64.</summary>
public sealed record CancelOfferOperation(ulong OfferId) : Operation
{
    public const byte Code = 0x25;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.U64(OfferId);
}

public sealed class CancelOfferHandler : OperationHandler<CancelOfferOperation>
{
    public override byte Type => CancelOfferOperation.Code;
    public override string Name => "cancel-offer";

    public override CancelOfferOperation Read(ref SpanReader r) => new(r.ReadU64());

    public override void Apply(CancelOfferOperation op, OperationContext context)
    {
        var state = context.State;
        var offer = state.GetOffer(op.OfferId) ?? throw new RejectedException(MarketRejectCodes.UnknownOffer, $"no open offer {op.OfferId} (filled, cancelled or expired)");
        if (offer.Buyer != context.Sender) throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the buyer who made offer {op.OfferId} cancels it");
        state.RefundOffer(op.OfferId, offer);
    }

    public override OperationDescription Describe(CancelOfferOperation op, DescribeContext context) =>
        new(Name, $"cancel offer {op.OfferId} and take back its escrow", new Dictionary<string, string> { ["offerId"] = op.OfferId.ToString(CultureInfo.InvariantCulture) });
}
