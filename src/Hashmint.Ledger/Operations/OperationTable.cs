using Hashmint.Ledger.Blocks;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// The one table of what the chain executes. Adding an operation is a new file (record + handler, see
/// docs/ARCHITECTURE.md "How to add an operation") and one line here. Type bytes are consensus: never reuse one.
/// </summary>
internal static class OperationTable
{
    public static readonly IOperationHandler[] Handlers =
    [
        new TransferHandler(),          // 0x01
        new CreateCollectionHandler(),  // 0x10
        new MintHandler(),              // 0x11
        new MineMintHandler(),          // 0x12
        new TransferTokenHandler(),     // 0x13
        new BurnTokenHandler(),         // 0x14
        new ApproveHandler(),           // 0x15
        new SetOperatorHandler(),       // 0x16
        new ListHandler(),              // 0x20
        new DelistHandler(),            // 0x21
        new BuyHandler(),               // 0x22
        new MakeOfferHandler(),         // 0x23
        new AcceptOfferHandler(),       // 0x24
        new CancelOfferHandler(),       // 0x25
        new StartAuctionHandler(),      // 0x26
        new BidHandler(),               // 0x27
        new CancelAuctionHandler(),     // 0x28
        new PublishExhibitionHandler(), // 0x30
    ];

    /// <summary>Steps every block runs around its transactions, in this order within each stage.</summary>
    public static readonly IBlockHook[] BlockHooks =
    [
        new MaturedPayoutsHook(),       // before: coinbase payouts that mature at this height are credited
        new BlockNftHook(),             // before: the previous block's NFT is minted, this block's recorded
        new MarketScheduleHook(),       // after: listings and offers that expire at this height end (offers refund), auctions that end here settle
    ];
}
