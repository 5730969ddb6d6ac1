using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

/// <summary>The server's getstate budget.</summary>
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
    public async Task A_getstate_flood_is_answered_at_the_budget_and_the_rest_refused_without_proofs()
    {
        // A budget one answer empties (every request counts 16 KiB at least) and a rate that does not refill it in the
        // test's time: one proof is made, four wait in the queue, everything past them is refused at once.
        await using var node = await TestNode.StartAsync(o => o with { GetStateBytesPerSecond = 1, GetStateBurstBytes = 1, MaxGetStateQueued = 4 });
        node.Mine(3, payTo: 7);
        await using var flooder = await RawPeer.ConnectAsync(node.EndPoint);
        await flooder.HandshakeAsync(node.Ledger);
        const int sent = 40;
        var ask = new GetStateMessage(node.Tip.Hash, 0, 0);
        for (int i = 0; i < sent; i++) await flooder.SendAsync(Commands.GetState, ask.Encode());

        // The one answer and the refusals come at once (at least sent - 1 answered - 4 queued of them). Without the
        // budget all forty are answered, no refusal comes and the wait for one fails.
        int ok = 0, refused = 0;
        while (refused < sent - 1 - 4 || ok == 0)
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
        Assert.InRange(Interlocked.Read(ref node.Net.GetStatesRefused), sent - 1 - 4, sent - 1 - 3);
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
