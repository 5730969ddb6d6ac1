using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

/// <summary>Snapshot download with several chunks in flight across peers, and the server's getstate budget.</summary>
public sealed class SnapshotParallelTests
{
    private static List<string> Pairs(IEnumerable<KeyValuePair<byte[], byte[]>> pairs) =>
        pairs.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)).ToList();

    private static async Task<TestNode> ReplayOfAsync(TestNode source)
    {
        var node = await TestNode.StartAsync(peers: [source.EndPoint]);
        await Wait.UntilAsync(() => node.Tip.Hash == source.Tip.Hash, "a replay of the source's chain", node.Describe);
        return node;
    }

    /// <summary>The pairs are the replayed node's, pair for pair, and come in strictly ascending tree-key order.</summary>
    private static void AssertStateOf(TestNode replayed, StateSnapshot snapshot)
    {
        Assert.Equal(replayed.Tip.StateRoot, SnapshotTests.RootOf(snapshot.Pairs));
        Assert.Equal(Pairs(replayed.Ledger.ScanState([])).Order(), Pairs(snapshot.Pairs).Order());
        var treeKeys = snapshot.Pairs.Select(p => SHA256.HashData(p.Key)).ToList();
        for (int i = 1; i < treeKeys.Count; i++) Assert.True(treeKeys[i - 1].AsSpan().SequenceCompareTo(treeKeys[i]) < 0, $"pair {i} out of tree-key order");
    }

    private static Task<StateSnapshot> DownloadTipAsync(TestNode client, TestNode like) =>
        client.Net.DownloadStateAsync(like.Tip.Hash, StateAnchor.FromBlock(like.Ledger.GetBlock(like.Tip.Hash)!, like.Tip.Hash));

    [Fact]
    public async Task A_download_from_three_serving_peers_uses_all_three_and_gives_the_replayed_state()
    {
        await using var a = await SnapshotTests.ServerWithStateAsync();
        await using var b = await ReplayOfAsync(a);
        await using var d = await ReplayOfAsync(a);
        await using var c = await TestNode.StartAsync(o => o with { StateStartDepth = 6 }, peers: [a.EndPoint, b.EndPoint, d.EndPoint]);
        await Wait.UntilAsync(() => c.ReadyPeers == 3, "c's three peers", c.Describe);

        var snapshot = await DownloadTipAsync(c, a).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(64, snapshot.Chunks);
        Assert.Equal(64, snapshot.Requests); // nothing refused, nothing re-asked
        Assert.Equal(new[] { a, b, d }.Select(n => n.EndPoint.ToString()).Order(), snapshot.ChunksByPeer.Keys.Order());
        Assert.All(snapshot.ChunksByPeer.Values, n => Assert.True(n > 0));
        AssertStateOf(b, snapshot);
        Assert.Empty(c.Net.Status().Banned);
        // The default budget never held an honest parallel client back by refusing it.
        Assert.All(new[] { a, b, d }, n => Assert.Equal(0, n.Net.GetStatesRefused));
    }

    [Fact]
    public async Task A_lying_peer_among_honest_ones_is_banned_and_the_download_completes()
    {
        await using var source = await SnapshotTests.ServerWithStateAsync();
        await using var honest = await ReplayOfAsync(source);
        using var listener = new RawPeer.Listener();
        await using var node = await TestNode.StartAsync(o => o with { StateStartDepth = 6 }, peers: [listener.EndPoint, source.EndPoint, honest.EndPoint]);
        await using var liar = await listener.AcceptAsync();
        await liar.HandshakeAsync(source.Ledger, services: VersionMessage.FullBlocks | VersionMessage.StateChunks);
        await Wait.UntilAsync(() => node.ReadyPeers == 3, "the liar and two honest peers ready", node.Describe);

        var download = DownloadTipAsync(node, source);
        var server = new StateChunkSource(source.Ledger, SnapshotHeights.DefaultInterval(source.Ledger.Network));
        // Honest until a chunk with pairs comes up; that one gets a changed value.
        StateChunkMessage lie;
        while (true)
        {
            var honestAnswer = server.Answer(GetStateMessage.Decode(await liar.ExpectAsync(Commands.GetState)));
            if (honestAnswer.Pairs.Count == 0)
            {
                await liar.SendAsync(Commands.StateChunk, honestAnswer.Encode());
                continue;
            }
            var first = honestAnswer.Pairs[0];
            lie = honestAnswer with { Pairs = [new(first.Key, [.. first.Value, 1]), .. honestAnswer.Pairs.Skip(1)] };
            break;
        }
        Assert.NotNull(StateChunkSource.Check(lie, source.Tip.StateRoot));
        await liar.SendAsync(Commands.StateChunk, lie.Encode());

        var snapshot = await download.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(BanReasons.InvalidStateChunk, node.Net.Book.BanOf(liar.Address)?.Reason);
        Assert.True(snapshot.Requests > snapshot.Chunks, "the lied-about chunk was asked again");
        AssertStateOf(honest, snapshot);
        Assert.Single(node.Net.Status().Banned);
    }

    [Fact]
    public async Task A_peer_that_disconnects_mid_download_has_its_chunks_asked_of_others()
    {
        await using var source = await SnapshotTests.ServerWithStateAsync();
        await using var honest = await ReplayOfAsync(source);
        using var listener = new RawPeer.Listener();
        // A timeout far past the test's bound: only the disconnect can give the held chunk back in time.
        await using var node = await TestNode.StartAsync(o => o with { StateStartDepth = 6, StateChunkTimeout = TimeSpan.FromMinutes(10) },
            peers: [listener.EndPoint, honest.EndPoint]);
        var leaver = await listener.AcceptAsync();
        await leaver.HandshakeAsync(source.Ledger, services: VersionMessage.FullBlocks | VersionMessage.StateChunks);
        await Wait.UntilAsync(() => node.ReadyPeers == 2, "the leaver and an honest peer ready", node.Describe);

        var download = DownloadTipAsync(node, source);
        var server = new StateChunkSource(source.Ledger, SnapshotHeights.DefaultInterval(source.Ledger.Network));
        // One chunk answered, the second (asked at the same time) held; then the connection goes.
        await leaver.SendAsync(Commands.StateChunk, server.Answer(GetStateMessage.Decode(await leaver.ExpectAsync(Commands.GetState))).Encode());
        await leaver.ExpectAsync(Commands.GetState);
        await leaver.DisposeAsync();

        var snapshot = await download.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, snapshot.ChunksByPeer.GetValueOrDefault(listener.EndPoint.ToString()));
        Assert.Equal(63, snapshot.ChunksByPeer[honest.EndPoint.ToString()]);
        Assert.True(snapshot.Requests > snapshot.Chunks, "the held chunk was asked again");
        AssertStateOf(honest, snapshot);
        Assert.Empty(node.Net.Status().Banned); // going away is not misbehaviour
    }

    [Fact]
    public async Task A_peer_that_becomes_ready_during_the_download_is_used()
    {
        await using var source = await SnapshotTests.ServerWithStateAsync();
        await using var late = await ReplayOfAsync(source);
        using var listener = new RawPeer.Listener();
        await using var node = await TestNode.StartAsync(o => o with { StateStartDepth = 6, StateChunkTimeout = TimeSpan.FromMinutes(10) }, peers: [listener.EndPoint]);
        await using var slow = await listener.AcceptAsync();
        await slow.HandshakeAsync(source.Ledger, services: VersionMessage.FullBlocks | VersionMessage.StateChunks);
        await Wait.UntilAsync(() => node.ReadyPeers == 1, "the slow peer ready", node.Describe);

        var download = DownloadTipAsync(node, source);
        var held = new[] { await slow.ExpectAsync(Commands.GetState), await slow.ExpectAsync(Commands.GetState) };
        node.Net.AddPeer(late.EndPoint);
        // The slow peer answers only once the late one served something: without being woken by the new peer the
        // download would wait on the slow peer's two chunks and never ask the late one.
        await Wait.UntilAsync(() => Interlocked.Read(ref late.Net.GetStatesAnswered) > 0, "the late peer to be asked", node.Describe);
        var server = new StateChunkSource(source.Ledger, SnapshotHeights.DefaultInterval(source.Ledger.Network));
        foreach (var ask in held) await slow.SendAsync(Commands.StateChunk, server.Answer(GetStateMessage.Decode(ask)).Encode());
        using var stop = new CancellationTokenSource();
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await slow.SendAsync(Commands.StateChunk, server.Answer(GetStateMessage.Decode(await slow.ExpectAsync(Commands.GetState, seconds: 120))).Encode());
        });

        var snapshot = await download.WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        Assert.True(snapshot.ChunksByPeer.GetValueOrDefault(late.EndPoint.ToString()) > 0);
        Assert.True(snapshot.ChunksByPeer.GetValueOrDefault(listener.EndPoint.ToString()) >= 2);
        AssertStateOf(late, snapshot);
    }

    [Fact]
    public async Task A_cancelled_download_ends_while_its_chunks_are_in_flight_and_their_late_answers_ban_nobody()
    {
        await using var source = await SnapshotTests.ServerWithStateAsync();
        using var listener = new RawPeer.Listener();
        await using var node = await TestNode.StartAsync(o => o with { StateChunkTimeout = TimeSpan.FromMinutes(10) }, peers: [listener.EndPoint]);
        await using var silent = await listener.AcceptAsync();
        await silent.HandshakeAsync(source.Ledger, services: VersionMessage.FullBlocks | VersionMessage.StateChunks);
        await Wait.UntilAsync(() => node.ReadyPeers == 1, "the silent peer ready", node.Describe);

        using var cancel = new CancellationTokenSource();
        var tip = source.Tip.Hash;
        var download = node.Net.DownloadStateAsync(tip, StateAnchor.FromBlock(source.Ledger.GetBlock(tip)!, tip), cancel.Token);
        var first = GetStateMessage.Decode(await silent.ExpectAsync(Commands.GetState));
        var second = GetStateMessage.Decode(await silent.ExpectAsync(Commands.GetState)); // both in flight, not answered yet
        cancel.Cancel();
        // A hang would end in the bound's TimeoutException, not a cancellation.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(60)));

        // The peer answers late: requests we made and then gave up are no protocol violation (no ban, still connected).
        var server = new StateChunkSource(source.Ledger, SnapshotHeights.DefaultInterval(source.Ledger.Network));
        await silent.SendAsync(Commands.StateChunk, server.Answer(first).Encode());
        // A new download asks the peer again, the abandoned second chunk among the rest; the peer answers honestly.
        var again = node.Net.DownloadStateAsync(tip, StateAnchor.FromBlock(source.Ledger.GetBlock(tip)!, tip));
        var answered = 0;
        var next = silent.NextAsync(seconds: 60);
        while (await Task.WhenAny(next, again) == next)
        {
            if (await next is not { } message) break;
            if (message.Command == Commands.GetState)
            {
                await silent.SendAsync(Commands.StateChunk, server.Answer(GetStateMessage.Decode(message.Payload)).Encode());
                answered++;
            }
            next = silent.NextAsync(seconds: 60);
        }
        var snapshot = await again.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(source.Tip.StateRoot, SnapshotTests.RootOf(snapshot.Pairs));
        Assert.True(answered >= 15, $"answered {answered}"); // 16 chunks; the late answer may have served the first
        Assert.Null(node.Net.Book.BanOf(silent.Address));
        Assert.Equal(1, node.ReadyPeers);
        _ = second;
    }

    [Fact]
    public async Task Many_peers_each_within_their_own_budget_share_the_nodes_getstate_budget()
    {
        // Each peer's own budget is ample; the node's is one answer, not refilled in the test's time. The first peer's
        // getstate is answered; the second's wait in its queue (four) and the rest are refused at once. Without the
        // node-wide budget the second peer's ten are all answered and the wait for six refusals fails.
        await using var node = await TestNode.StartAsync(o => o with { GetStateNodeBytesPerSecond = 1, GetStateNodeBurstBytes = 1, MaxGetStateQueued = 4 });
        node.Mine(3, payTo: 7);
        var ask = new GetStateMessage(node.Tip.Hash, 0, 0);
        await using var first = await RawPeer.ConnectAsync(node.EndPoint);
        await first.HandshakeAsync(node.Ledger);
        await first.SendAsync(Commands.GetState, ask.Encode());
        Assert.Equal(StateChunkStatus.Ok, StateChunkMessage.Decode(await first.ExpectAsync(Commands.StateChunk)).Status);

        await using var second = await RawPeer.ConnectAsync(node.EndPoint);
        await second.HandshakeAsync(node.Ledger);
        const int sent = 10;
        for (int i = 0; i < sent; i++) await second.SendAsync(Commands.GetState, ask.Encode());
        for (int refused = 0; refused < sent - 4;)
        {
            var chunk = StateChunkMessage.Decode(await second.ExpectAsync(Commands.StateChunk));
            Assert.Equal(StateChunkStatus.Unavailable, chunk.Status);
            refused++;
        }
        // Ping round trip: every getstate was read and handled by then (the read loop is in order).
        await second.SendAsync(Commands.Ping, PingMessage.Encode(7));
        await second.ExpectAsync(Commands.Pong);
        Assert.Equal(1, Interlocked.Read(ref node.Net.GetStatesAnswered));
        Assert.Null(node.Net.Book.BanOf(second.Address));
    }

    [Fact]
    public async Task A_getstate_flood_is_answered_at_the_budget_and_the_rest_refused_without_proofs()
    {
        // A budget one answer empties (every request counts 16 KiB at least) and a rate that does not refill it in the
        // test's time: one proof is made, the queue holds four, everything past them is refused at once.
        await using var node = await TestNode.StartAsync(o => o with { GetStateBytesPerSecond = 1, GetStateBurstBytes = 1, MaxGetStateQueued = 4 });
        node.Mine(3, payTo: 7);
        await using var flooder = await RawPeer.ConnectAsync(node.EndPoint);
        await flooder.HandshakeAsync(node.Ledger);
        const int sent = 40;
        var ask = new GetStateMessage(node.Tip.Hash, 0, 0);
        for (int i = 0; i < sent; i++) await flooder.SendAsync(Commands.GetState, ask.Encode());

        // The one answer and the refusals come at once: four are queued (the one answered among them while it is
        // answered, so a fifth may find room after it), the rest refused. Without the budget all forty are answered,
        // no refusal comes and the wait for one fails.
        int ok = 0, refused = 0;
        while (refused < sent - 5 || ok == 0)
        {
            var chunk = StateChunkMessage.Decode(await flooder.ExpectAsync(Commands.StateChunk));
            if (chunk.Status == StateChunkStatus.Ok) ok++;
            else if (chunk.Status == StateChunkStatus.Unavailable) refused++;
        }
        // Ping round trip: every getstate was read and handled by then (the read loop is in order).
        await flooder.SendAsync(Commands.Ping, PingMessage.Encode(42));
        await flooder.ExpectAsync(Commands.Pong);
        Assert.Equal(1, ok);
        Assert.Equal(1, Interlocked.Read(ref node.Net.GetStatesAnswered));
        Assert.InRange(Interlocked.Read(ref node.Net.GetStatesRefused), sent - 5, sent - 4);
        Assert.Null(node.Net.Book.BanOf(flooder.Address)); // limited, not punished

        // The budget is the flooder's: another peer is answered at once.
        await using var other = await RawPeer.ConnectAsync(node.EndPoint);
        await other.HandshakeAsync(node.Ledger);
        await other.SendAsync(Commands.GetState, ask.Encode());
        Assert.Equal(StateChunkStatus.Ok, StateChunkMessage.Decode(await other.ExpectAsync(Commands.StateChunk)).Status);
    }

    [Fact]
    public async Task A_peer_over_its_getstate_budget_is_answered_late_not_refused()
    {
        // Four requests of 16 KiB each against 16 KiB in the bucket and 64 KiB a second: all answered, the last ones later.
        await using var node = await TestNode.StartAsync(o => o with { GetStateBytesPerSecond = 64 * 1024, GetStateBurstBytes = 16 * 1024 });
        node.Mine(3, payTo: 7);
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        for (uint p = 0; p < 4; p++) await peer.SendAsync(Commands.GetState, new GetStateMessage(node.Tip.Hash, 2, p).Encode());
        var paths = new List<uint>();
        for (int i = 0; i < 4; i++)
        {
            var chunk = StateChunkMessage.Decode(await peer.ExpectAsync(Commands.StateChunk));
            Assert.Equal(StateChunkStatus.Ok, chunk.Status);
            Assert.Null(StateChunkSource.Check(chunk, node.Tip.StateRoot));
            paths.Add(chunk.Path);
        }
        Assert.Equal([0u, 1u, 2u, 3u], paths); // one queue per peer: in the order asked
        Assert.Equal(0, node.Net.GetStatesRefused);
    }
}
