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
/// Starts an English auction of a token, settled by the chain at its end height. Payload: string collection | token id
/// u64 | reserve u64 | end height u32 | min increment bps u16 | extension blocks u32.
/// </summary>
public sealed record StartAuctionOperation(string Collection, ulong TokenId, Amount Reserve, uint EndHeight, ushort MinIncrementBasisPoints, uint ExtensionBlocks)
    : Operation
{
    public const byte Code = 0x26;
    public const uint MaxExtensionBlocks = 10_000;
    public const uint MaxDurationBlocks = 1_000_000;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) =>
        w.String(Collection).U64(TokenId).U64(Reserve.Units).U32(EndHeight).U16(MinIncrementBasisPoints).U32(ExtensionBlocks);
}

/// <summary>The owner or an operator starts it; the token must not be listed or already auctioned; the end is after this block.</summary>
public sealed class StartAuctionHandler : OperationHandler<StartAuctionOperation>
{
    public override byte Type => StartAuctionOperation.Code;
    public override string Name => "auction";

    public override StartAuctionOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new Amount(r.ReadU64()), r.ReadU32(), r.ReadU16(), r.ReadU32());

    public override void CheckStateless(StartAuctionOperation op, Transaction tx, ChainParams network)
    {
        if (op.Reserve.Units == 0) throw new RejectedException(MarketRejectCodes.BadAuction, "the reserve price must be positive");
        if (op.MinIncrementBasisPoints > 10_000) throw new RejectedException(MarketRejectCodes.BadAuction, "the minimum increment is at most 10000 bps (100 %)");
        if (op.ExtensionBlocks > StartAuctionOperation.MaxExtensionBlocks)
            throw new RejectedException(MarketRejectCodes.BadAuction, $"the anti-sniping extension is at most {StartAuctionOperation.MaxExtensionBlocks} blocks");
    }

    public override void Apply(StartAuctionOperation op, OperationContext context)
    {
        var state = context.State;
        string what = NftRules.Token(op.Collection, op.TokenId);
        NftRules.RequireCollection(state, op.Collection);
        var token = NftRules.RequireToken(state, op.Collection, op.TokenId);
        if (!NftRules.IsOwnerOrOperator(state, op.Collection, token, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator auctions {what}");
        if (state.GetListing(op.Collection, op.TokenId) is not null)
            throw new RejectedException(MarketRejectCodes.AlreadyListed, $"{what} is listed: delist it first (both can go in one transaction)");
        MarketState.CheckNotInAuction(state, op.Collection, op.TokenId);
        if (op.EndHeight <= context.Height || op.EndHeight - context.Height > StartAuctionOperation.MaxDurationBlocks)
            throw new RejectedException(MarketRejectCodes.BadAuction, $"the end height {op.EndHeight} must be after this block ({context.Height}) and at most {StartAuctionOperation.MaxDurationBlocks} blocks later");
        state.OpenAuction(op.Collection, op.TokenId, new Auction(token.Owner, op.Reserve, op.EndHeight, op.MinIncrementBasisPoints, op.ExtensionBlocks,
            AccountId.None, Amount.Zero, context.Height));
    }

    public override OperationDescription Describe(StartAuctionOperation op, DescribeContext context) =>
        new(Name, $"auction {NftRules.Token(op.Collection, op.TokenId)} from {op.Reserve} HMT until height {op.EndHeight}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture), ["reserve"] = op.Reserve.ToString(),
            ["endHeight"] = op.EndHeight.ToString(CultureInfo.InvariantCulture),
            ["minIncrementBasisPoints"] = op.MinIncrementBasisPoints.ToString(CultureInfo.InvariantCulture),
            ["extensionBlocks"] = op.ExtensionBlocks.ToString(CultureInfo.InvariantCulture),
        });
}

/// <summary>Bids on an auction; the bid is escrowed and the previous top bid refunded at once. Payload: string collection | token id u64 | amount u64.</summary>
public sealed record BidOperation(string Collection, ulong TokenId, Amount Amount) : Operation
{
    public const byte Code = 0x27;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).U64(Amount.Units);
}

/// <summary>
/// At least the reserve (first bid) or the top bid plus the minimum increment; a bid in the last K blocks (K the
/// auction's extension) moves the end to K blocks after the bid's block.
/// </summary>
public sealed class BidHandler : OperationHandler<BidOperation>
{
    public override byte Type => BidOperation.Code;
    public override string Name => "bid";

    public override BidOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new Amount(r.ReadU64()));

    public override void Apply(BidOperation op, OperationContext context)
    {
        var state = context.State;
        string what = NftRules.Token(op.Collection, op.TokenId);
        var auction = state.GetAuction(op.Collection, op.TokenId)
                      ?? throw new RejectedException(MarketRejectCodes.UnknownAuction, $"{what} is not being auctioned (never, or settled or cancelled since)");
        if (auction.Seller == context.Sender) throw new RejectedException(NftRejectCodes.BadRecipient, $"the seller cannot bid on its own auction of {what}");
        var minimum = auction.MinimumBid;
        if (op.Amount < minimum || (auction.HasBid && op.Amount <= auction.TopBid))
            throw new RejectedException(MarketRejectCodes.BidTooLow, $"a bid on {what} must be at least {minimum} HMT{(auction.HasBid ? $" (top bid {auction.TopBid})" : " (the reserve)")}");
        MarketState.Debit(state, context.Sender, op.Amount, $"the bid on {what}");
        state.ChangeEscrow(op.Amount, Amount.Zero);
        if (auction.HasBid)
        {
            state.ChangeEscrow(Amount.Zero, auction.TopBid);
            MarketState.Credit(state, auction.TopBidder, auction.TopBid); // the outbid bidder is refunded in the same state change
        }
        uint end = auction.EndAfterBidAt(context.Height);
        if (end != auction.EndHeight) MarketSchedule.Add(state, end, MarketKeys.Auction(op.Collection, op.TokenId));
        state.Set(MarketKeys.Auction(op.Collection, op.TokenId), (auction with { TopBidder = context.Sender, TopBid = op.Amount, EndHeight = end }).Encode());
    }

    public override Amount Outflow(BidOperation op, AccountId sender, IStateReader state) => op.Amount;

    public override OperationDescription Describe(BidOperation op, DescribeContext context) =>
        new(Name, $"bid {op.Amount} HMT on {NftRules.Token(op.Collection, op.TokenId)}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture), ["amount"] = op.Amount.ToString(),
            ["amountUnits"] = op.Amount.Units.ToString(CultureInfo.InvariantCulture),
        });
}

/// <summary>Withdraws an auction that has no bid yet. Payload: string collection | token id u64.</summary>
public sealed record CancelAuctionOperation(string Collection, ulong TokenId) : Operation
{
    public const byte Code = 0x28;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId);
}

public sealed class CancelAuctionHandler : OperationHandler<CancelAuctionOperation>
{
    public override byte Type => CancelAuctionOperation.Code;
    public override string Name => "cancel-auction";

    public override CancelAuctionOperation Read(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64());

    public override void Apply(CancelAuctionOperation op, OperationContext context)
    {
        var state = context.State;
        string what = NftRules.Token(op.Collection, op.TokenId);
        var auction = state.GetAuction(op.Collection, op.TokenId)
                      ?? throw new RejectedException(MarketRejectCodes.UnknownAuction, $"{what} is not being auctioned");
        if (context.Sender != auction.Seller && !state.IsOperator(op.Collection, auction.Seller, context.Sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the seller or an operator cancels the auction of {what}");
        if (auction.HasBid) throw new RejectedException(MarketRejectCodes.AuctionHasBids, $"the auction of {what} has a bid: it runs to its end");
        state.CloseAuction(op.Collection, op.TokenId, auction);
    }

    public override OperationDescription Describe(CancelAuctionOperation op, DescribeContext context) =>
        new(Name, $"cancel the auction of {NftRules.Token(op.Collection, op.TokenId)}", new Dictionary<string, string>
        {
            ["collection"] = op.Collection, ["tokenId"] = op.TokenId.ToString(CultureInfo.InvariantCulture),
        });
}
