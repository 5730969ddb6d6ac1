using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Operations;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

public sealed class CompactBlockTests
{
    [Fact]
    public void SipHash_2_4_matches_the_reference_vector()
    {
        // The SipHash paper's test: key 00..0f, message 00..0e.
        var message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, message));
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, []));
    }

    [Fact]
    public async Task Compact_messages_round_trip()
    {
        await using var node = await TestNode.StartAsync(listen: false);
        node.Mine(2, payTo: 7);
        var txs = Enumerable.Range(0, 3).Select(i => Keys.Transfer(7, 8, 500, (ulong)i)).ToList();
        foreach (var tx in txs) node.Ledger.SubmitTransaction(tx);
        var block = node.Mine(1, payTo: 1)[0];
        Assert.Equal(3, block.Transactions.Count);
        var m = CompactBlockMessage.From(block, 99) with { Prefilled = [(1, block.Transactions[1])], ShortIds = [] };
        var keys = CompactBlockMessage.Keys(block.Header, 99);
        m = m with { ShortIds = [CompactBlockMessage.ShortId(keys, block.Transactions[0].Id), CompactBlockMessage.ShortId(keys, block.Transactions[2].Id)] };
        var back = CompactBlockMessage.Decode(m.Encode(), OperationRegistry.Default);
        Assert.Equal(m.ShortIds, back.ShortIds);
        Assert.Equal(1, back.Prefilled.Single().Index);
        Assert.Equal(block.Coinbase.Id, back.Coinbase.Id);
        Assert.All(back.ShortIds, id => Assert.True(id < 1UL << 48));
        var g = new GetBlockTransactionsMessage(block.Hash, [0, 2, 7]);
        Assert.Equal(g.Indexes, GetBlockTransactionsMessage.Decode(g.Encode()).Indexes);
        var bt = new BlockTransactionsMessage(block.Hash, block.Transactions);
        Assert.Equal(block.Transactions.Select(t => t.Id), BlockTransactionsMessage.Decode(bt.Encode(), OperationRegistry.Default).Transactions.Select(t => t.Id));
    }

    [Fact]
    public async Task A_new_block_travels_as_a_compact_block_rebuilt_from_the_receivers_mempool()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync(peers: [a.EndPoint]);
        a.Mine(2, payTo: 7);
        await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "sync", b.Describe);
        var txs = Enumerable.Range(0, 6).Select(i => Keys.Transfer(7, 8, 500, (ulong)i)).ToList();
        foreach (var tx in txs) a.Ledger.SubmitTransaction(tx);
        await Wait.UntilAsync(() => txs.All(t => b.Ledger.GetPending(t.Id) is not null), "b's mempool", b.Describe);
        var before = b.Net.CompactStats;
        var block = a.Mine(1, payTo: 1)[0];
        await Wait.UntilAsync(() => b.Tip.Hash == block.Hash, "the compact block", b.Describe);
        var after = b.Net.CompactStats;
        Assert.Equal(before.FromMempool + 1, after.FromMempool);
        Assert.Equal(before.TransactionsRequested, after.TransactionsRequested);
    }

    [Fact]
    public async Task Missing_transactions_are_asked_for_and_the_block_connects()
    {
        // The block is made on a ledger the node never talks to, so the node has none of its transactions.
        await using var source = await TestNode.StartAsync(listen: false);
        await using var node = await TestNode.StartAsync();
        var funding = source.Mine(2, payTo: 7);
        foreach (var blk in funding) node.Ledger.SubmitBlock(blk);
        var txs = Enumerable.Range(0, 4).Select(i => Keys.Transfer(7, 8, 500, (ulong)i)).ToList();
        foreach (var tx in txs) source.Ledger.SubmitTransaction(tx);
        node.Ledger.SubmitTransaction(txs[0]); // one of them it has
        var block = source.Mine(1, payTo: 1)[0];

        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger, bestHeight: source.Tip.Height);
        await peer.SendAsync(Commands.CompactBlock, CompactBlockMessage.From(block, 5).Encode());
        var ask = GetBlockTransactionsMessage.Decode(await peer.ExpectAsync(Commands.GetBlockTransactions));
        Assert.Equal(block.Hash, ask.Block);
        var wanted = block.Transactions.Select((t, i) => (t, i)).Where(x => x.t.Id != txs[0].Id).Select(x => x.i).ToList();
        Assert.Equal(wanted, ask.Indexes);
        await peer.SendAsync(Commands.BlockTransactions, new BlockTransactionsMessage(block.Hash, ask.Indexes.Select(i => block.Transactions[i]).ToList()).Encode());
        await Wait.UntilAsync(() => node.Tip.Hash == block.Hash, "the rebuilt block to connect", node.Describe);
        Assert.Null(node.Net.Book.BanOf(peer.Address));
    }

    [Fact]
    public async Task A_compact_block_with_an_invalid_header_is_banned()
    {
        await using var node = await TestNode.StartAsync();
        await using var source = await TestNode.StartAsync(listen: false);
        var block = source.Mine(1)[0];
        var bad = new Block(Miner.FailHeader(block.Header), block.Coinbase, block.Transactions);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        await peer.SendAsync(Commands.CompactBlock, CompactBlockMessage.From(bad, 1).Encode());
        await Wait.UntilAsync(() => node.Net.Book.BanOf(peer.Address) is not null, "the ban", node.Describe);
        Assert.Equal(BanReasons.InvalidHeader, node.Net.Book.BanOf(peer.Address)!.Reason);
    }

    [Theory]
    // Found by the peer-getblocktxn fuzz target: a gap of ~2^64 wrapped the index to a negative number, which decoded
    // (and re-encoded differently) and would have reached block.Transactions[-n] in the getblocktxn handler.
    [InlineData("4c3cdaf9e8204e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e1943d2b74242424242422fb547472fb5474747592fffffffffffffff1ab503008102")]
    // Two indexes, the second a gap of 2^64 - 1 after 0.
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000200ffffffffffffffffff")]
    // One gap exactly to the limit (20,000 = 0x4e20).
    [InlineData("000000000000000000000000000000000000000000000000000000000000000001fd204e")]
    public void A_getblocktxn_gap_past_the_limit_is_refused(string hex)
    {
        var e = Assert.Throws<Hashmint.Core.Encoding.DecodeException>(() => GetBlockTransactionsMessage.Decode(Convert.FromHexString(hex)));
        Assert.Contains("beyond the limit", e.Message);
    }

    [Fact]
    public void The_last_index_a_getblocktxn_can_name_decodes()
    {
        var m = GetBlockTransactionsMessage.Decode(Convert.FromHexString("000000000000000000000000000000000000000000000000000000000000000001fd1f4e"));
        Assert.Equal([CompactBlockMessage.MaxTransactions - 1], m.Indexes);
    }
}
