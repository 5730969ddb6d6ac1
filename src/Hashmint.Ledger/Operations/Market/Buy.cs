using System.Globalization;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Buys a listed token at the listing's price at the block's height, at most <paramref name="MaxPrice"/>. A sweep is
/// several buys in one transaction (all or nothing). Payload: string collection | token id u64 | max price u64.
/// </summary>
public sealed record BuyOperation(string Collection, ulong TokenId, Amount MaxPrice) : Operation
{
    public const byte Code = 0x22;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).U64(MaxPrice.Units);
}

/// <summary>
/// The listing must be open and not the buyer's own; its price at this height must not exceed the buyer's maximum; the
/// buyer pays it, the collection's royalty splits are paid, the seller gets the rest, and the token moves to the buyer.
/// </summary>
public sealed class BuyHandler : OperationHandler<BuyOperation>
{
    public override byte Type => BuyOperation.Code;
    public override string Name => "buy";

    public override BuyOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new Amount(r.ReadU64()));

    public override void Apply(BuyOperation op, OperationContext context)
    {
        var state = context.State;
        string what = NftRules.Token(op.Collection, op.TokenId);
        var listing = state.GetListing(op.Collection, op.TokenId)
                      ?? throw new RejectedException(MarketRejectCodes.UnknownListing, $"{what} has no open listing (never listed, or bought, delisted, expired or moved since)");
        if (listing.Seller == context.Sender) throw new RejectedException(NftRejectCodes.BadRecipient, $"the buyer already owns {what}: delist it instead");
        var price = listing.Terms.PriceAt(context.Height);
        if (price > op.MaxPrice)
            throw new RejectedException(MarketRejectCodes.PriceAboveMax, $"{what} costs {price} HMT at height {context.Height}, above the buyer's maximum of {op.MaxPrice}");
        MarketState.Debit(state, context.Sender, price, $"the price of {what}");
        var collection = NftRules.RequireCollection(state, op.Collection);
        var token = NftRules.RequireToken(state, op.Collection, op.TokenId);
        state.CloseListing(op.Collection, op.TokenId, listing);
        state.CompleteSale(collection, op.TokenId, token, context.Sender, price, SaleVia.Listing, context.Height);
    }

    /// <summary>At most the buyer's maximum (the block's price is not known before the block).</summary>
    public override Amount Outflow(BuyOperation op, AccountId sender, IStateReader state) => op.MaxPrice;

    /// <summary>Two pending buys of one listing exclude each other: the first wins.</summary>
    public override IReadOnlyList<ConflictKey> ConflictKeys(BuyOperation op) =>
        [new($"listing:{op.Collection}:{op.TokenId.ToString(CultureInfo.InvariantCulture)}", MarketRejectCodes.ListingTaken, $"the listing of {NftRules.Token(op.Collection, op.TokenId)}")];

    public override OperationDescription Describe(BuyOperation op, DescribeContext context) =>
        new(Name, $"buy {NftRules.Token(op.Collection, op.TokenId)} for at most {op.MaxPrice} HMT", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture),
            ["maxPrice"] = op.MaxPrice.ToString(), ["maxPriceUnits"] = op.MaxPrice.Units.ToString(CultureInfo.InvariantCulture),
        });
}
