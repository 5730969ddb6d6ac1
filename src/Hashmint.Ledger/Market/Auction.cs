using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Market;

/// <summary>
/// An English auction of one token. The token stays with the seller (it cannot move, burn, be listed or sold into an
/// offer meanwhile); the highest bid is held in escrow. Encoding: seller 32 | reserve u64 | end height u32 | min increment
/// bps u16 | extension blocks u32 | top bidder 32 (zero = no bid) | top bid u64 | created height u32.
/// </summary>
public sealed record Auction(AccountId Seller, Amount Reserve, uint EndHeight, ushort MinIncrementBasisPoints, uint ExtensionBlocks,
    AccountId TopBidder, Amount TopBid, uint CreatedHeight)
{
    public bool HasBid => !TopBidder.IsNone;

    /// <summary>The end height after a bid in block <paramref name="height"/>: a bid in the last <see cref="ExtensionBlocks"/> blocks moves the end to that many blocks after it (anti-sniping).</summary>
    public uint EndAfterBidAt(uint height) =>
        ExtensionBlocks > 0 && height > EndHeight - Math.Min(EndHeight, ExtensionBlocks) ? height + ExtensionBlocks : EndHeight;

    /// <summary>
    /// The least the next bid may be: the reserve before the first bid; after it, the top bid plus
    /// ⌈top · bps / 10000⌉, and at least one unit more than the top bid.
    /// </summary>
    public Amount MinimumBid
    {
        get
        {
            if (!HasBid) return Reserve;
            UInt128 step = ((UInt128)TopBid.Units * MinIncrementBasisPoints + 9_999) / 10_000;
            UInt128 min = TopBid.Units + (step == 0 ? 1 : step);
            return min > ulong.MaxValue ? new Amount(ulong.MaxValue) : new Amount((ulong)min);
        }
    }

    public byte[] Encode() => new ByteWriter(128).Hash(Seller.Key).U64(Reserve.Units).U32(EndHeight).U16(MinIncrementBasisPoints).U32(ExtensionBlocks)
        .Hash(TopBidder.Key).U64(TopBid.Units).U32(CreatedHeight).ToArray();

    public static Auction Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var a = new Auction(new AccountId(r.ReadHash()), new Amount(r.ReadU64()), r.ReadU32(), r.ReadU16(), r.ReadU32(), new AccountId(r.ReadHash()),
            new Amount(r.ReadU64()), r.ReadU32());
        r.EnsureEnd();
        return a;
    }
}
