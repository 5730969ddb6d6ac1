using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>
/// The market schedule on a real chain with many objects at one height: 1,000 auctions that end at one height, half
/// of them bid on (2,000 took ~4 s of wall clock on the loaded 2-core test machine). The block at that height settles
/// every one of them and leaves no schedule key behind; its undo data holds the count and every entry as they were;
/// disconnecting it (a rival branch from its parent wins) restores the schedule exactly, so the rival's block at the
/// same height settles them again and both nodes end with the same state pairs and root.
/// </summary>
public sealed class MarketScheduleTests
{
    private const string Collection = "sched";
    private const int Count = 1_000;

    private static Transaction Send(TestNode node, int key, IEnumerable<Operation> ops)
    {
        // A fee well above the minimum rate for a 64-operation transaction.
        var tx = NftTx.SignWithFee(key, node.Mempool.NextNonce(TestKeys.Id(key)), 1_000_000, [.. ops]);
        node.AddToMempool(tx);
        return tx;
    }

    [Fact]
    public void AThousandAuctionsEndingAtOneHeightAllSettleAndDisconnectingTheBlockRestoresTheSchedule()
    {
        using var a = new TestNode();
        using var rival = new TestNode();
        foreach (int key in new[] { 1, 2, 3, 4 }) a.Mine(key);
        a.Queue(1, Create(WithRoyalty(Art(Collection, maxSupply: Count), 500, (8, 500))));
        a.Mine(9);
        foreach (var chunk in Enumerable.Range(0, Count).Select(_ => (Operation)Mint(Collection, 2)).Chunk(Transaction.MaxOperations)) Send(a, 1, chunk);
        a.Mine(9);
        Assert.Equal((ulong)Count, a.Collection(Collection).Minted);

        uint end = a.Tip.Height + 3; // started in the next block, bid on in the one after, settled in the third
        foreach (var chunk in Enumerable.Range(1, Count).Select(t => (Operation)new StartAuctionOperation(Collection, (ulong)t, new Amount(1_000), end, 500, 0)).Chunk(Transaction.MaxOperations))
            Send(a, 2, chunk);
        a.Mine(9);
        Assert.Equal((uint)Count, MarketSchedule.Count(a.Chain.TipState, end));
        var scheduled = MarketSchedule.Read(a.Chain.TipState, end);
        Assert.Equal(Enumerable.Range(1, Count).Select(t => MarketKeys.Auction(Collection, (ulong)t)), scheduled); // in the order they were started

        // Key 3 bids on every odd token; the even ones end without a bid.
        foreach (var chunk in Enumerable.Range(1, Count).Where(t => t % 2 == 1).Select(t => (Operation)new BidOperation(Collection, (ulong)t, new Amount(2_000 + (ulong)t))).Chunk(Transaction.MaxOperations))
            Send(a, 3, chunk);
        a.Mine(9);
        Assert.Equal(end - 1, a.Tip.Height);
        ulong escrow = a.Chain.TipState.GetEscrow().Units;
        Assert.Equal(Enumerable.Range(1, Count).Where(t => t % 2 == 1).Aggregate(0UL, (sum, t) => sum + 2_000UL + (ulong)t), escrow);
        var parentRoot = a.Tip.StateRoot;
        rival.SubmitAll(a.Ledger.MainChainBlocks(1));
        Assert.Equal(parentRoot, rival.Tip.StateRoot);

        var settle = a.Mine(9); // no transaction: the end-of-block hook settles all 1,000
        Assert.Equal(end, settle.Height);
        Assert.Empty(a.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionKind]));
        Assert.Empty(a.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionsOfSellerKind]));
        Assert.Empty(a.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.ScheduleKind]));
        Assert.Empty(a.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.ScheduleEntryKind]));
        Assert.Equal(0UL, a.Chain.TipState.GetEscrow().Units);
        for (ulong t = 1; t <= Count; t++) Assert.Equal(TestKeys.Id(t % 2 == 1 ? 3 : 2), a.Token(Collection, t)!.Owner);
        Assert.Equal(new CollectionStats(Count / 2, escrow), a.Chain.TipState.GetMarketStats(Collection));
        StateInspector.AssertSupplyInvariant(a);
        Assert.Equal(StateInspector.RecomputeRoot(a.Store), a.Tip.StateRoot);

        // The block's undo data holds the schedule as it was: the count and every entry, in order.
        var prior = a.Ledger.StateChangesOf(settle.Hash)!.ToDictionary(kv => Convert.ToHexString(kv.Key), kv => kv.Value);
        Assert.Equal((uint)Count, BinaryPrimitives.ReadUInt32LittleEndian(prior[Convert.ToHexString(MarketKeys.Schedule(end))]));
        for (uint i = 0; i < Count; i++) Assert.Equal(MarketKeys.Auction(Collection, i + 1), prior[Convert.ToHexString(MarketKeys.ScheduleEntry(end, i))]);

        // The rival, which never saw that block, mines two on its parent: the node disconnects it and takes them.
        var branch = new List<Block> { rival.Mine(7), rival.Mine(7) };
        Assert.Empty(rival.Ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionKind])); // its own block at the end height settled them too
        var result = a.SubmitAll(branch);
        Assert.Equal(BlockOutcome.Connected, result.Outcome);
        Assert.Equal([settle.Hash], result.Update.Disconnected.Select(b => b.Hash));
        Assert.Equal(rival.Tip.Hash, a.Tip.Hash);
        StateInspector.AssertSameState(rival.Store, a.Store);
        Assert.Equal(StateInspector.RecomputeRoot(a.Store), a.Tip.StateRoot);
        StateInspector.AssertSupplyInvariant(a);
    }
}
