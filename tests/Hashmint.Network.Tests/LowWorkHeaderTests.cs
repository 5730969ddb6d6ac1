using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network.Tests;

/// <summary>
/// Header chains with too little work are not stored, whichever way they come (headers, a compact block, an
/// unrequested block), and a long one is followed until it shows enough work — without banning an honest peer that
/// merely sits on a stale branch.
/// </summary>
public sealed class LowWorkHeaderTests
{
    /// <summary>A branch of regtest headers from genesis (no retargeting: every header at the genesis bits), distinct per <paramref name="tag"/>.</summary>
    private static List<BlockHeader> Branch(LedgerFacade like, int count, byte tag)
    {
        var p = ChainParams.Regtest;
        var headers = new List<BlockHeader>(count);
        var previous = like.Genesis.Hash;
        uint time = p.GenesisTime;
        var root = new byte[32];
        root[0] = tag;
        for (int i = 0; i < count; i++)
        {
            var h = Miner.SolveHeader(new BlockHeader(1, previous, new Hash256(root), ++time, p.GenesisBits, 0));
            headers.Add(h);
            previous = h.Hash;
        }
        return headers;
    }

    private static async Task<string[]> NotesAsync(TestNode node, Func<string, bool> match)
    {
        await Wait.UntilAsync(() => node.Net.Status().Peers.Any(p => p.Misbehaviour.Any(match)), "the note", node.Describe);
        return node.Net.Status().Peers.SelectMany(p => p.Misbehaviour).ToArray();
    }

    [Fact]
    public async Task A_long_low_work_branch_is_held_asked_for_until_it_has_the_work_and_then_stored_whole()
    {
        await using var node = await TestNode.StartAsync();
        var main = Branch(node.Ledger, 2_010, 1);
        Assert.Equal(2_010, node.Ledger.ProcessHeaders(main).Added); // the node knows a chain of 2,010 headers

        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        var branch = Branch(node.Ledger, 2_020, 2);
        await peer.SendAsync(Commands.Headers, HeadersMessage.Encode(branch[..2_000]));
        // Held, not stored: the node asks for the rest from the branch's last header.
        GetHeadersMessage ask;
        int asked = 0;
        do ask = GetHeadersMessage.Decode(await peer.ExpectAsync(Commands.GetHeaders)); // skipping the node's first sync request, if any
        while (ask.Locator[0] != branch[1_999].Hash && ++asked < 3);
        Assert.Equal(branch[1_999].Hash, ask.Locator[0]);
        Assert.Equal(main[^1].Hash, node.Ledger.BestHeader.Hash);

        // The rest gives it more work than the main chain: all 2,020 headers are stored and it is the best header.
        await peer.SendAsync(Commands.Headers, HeadersMessage.Encode(branch[2_000..]));
        await Wait.UntilAsync(() => node.Ledger.BestHeader.Hash == branch[^1].Hash, "the branch stored", node.Describe);
        Assert.Equal(2_020u, node.Ledger.BestHeader.Height);
        Assert.Null(node.Net.Book.BanOf(peer.Address));
    }

    /// <summary>The node's next getheaders to this peer that continues from <paramref name="from"/> (skipping a first sync request, if any).</summary>
    private static async Task ExpectAskedFromAsync(RawPeer peer, Hash256 from)
    {
        GetHeadersMessage ask;
        int asked = 0;
        do ask = GetHeadersMessage.Decode(await peer.ExpectAsync(Commands.GetHeaders));
        while (ask.Locator[0] != from && ++asked < 3);
        Assert.Equal(from, ask.Locator[0]);
    }

    [Fact]
    public async Task Past_the_node_wide_cap_the_held_branch_with_the_least_work_is_dropped_without_a_ban_and_the_others_go_on()
    {
        await using var node = await TestNode.StartAsync(o => o with { MaxHeldHeadersTotal = 5_000 });
        var main = Branch(node.Ledger, 4_010, 1);
        Assert.Equal(4_010, node.Ledger.ProcessHeaders(main).Added);
        var light = Branch(node.Ledger, 2_000, 3);
        var heavy = Branch(node.Ledger, 4_020, 2);

        await using var lightPeer = await RawPeer.ConnectAsync(node.EndPoint);
        await lightPeer.HandshakeAsync(node.Ledger);
        await lightPeer.SendAsync(Commands.Headers, HeadersMessage.Encode(light));
        await ExpectAskedFromAsync(lightPeer, light[^1].Hash);
        Assert.Equal(2_000, node.Net.HeldHeadersTotal);

        await using var heavyPeer = await RawPeer.ConnectAsync(node.EndPoint);
        await heavyPeer.HandshakeAsync(node.Ledger);
        await heavyPeer.SendAsync(Commands.Headers, HeadersMessage.Encode(heavy[..2_000]));
        await ExpectAskedFromAsync(heavyPeer, heavy[1_999].Hash);
        Assert.Equal(4_000, node.Net.HeldHeadersTotal);
        // 2,000 more for the heavy branch make 6,000 held in all: the light branch (less work) goes, the heavy one stays.
        await heavyPeer.SendAsync(Commands.Headers, HeadersMessage.Encode(heavy[2_000..4_000]));
        await ExpectAskedFromAsync(heavyPeer, heavy[3_999].Hash);
        Assert.Equal(4_000, node.Net.HeldHeadersTotal);
        var lightNotes = node.Net.Status().Peers.Where(p => p.Address.StartsWith(lightPeer.Address + ":", StringComparison.Ordinal)).SelectMany(p => p.Misbehaviour).ToList();
        Assert.Contains(lightNotes, n => n.StartsWith("a held header branch of 2000 ending at height 2000 was dropped: the least work", StringComparison.Ordinal));

        // The heavy branch completes with more work than the main chain and is stored whole.
        await heavyPeer.SendAsync(Commands.Headers, HeadersMessage.Encode(heavy[4_000..]));
        await Wait.UntilAsync(() => node.Ledger.BestHeader.Hash == heavy[^1].Hash, "the heavy branch stored", node.Describe);
        await Wait.UntilAsync(() => node.Net.HeldHeadersTotal == 0, "nothing held once the branch is stored", node.Describe); // it is released just after the store
        Assert.False(lightPeer.Closed);
        Assert.Null(node.Net.Book.BanOf(lightPeer.Address));
        Assert.Null(node.Net.Book.BanOf(heavyPeer.Address));
    }

    [Fact]
    public async Task A_short_low_work_branch_is_noted_and_dropped_and_the_peer_is_not_banned()
    {
        await using var node = await TestNode.StartAsync();
        var main = Branch(node.Ledger, 40, 1);
        node.Ledger.ProcessHeaders(main);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        var stale = Branch(node.Ledger, 20, 3);
        await peer.SendAsync(Commands.Headers, HeadersMessage.Encode(stale));
        var notes = await NotesAsync(node, n => n.Contains("less work than ours", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("a header branch of 20 ending at height 20", StringComparison.Ordinal));
        Assert.Null(node.Net.Book.BanOf(peer.Address));
        Assert.Equal(main[^1].Hash, node.Ledger.BestHeader.Hash);
        // Nothing of it was stored: offered again, the same branch is checked and held again, not found known.
        Assert.NotNull(node.Ledger.ProcessPeerHeaders(Branch(node.Ledger, 20, 3), null).Held);
    }

    [Fact]
    public async Task Blocks_pushed_on_a_low_work_branch_are_not_stored_whether_compact_or_whole()
    {
        await using var node = await TestNode.StartAsync();
        node.Mine(30);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        // Real blocks at height 1 of other branches: valid, but 1 block of work against 30.
        var first = Miner.Solve(new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest), Keys.Id(5));
        var second = Miner.Solve(new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest), Keys.Id(6));

        await peer.SendAsync(Commands.Block, first.Encode());
        await NotesAsync(node, n => n.Contains($"unrequested block {first.Hash}", StringComparison.Ordinal));
        await peer.SendAsync(Commands.CompactBlock, CompactBlockMessage.From(second, 9).Encode());
        await NotesAsync(node, n => n.Contains($"compact block {second.Hash} is on a branch with less work", StringComparison.Ordinal));
        Assert.Null(node.Ledger.GetBlock(first.Hash));
        Assert.Null(node.Ledger.FindBlock(second.Hash));
        Assert.Null(node.Net.Book.BanOf(peer.Address));
        Assert.Equal(30u, node.Tip.Height);
    }
}
