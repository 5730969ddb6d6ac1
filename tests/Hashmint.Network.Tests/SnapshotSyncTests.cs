using System.Numerics;
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
/// Snapshot sync end to end: a fresh node takes headers, downloads the proven state, runs from it and follows the
/// chain above it with the same state roots as a node that replayed every block.
/// </summary>
public sealed class SnapshotSyncTests
{
    private static void Send(LedgerFacade ledger, int key, params Operation[] ops) =>
        ledger.SubmitSigned(Keys.Id(key), nonce => Transaction.CreateSignedPayingPerByte(ChainParams.Regtest.ChainId, Keys.Secret(key), nonce, 2, 0, ops));

    private static MintOperation Mint(int to) => new("snap-art", Keys.Id(to), TokenContent.None, [], null, null);

    private static List<string> Pairs(LedgerFacade ledger) =>
        ledger.ScanState([]).Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)).ToList();

    /// <summary>A chain with coins (many accounts), a collection with tokens, and market listings.</summary>
    private static async Task<TestNode> ServerWithCoinsNftsAndMarketAsync(Func<NetworkOptions, NetworkOptions>? configure = null)
    {
        var a = await TestNode.StartAsync(configure);
        a.Mine(3, payTo: 1);
        a.Mine(2, payTo: 2);
        var art = new CollectionDefinition("snap-art", "Snapshot Art", "SNAP", CollectionKind.Art, 100, 500, [new RoyaltySplit(Keys.Id(3), 500)],
            TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        Send(a.Ledger, 1, new CreateCollectionOperation(art), Mint(1), Mint(1), Mint(2));
        for (int i = 0; i < 30; i++) a.Ledger.SubmitTransaction(Keys.Transfer(2, 100 + i, 1000 + (ulong)i, (ulong)i));
        a.Mine(1, payTo: 4);
        uint h = a.Tip.Height + 1;
        Send(a.Ledger, 1, new ListOperation("snap-art", 1, ListingTerms.Fixed(Amount.Coins(5))),
            new ListOperation("snap-art", 2, ListingTerms.Dutch(Amount.Coins(10), Amount.Coins(2), h, h + 50)));
        a.Mine(1, payTo: 4);
        Assert.Empty(a.Ledger.PendingTransactions());
        return a;
    }

    [Fact]
    public async Task A_node_syncs_from_a_snapshot_then_follows_the_chain_with_the_same_state_roots()
    {
        // Snapshot heights every 2 blocks: with A's tip at 8 and a depth of 2, B asks for block 6, not A's tip, and A
        // (which keeps the states of heights 8, 6 and 4) serves it.
        await using var a = await ServerWithCoinsNftsAndMarketAsync(o => o with { SnapshotInterval = 2 });
        a.Mine(1, payTo: 5);
        Assert.Equal(8u, a.Tip.Height);
        await using var b = await TestNode.StartAsync(o => o with { SnapshotSync = true, SnapshotDepth = 2, SnapshotInterval = 2, StateStartDepth = 3, SnapshotRetryDelay = TimeSpan.FromMilliseconds(100), Backfill = false },
            peers: [a.EndPoint]);
        var started = await b.Net.SnapshotStarted.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(a.Ledger.BlockAt(6)!.Hash, started.Hash); // (8 - 2) / 2 * 2
        Assert.Equal("started", b.Net.SnapshotSync!.Phase);
        Assert.Null(b.Net.SnapshotSync.LastError);
        Assert.Equal(started.Hash, b.Ledger.ValidatedFrom!.Hash);
        Assert.Equal(a.Ledger.BlockAt(started.Height)!.StateRoot, b.Ledger.BlockAt(started.Height)!.StateRoot);
        await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "b to sync the blocks above its snapshot", b.Describe);
        Assert.Equal(Pairs(a.Ledger), Pairs(b.Ledger));
        var old = b.Ledger.BlockAt(1)!;
        Assert.Equal(a.Ledger.BlockAt(1)!.Hash, old.Hash);
        Assert.True(b.Ledger.IsNotBackfilled(old));
        Assert.Null(b.Ledger.GetBlock(old.Hash));

        // A mines on, with coin, token and market transactions: B follows and has A's root at every new tip.
        Send(a.Ledger, 1, new TransferOperation(Keys.Id(60), new Amount(5_000)));
        a.Ledger.SubmitTransaction(Keys.Transfer(2, 62, 3_000, 30));
        Send(a.Ledger, 2, new TransferTokenOperation("snap-art", 3, Keys.Id(61)));
        a.Mine(1, payTo: 5);
        Send(a.Ledger, 2, new BuyOperation("snap-art", 2, Amount.Coins(10)));
        a.Mine(2, payTo: 6);
        await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "b to follow a above the snapshot", b.Describe);
        Assert.Equal(a.Tip.StateRoot, b.Tip.StateRoot);
        Assert.Equal(Pairs(a.Ledger), Pairs(b.Ledger));

        // B's mempool, templates and mining work on a snapshot: A takes B's block.
        Send(b.Ledger, 1, new TransferOperation(Keys.Id(63), new Amount(4_000)));
        b.Mine(1, payTo: 8);
        await Wait.UntilAsync(() => a.Tip.Hash == b.Tip.Hash, "a to take b's block", a.Describe);
        Assert.Equal(a.Tip.StateRoot, b.Tip.StateRoot);
        Assert.Empty(b.Net.Status().Banned);
        Assert.Empty(a.Net.Status().Banned);
    }

    [Fact]
    public async Task A_snapshot_node_backfills_the_bodies_below_its_snapshot_and_a_replay_from_genesis_confirms_it()
    {
        await using var a = await ServerWithCoinsNftsAndMarketAsync();
        await using var b = await TestNode.StartAsync(o => o with { SnapshotSync = true, SnapshotDepth = 0 }, peers: [a.EndPoint]);
        var started = await b.Net.SnapshotStarted.WaitAsync(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => b.Ledger.Backfill is { Verified: true }, "b to backfill and confirm its snapshot",
            () => $"{b.Ledger.Backfill}, verification: {b.Net.SnapshotVerification}; {b.Describe()}");
        Assert.Equal(0, b.Ledger.Backfill!.Missing);
        Assert.Contains("replayed", b.Net.SnapshotVerification);
        for (uint h = 1; h < started.Height; h++)
        {
            var point = b.Ledger.BlockAt(h)!;
            Assert.False(b.Ledger.IsNotBackfilled(point));
            Assert.Equal(a.Ledger.GetBlockBytes(point.Hash), b.Ledger.GetBlockBytes(point.Hash));
        }
        // Still validated from the snapshot (no undo records below it), and still following the chain.
        Assert.Equal(started.Hash, b.Ledger.ValidatedFrom!.Hash);
        a.Mine(1, payTo: 5);
        await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "b to follow a", b.Describe);
        Assert.Equal(a.Tip.StateRoot, b.Tip.StateRoot);
    }

    /// <summary>Answers every getheaders with no headers and every getdata with notfound, until the connection ends.</summary>
    private static Task AnswerEmptyAsync(RawPeer peer) => Task.Run(async () =>
    {
        try
        {
            while (await peer.NextAsync(120) is { } m)
            {
                if (m.Command == Commands.GetHeaders) await peer.SendAsync(Commands.Headers, HeadersMessage.Encode([]));
                else if (m.Command == Commands.GetData) await peer.SendAsync(Commands.NotFound, m.Payload);
            }
        }
        catch (OperationCanceledException) { /* the test is over */ }
    });

    [Fact]
    public async Task A_peer_that_announces_more_work_than_its_headers_have_does_not_stall_the_snapshot_sync()
    {
        await using var a = await TestNode.StartAsync();
        a.Mine(5, payTo: 1);
        await using var b = await TestNode.StartAsync(o => o with { SnapshotSync = true, SnapshotDepth = 0, Backfill = false });
        // The liar is ready before the honest peer is known, so the wait sees it from the start.
        await using var liar = await RawPeer.ConnectAsync(b.EndPoint);
        await liar.HandshakeAsync(b.Ledger, bestHeight: 1_000_000, work: BigInteger.One << 200);
        var answering = AnswerEmptyAsync(liar);
        await Wait.UntilAsync(() => b.ReadyPeers == 1, "the liar's handshake", b.Describe);
        b.Net.AddPeer(a.EndPoint);

        var started = await b.Net.SnapshotStarted.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(a.Tip.Hash, started.Hash);
        var notes = b.Net.Status().Peers.Where(p => p.Address.StartsWith(liar.Address + ":", StringComparison.Ordinal)).SelectMany(p => p.Misbehaviour).ToList();
        Assert.True(notes.Any(n => n.StartsWith("not waited for by the snapshot sync: its headers left our best header at work", StringComparison.Ordinal)),
            $"the liar is noted: [{string.Join("; ", notes)}]; {b.Describe()}");
        Assert.Null(b.Net.Book.BanOf(liar.Address));
        Assert.Null(b.Net.Book.BanOf(a.Address));
    }

    [Fact]
    public async Task A_peer_that_never_answers_headers_and_keeps_reconnecting_from_its_address_does_not_stall_the_snapshot_sync()
    {
        await using var a = await TestNode.StartAsync();
        a.Mine(5, payTo: 1);
        await using var b = await TestNode.StartAsync(o => o with { SnapshotSync = true, SnapshotDepth = 0, Backfill = false });
        var liarAddress = Loopback.Next();
        int LiarsReady() => b.Net.Status().Peers.Count(p => p.HandshakeComplete && p.Address.StartsWith(liarAddress + ":", StringComparison.Ordinal));
        async Task<RawPeer> ConnectLiarAsync()
        {
            var r = await RawPeer.ConnectAsync(b.EndPoint, liarAddress);
            await r.HandshakeAsync(b.Ledger, bestHeight: 1_000_000, work: BigInteger.One << 200);
            return r;
        }
        var current = await ConnectLiarAsync();
        await Wait.UntilAsync(() => LiarsReady() == 1, "the liar's first connection", b.Describe);
        b.Net.AddPeer(a.EndPoint);
        // The liar announces work it never delivers and leaves each getheaders unanswered; before a connection leaves,
        // the next one from the same address is ready (and asked), so one of them always has a request out.
        using var stop = new CancellationTokenSource();
        var keep = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var next = await ConnectLiarAsync();
                await Wait.UntilAsync(() => LiarsReady() >= 2 || stop.IsCancellationRequested, "the liar's next connection", b.Describe);
                await current.DisposeAsync();
                current = next;
                await Wait.UntilAsync(() => LiarsReady() <= 1 || stop.IsCancellationRequested, "the liar's last connection to go", b.Describe);
            }
        });

        var started = await b.Net.SnapshotStarted.WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        await keep;
        await current.DisposeAsync();
        Assert.Equal(a.Tip.Hash, started.Hash);
        Assert.Null(b.Net.Book.BanOf(liarAddress));
    }

    /// <summary>A store whose ledger started from a snapshot of <paramref name="source"/>'s tip (no body below it).</summary>
    private static MemoryKeyValueStore SnapshotOf(LedgerFacade source)
    {
        var store = new MemoryKeyValueStore();
        var ledger = new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        var tip = source.Tip;
        var headers = Enumerable.Range(1, (int)tip.Height).Select(h => source.BlockAt((uint)h)!.Header).ToList();
        ledger.StartFromSnapshot(headers, source.GetBlock(tip.Hash)!, source.ScanState([]).ToList());
        return store;
    }

    /// <summary>Collects what the node sends the raw peer until an inv of <paramref name="tx"/> arrives.</summary>
    private static async Task<List<string>> CommandsUntilAnnouncedAsync(RawPeer peer, Hash256 tx)
    {
        var seen = new List<string>();
        while (await peer.NextAsync() is { } m)
        {
            seen.Add(m.Command);
            if (m.Command == Commands.Inv && InventoryMessage.Decode(m.Payload).Any(i => i.Hash == tx)) return seen;
        }
        throw new InvalidOperationException($"the connection closed before {tx} was announced (saw {string.Join(", ", seen)})");
    }

    [Fact]
    public async Task A_snapshot_node_backfills_only_from_peers_that_serve_every_block_and_waits_for_one_without_a_ban()
    {
        await using var a = await TestNode.StartAsync();
        a.Mine(8, payTo: 1);
        await using var c = await TestNode.StartAsync(store: SnapshotOf(a.Ledger));
        Assert.Equal(7, c.Ledger.Backfill!.Missing);

        // A snapshot peer (no service bit 0) whose chain covers every height below the floor.
        await using var snap = await RawPeer.ConnectAsync(c.EndPoint);
        var first = Keys.Transfer(1, 70, 1_000, 0);
        c.Ledger.SubmitTransaction(first);
        await snap.HandshakeAsync(c.Ledger, bestHeight: a.Tip.Height, work: a.Tip.ChainWork, services: VersionMessage.StateChunks);
        // The node's ticks are ordered: pending transactions are announced, then downloads assigned, so once a
        // transaction accepted after the first announcement is announced too, a tick has assigned downloads with
        // the snapshot peer ready. It was asked for nothing.
        var before = await CommandsUntilAnnouncedAsync(snap, first.Id);
        var second = Keys.Transfer(1, 71, 1_000, 1);
        c.Ledger.SubmitTransaction(second);
        var after = await CommandsUntilAnnouncedAsync(snap, second.Id);
        Assert.DoesNotContain(Commands.GetData, before.Concat(after));
        Assert.Equal(7, c.Ledger.Backfill!.Missing);

        // A peer that serves every block connects: the bodies come from it, the snapshot peer is still asked for none.
        c.Net.AddPeer(a.EndPoint);
        await Wait.UntilAsync(() => c.Ledger.Backfill is { Missing: 0 }, "c to backfill from a", () => $"{c.Ledger.Backfill}; {c.Describe()}");
        Assert.DoesNotContain(Commands.GetData, (await snap.DrainAsync()).Select(m => m.Command));
        Assert.False(snap.Closed);
        Assert.Empty(c.Net.Status().Banned);
    }

    [Fact]
    public async Task A_snapshot_node_claims_every_block_again_once_its_backfill_is_verified_and_serves_the_backfilled_bodies()
    {
        await using var a = await TestNode.StartAsync();
        a.Mine(6, payTo: 1);
        await using var c = await TestNode.StartAsync(store: SnapshotOf(a.Ledger));
        uint floor = c.Ledger.ValidatedFrom!.Height;

        // Before the backfill: no service bit 0.
        await using var early = await RawPeer.ConnectAsync(c.EndPoint);
        var before = await early.HandshakeAsync(c.Ledger);
        Assert.Equal(0ul, before.Services & VersionMessage.FullBlocks);

        c.Net.AddPeer(a.EndPoint);
        await Wait.UntilAsync(() => c.Ledger.Backfill is { Verified: true }, "c to backfill and confirm its snapshot",
            () => $"{c.Ledger.Backfill}, verification: {c.Net.SnapshotVerification}; {c.Describe()}");

        // A connection made now sees service bit 0, and every body below the floor is served, byte for byte.
        await using var late = await RawPeer.ConnectAsync(c.EndPoint);
        var after = await late.HandshakeAsync(c.Ledger);
        Assert.Equal(VersionMessage.FullBlocks, after.Services & VersionMessage.FullBlocks);
        var below = Enumerable.Range(1, (int)floor - 1).Select(h => c.Ledger.BlockAt((uint)h)!.Hash).ToList();
        await late.SendAsync(Commands.GetData, InventoryMessage.Encode(below.Select(h => new InventoryItem(InventoryType.Block, h)).ToList()));
        foreach (var hash in below)
            Assert.Equal(a.Ledger.GetBlockBytes(hash), await late.ExpectAsync(Commands.Block));
    }

    [Fact]
    public async Task A_snapshot_node_refuses_a_heavier_branch_that_forks_below_its_snapshot_without_a_ban()
    {
        await using var a = await ServerWithCoinsNftsAndMarketAsync();
        // A rival shares the first two blocks and then mines a longer branch of its own, never shown to A.
        var rivalStore = new MemoryKeyValueStore();
        var rival = new LedgerFacade(rivalStore, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        for (uint h = 1; h <= 2; h++) Assert.True(rival.SubmitBlock(a.Ledger.GetBlock(a.Ledger.BlockAt(h)!.Hash)!).Accepted);
        var branch = Miner.Mine(rival, (int)a.Tip.Height + 3, Keys.Id(9));

        await using var b = await TestNode.StartAsync(o => o with { SnapshotSync = true, SnapshotDepth = 0, Backfill = false }, peers: [a.EndPoint]);
        var started = await b.Net.SnapshotStarted.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(a.Tip.Hash, started.Hash);

        // Directly: the rival's first block is refused with the reason.
        var refused = b.Ledger.SubmitBlock(branch[0]);
        Assert.Equal(BlockOutcome.Rejected, refused.Outcome);
        Assert.Equal(RejectCodes.ForkBelowSnapshot, refused.Rejection!.Code);

        // Over the network: the rival's headers are refused, noted, not banned; B stays on its chain.
        await using var c = await TestNode.StartAsync(store: rivalStore, peers: [b.EndPoint], listen: false);
        await Wait.UntilAsync(() => b.Net.Status().Peers.Any(p => p.Misbehaviour.Any(n => n.Contains(RejectCodes.ForkBelowSnapshot))),
            "b to note the rival's branch", b.Describe);
        Assert.Equal(started.Hash, b.Tip.Hash);
        Assert.Equal(started.Hash, b.Ledger.BestHeader.Hash);
        Assert.Empty(b.Net.Status().Banned);
    }
}
