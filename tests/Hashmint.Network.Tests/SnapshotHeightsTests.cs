using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network.Tests;

/// <summary>
/// Servers keep the state of snapshot heights while their tips move on (docs/NETWORK.md, "Snapshot heights"): a
/// chunk of such a block's state, asked for at any later tip, proves against that block's root and holds that
/// block's pairs, through new blocks and reorganisations above it.
/// </summary>
public sealed class SnapshotHeightsTests
{
    private const int Interval = 10;

    private static void Send(LedgerFacade ledger, int key, params Operation[] ops) =>
        ledger.SubmitSigned(Keys.Id(key), nonce => Transaction.CreateSignedPayingPerByte(ChainParams.Regtest.ChainId, Keys.Secret(key), nonce, 2, 0, ops));

    private static LedgerFacade NewLedger(out MemoryKeyValueStore store)
    {
        store = new MemoryKeyValueStore();
        return new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
    }

    private static List<string> Pairs(IEnumerable<KeyValuePair<byte[], byte[]>> pairs) =>
        pairs.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Transfers from the miner's account (key 7) to accounts first..first+count-1: changed and new account keys.</summary>
    private static void Transfers(LedgerFacade ledger, int first, int count, ulong units)
    {
        ulong nonce = ledger.NextNonce(Keys.Id(7));
        for (int i = 0; i < count; i++) ledger.SubmitTransaction(Keys.Transfer(7, first + i, units + (ulong)i, nonce + (ulong)i));
    }

    /// <summary>Height 10: coins in many accounts, a collection, tokens, and two listings (one delisted later).</summary>
    private static LedgerFacade ChainAtFirstSnapshotHeight(out MemoryKeyValueStore store)
    {
        var ledger = NewLedger(out store);
        Miner.Mine(ledger, 3, Keys.Id(7));
        Miner.Mine(ledger, 2, Keys.Id(1));
        var art = new CollectionDefinition("heights", "Heights", "HGT", CollectionKind.Art, 100, 0, [], TransferPolicy.Free, MintPolicy.Creator,
            Amount.Zero, null, null, null);
        Send(ledger, 1, new CreateCollectionOperation(art), new MintOperation("heights", Keys.Id(1), TokenContent.None, [], null, null),
            new MintOperation("heights", Keys.Id(1), TokenContent.None, [], null, null));
        Transfers(ledger, 100, 30, 1_000);
        Miner.Mine(ledger, 1, Keys.Id(7));
        Send(ledger, 1, new ListOperation("heights", 1, ListingTerms.Fixed(Amount.Coins(5))), new ListOperation("heights", 2, ListingTerms.Fixed(Amount.Coins(6))));
        Miner.Mine(ledger, (int)(Interval - ledger.Tip.Height), Keys.Id(7));
        Assert.Equal((uint)Interval, ledger.Tip.Height);
        return ledger;
    }

    private static StateChunkMessage Ask(StateChunkSource source, Hash256 block, uint path, byte depth = 3) =>
        source.Answer(new GetStateMessage(block, depth, path));

    [Fact]
    public void A_snapshot_heights_state_is_served_while_the_tip_moves_on_and_reorganises_above_it()
    {
        var ledger = ChainAtFirstSnapshotHeight(out _);
        var block = ledger.Tip;
        var expected = Pairs(ledger.ScanState([]));
        var source = new StateChunkSource(ledger, Interval);
        var chunks = new List<StateChunkMessage> { Ask(source, block.Hash, 0), Ask(source, block.Hash, 1) };

        // New blocks change balances, add accounts, delist a token (a key deleted) and list another.
        Transfers(ledger, 130, 40, 2_000);
        Send(ledger, 1, new DelistOperation("heights", 1));
        Miner.Mine(ledger, 2, Keys.Id(7));
        Send(ledger, 1, new DelistOperation("heights", 2), new ListOperation("heights", 1, ListingTerms.Fixed(Amount.Coins(9))));
        Miner.Mine(ledger, 1, Keys.Id(8));
        Assert.NotEqual(expected, Pairs(ledger.ScanState([])));
        chunks.Add(Ask(source, block.Hash, 2));
        chunks.Add(Ask(source, block.Hash, 3));

        // A heavier branch from block 11 replaces blocks 12 and 13 with other changes, among them keys of block 10's
        // state that no block of the replaced branch changed (accounts 100..124).
        var rival = NewLedger(out _);
        for (uint h = 1; h <= Interval + 1; h++) Assert.True(rival.SubmitBlock(ledger.GetBlock(ledger.BlockAt(h)!.Hash)!).Accepted);
        Transfers(rival, 100, 25, 3_000);
        var branch = Miner.Mine(rival, 4, Keys.Id(9));
        foreach (var b in branch) Assert.True(ledger.SubmitBlock(b).Accepted);
        Assert.Equal(rival.Tip.Hash, ledger.Tip.Hash);
        for (uint p = 4; p < 8; p++) chunks.Add(Ask(source, block.Hash, p));

        var pairs = new List<KeyValuePair<byte[], byte[]>>();
        foreach (var chunk in chunks)
        {
            Assert.Equal(StateChunkStatus.Ok, chunk.Status);
            Assert.Null(StateChunkSource.Check(chunk, block.StateRoot));
            pairs.AddRange(chunk.Pairs);
        }
        Assert.Equal(expected, Pairs(pairs));
        Assert.Equal(block.StateRoot, SnapshotTests.RootOf(pairs));
    }

    [Fact]
    public void Only_the_tip_and_the_newest_snapshot_heights_on_the_main_chain_are_served()
    {
        var ledger = ChainAtFirstSnapshotHeight(out _);
        var source = new StateChunkSource(ledger, Interval);
        Miner.Mine(ledger, 3 * Interval + 5 - (int)ledger.Tip.Height, Keys.Id(7)); // tip 35: heights 30, 20, 10 served
        foreach (uint h in new uint[] { 10, 20, 30, 35 })
        {
            var at = ledger.BlockAt(h)!;
            var chunk = Ask(source, at.Hash, 0, depth: 0);
            Assert.True(chunk.Status == StateChunkStatus.Ok, $"block {h}: {chunk.Status}");
            Assert.Null(StateChunkSource.Check(chunk, at.StateRoot));
        }
        foreach (uint h in new uint[] { 9, 11, 34 })
            Assert.Equal(StateChunkStatus.Unavailable, Ask(source, ledger.BlockAt(h)!.Hash, 0, depth: 0).Status);
        Assert.Equal([10u, 20, 30, 35], source.KeptHeights());

        Miner.Mine(ledger, 5, Keys.Id(7)); // tip 40: 10 ages out, the old tip 35 is no snapshot height
        Assert.Equal(StateChunkStatus.Unavailable, Ask(source, ledger.BlockAt(10)!.Hash, 0, depth: 0).Status);
        Assert.Equal([20u, 30], source.KeptHeights());
        var at40 = ledger.Tip;
        var tipChunk = Ask(source, at40.Hash, 0, depth: 0);
        Assert.Null(StateChunkSource.Check(tipChunk, at40.StateRoot));

        // A block off the main chain is never served, even at a snapshot height.
        var rival = NewLedger(out _);
        for (uint h = 1; h <= 2 * Interval - 1; h++) Assert.True(rival.SubmitBlock(ledger.GetBlock(ledger.BlockAt(h)!.Hash)!).Accepted);
        var side = Miner.Mine(rival, 1, Keys.Id(9))[0];
        Assert.Equal(BlockOutcome.SideBranch, ledger.SubmitBlock(side).Outcome);
        Assert.Equal(StateChunkStatus.Unavailable, Ask(source, side.Hash, 0, depth: 0).Status);
    }

    [Theory]
    [InlineData(0u, 2, 10, new uint[0])]
    [InlineData(2u, 2, 10, new uint[0])]
    [InlineData(11u, 2, 10, new uint[0])]
    [InlineData(12u, 2, 10, new uint[] { 10 })]
    [InlineData(29u, 2, 10, new uint[] { 20, 10 })]
    [InlineData(5_099u, 100, 1000, new uint[] { 4000, 3000 })]
    [InlineData(5_100u, 100, 1000, new uint[] { 5000, 4000 })]
    public void A_client_asks_for_the_newest_snapshot_height_its_depth_below_the_best_header(uint best, int depth, int interval, uint[] expected) =>
        Assert.Equal(expected, SnapshotHeights.Candidates(best, depth, interval));

    [Theory]
    [InlineData(9u, 0u, new uint[0])]
    [InlineData(10u, 0u, new uint[] { 10 })]
    [InlineData(45u, 0u, new uint[] { 40, 30, 20 })]
    [InlineData(45u, 25u, new uint[] { 40, 30 })]
    [InlineData(45u, 30u, new uint[] { 40, 30 })]
    public void A_server_lists_the_heights_it_serves_newest_first_and_none_below_its_floor(uint tip, uint floor, uint[] expected) =>
        Assert.Equal(expected, SnapshotHeights.ServedAt(tip, 10, floor));

    [Fact]
    public async Task The_network_status_shows_the_heights_served_and_the_indexes_built()
    {
        await using var node = await TestNode.StartAsync(o => o with { SnapshotInterval = Interval });
        node.Mine(25, payTo: 7);
        Assert.Equal([20u, 10], node.Net.Status().StateServing.Heights);
        Assert.Empty(node.Net.Status().StateServing.Indexed);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        await peer.SendAsync(Commands.GetState, new GetStateMessage(node.Ledger.BlockAt(20)!.Hash, 0, 0).Encode());
        Assert.Equal(StateChunkStatus.Ok, StateChunkMessage.Decode(await peer.ExpectAsync(Commands.StateChunk)).Status);
        var status = node.Net.Status().StateServing;
        Assert.True(status.Serving);
        Assert.Equal(Interval, status.Interval);
        Assert.Equal([20u], status.Indexed);
        Assert.Equal(1, status.Answered);
        Assert.Equal(0, status.Refused);

        // The tip moves on until height 20 ages out: its index is dropped without another getstate.
        node.Mine(25, payTo: 7);
        Assert.Equal([50u, 40, 30], node.Net.Status().StateServing.Heights);
        await Wait.UntilAsync(() => node.Net.Status().StateServing.Indexed.Count == 0, "the aged-out index to be dropped", node.Describe);
    }

    [Theory]
    [InlineData(10u, 10u, true)]
    [InlineData(10u, 39u, true)]
    [InlineData(10u, 40u, false)]
    [InlineData(0u, 5u, false)]
    [InlineData(15u, 20u, false)]
    [InlineData(20u, 10u, false)]
    public void A_server_keeps_the_three_newest_snapshot_heights(uint height, uint tip, bool served) =>
        Assert.Equal(served, SnapshotHeights.IsServed(height, tip, 10));
}
