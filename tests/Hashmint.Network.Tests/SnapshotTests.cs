using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network.Tests;

/// <summary>Snapshot sync, first slice: the state at a block in chunks proven against the root its coinbase commits to.</summary>
public sealed class SnapshotTests
{
    /// <summary>Enough distinct accounts that chunks at depth 6 are empty, single (the path ends early) and several.</summary>
    internal static async Task<TestNode> ServerWithStateAsync(bool listen = true)
    {
        var node = await TestNode.StartAsync(listen: listen);
        node.Mine(2, payTo: 7);
        for (int i = 0; i < 40; i++) node.Ledger.SubmitTransaction(Keys.Transfer(7, 100 + i, 1000 + (ulong)i, (ulong)i));
        node.Mine(1, payTo: 1);
        Assert.True(node.Ledger.ScanState([]).Count() > 40);
        return node;
    }

    /// <summary>The state root of a set of pairs, hashed into a fresh tree.</summary>
    internal static Hash256 RootOf(IEnumerable<KeyValuePair<byte[], byte[]>> pairs)
    {
        using var store = new MemoryKeyValueStore([SparseMerkleTree.NodeFamily]);
        var tree = new SparseMerkleTree(store);
        var batch = store.CreateBatch();
        var root = tree.Update(SparseMerkleTree.EmptyRoot, pairs.Select(p => (SHA256.HashData(p.Key), (byte[]?)SHA256.HashData(p.Value))).ToList(), batch);
        return new Hash256(root);
    }

    [Fact]
    public void State_messages_round_trip_and_are_strict()
    {
        var block = new Hash256(SHA256.HashData([1]));
        var get = new GetStateMessage(block, 6, 45);
        Assert.Equal(get, GetStateMessage.Decode(get.Encode()));
        Assert.Throws<Hashmint.Core.Encoding.DecodeException>(() => GetStateMessage.Decode(new GetStateMessage(block, 6, 64).Encode())); // 64 needs 7 bits
        Assert.Throws<Hashmint.Core.Encoding.DecodeException>(() => GetStateMessage.Decode(new GetStateMessage(block, 33, 0).Encode()));
        var chunk = new StateChunkMessage(block, 6, 45, StateChunkStatus.Ok, [SHA256.HashData([2]), SHA256.HashData([3])],
            new SmtLeaf(SHA256.HashData([4]), SHA256.HashData([5])), [new([1, 2], [3]), new([4], [])]);
        var back = StateChunkMessage.Decode(chunk.Encode());
        Assert.Equal(chunk.Siblings.Select(Convert.ToHexString), back.Siblings.Select(Convert.ToHexString));
        Assert.Equal(chunk.Terminal, back.Terminal);
        Assert.Equal(chunk.Pairs.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)), back.Pairs.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)));
        var bytes = chunk.Encode();
        Assert.Throws<Hashmint.Core.Encoding.DecodeException>(() => StateChunkMessage.Decode([.. bytes, 0])); // trailing byte
        var tooManySiblings = new StateChunkMessage(block, 1, 1, StateChunkStatus.Ok, [SHA256.HashData([2]), SHA256.HashData([3])], null, []).Encode();
        Assert.Throws<Hashmint.Core.Encoding.DecodeException>(() => StateChunkMessage.Decode(tooManySiblings)); // more siblings than the depth
        Assert.Equal(StateChunkStatus.TooLarge, StateChunkMessage.Decode(StateChunkMessage.Refusal(get, StateChunkStatus.TooLarge).Encode()).Status);
    }

    [Fact]
    public async Task A_snapshot_from_peers_has_the_state_root_of_a_node_that_replayed_every_block()
    {
        await using var a = await ServerWithStateAsync();
        await using var b = await TestNode.StartAsync(peers: [a.EndPoint]);
        await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "b to replay a's chain", b.Describe);
        await using var c = await TestNode.StartAsync(o => o with { StateStartDepth = 6 }, peers: [a.EndPoint, b.EndPoint]);
        await Wait.UntilAsync(() => c.ReadyPeers == 2, "c's two peers", c.Describe);

        var tip = a.Tip.Hash;
        var root = StateAnchor.FromBlock(a.Ledger.GetBlock(tip)!, tip);
        var snapshot = await c.Net.DownloadStateAsync(tip, root).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(64, snapshot.Chunks);
        Assert.Equal(b.Tip.StateRoot, RootOf(snapshot.Pairs));
        Assert.Equal(b.Ledger.ScanState([]).Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)).Order(),
            snapshot.Pairs.Select(p => Convert.ToHexString(p.Key) + "=" + Convert.ToHexString(p.Value)).Order());
        Assert.Empty(c.Net.Status().Banned);
        // A block that is not the peers' tip is not served: the download says so instead of hanging.
        await Assert.ThrowsAsync<StateSyncException>(() => c.Net.DownloadStateAsync(a.Ledger.BlockAt(1)!.Hash, root).WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void The_anchor_is_checked_against_the_header()
    {
        var synthetic = new Hashmint.Ledger.Synthetic.SyntheticChain(Hashmint.Core.Consensus.ChainParams.Regtest);
        synthetic.FundSenders(1);
        synthetic.AddTransferBlock(1);
        var block = synthetic.Blocks[^1];
        Assert.Equal(block.Coinbase.StateRoot, StateAnchor.FromBlock(block, block.Hash));
        Assert.Throws<InvalidDataException>(() => StateAnchor.FromBlock(block, synthetic.Blocks[0].Hash));
        var stripped = new Hashmint.Core.Blocks.Block(block.Header, block.Coinbase, []);
        Assert.Throws<InvalidDataException>(() => StateAnchor.FromBlock(stripped, block.Hash));
    }

    [Theory]
    [InlineData("changed-value")]
    [InlineData("left-out")]
    [InlineData("hidden-as-terminal")]
    [InlineData("changed-sibling")]
    public async Task A_peer_that_serves_a_wrong_chunk_is_caught_by_the_proof_and_banned(string tamper)
    {
        await using var source = await ServerWithStateAsync(listen: false);
        using var listener = new RawPeer.Listener();
        await using var node = await TestNode.StartAsync(o => o with { StateStartDepth = 6 }, peers: [listener.EndPoint]);
        await using var liar = await listener.AcceptAsync();
        await liar.HandshakeAsync(source.Ledger, services: VersionMessage.FullBlocks | VersionMessage.StateChunks);
        // Our side of the handshake ends before the node has read our verack: wait until it counts the liar as ready.
        await Wait.UntilAsync(() => node.ReadyPeers == 1, "the liar to be ready", node.Describe);

        var tip = source.Tip.Hash;
        var download = node.Net.DownloadStateAsync(tip, StateAnchor.FromBlock(source.Ledger.GetBlock(tip)!, tip));
        var server = new StateChunkSource(source.Ledger, SnapshotHeights.DefaultInterval(source.Ledger.Network));
        // The liar answers honestly until a chunk it can falsify in this way comes up (the chunks are fixed: the keys are).
        for (int asked = 0; ; asked++)
        {
            Assert.True(asked < 64, $"no chunk of the {tamper} kind among the 64");
            var ask = GetStateMessage.Decode(await liar.ExpectAsync(Commands.GetState));
            var honest = server.Answer(ask);
            Assert.Equal(StateChunkStatus.Ok, honest.Status);
            Assert.Null(StateChunkSource.Check(honest, source.Tip.StateRoot)); // the honest answer proves
            var pairs = honest.Pairs.ToList();
            StateChunkMessage? lie = tamper switch
            {
                "changed-value" when pairs.Count > 0 => honest with { Pairs = [new(pairs[0].Key, [.. pairs[0].Value, 1]), .. pairs.Skip(1)] },
                "left-out" when pairs.Count > 0 => honest with { Pairs = pairs.Skip(1).ToList() },
                // The path ends early at the chunk's only pair: passed off as the leaf beside the path, it would hash
                // the same; the rule that a terminal must lie outside the path is what catches it.
                "hidden-as-terminal" when pairs.Count == 1 && honest.Siblings.Count < honest.Depth =>
                    honest with { Pairs = [], Terminal = new SmtLeaf(SHA256.HashData(pairs[0].Key), SHA256.HashData(pairs[0].Value)) },
                "changed-sibling" when honest.Siblings.Count > 0 => honest with { Siblings = [SHA256.HashData(honest.Siblings[0]), .. honest.Siblings.Skip(1)] },
                _ => null,
            };
            if (lie is null)
            {
                await liar.SendAsync(Commands.StateChunk, honest.Encode());
                continue;
            }
            Assert.NotNull(StateChunkSource.Check(lie, source.Tip.StateRoot));
            await liar.SendAsync(Commands.StateChunk, lie.Encode());
            break;
        }

        await Assert.ThrowsAsync<StateSyncException>(() => download.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(BanReasons.InvalidStateChunk, node.Net.Book.BanOf(liar.Address)?.Reason);
        Assert.Contains(node.Net.Status().Banned, x => x.Address == liar.Address.ToString() && x.Reason == BanReasons.InvalidStateChunk);
    }

    [Fact]
    public async Task A_statechunk_nobody_asked_for_is_a_protocol_violation()
    {
        await using var node = await TestNode.StartAsync();
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        await peer.SendAsync(Commands.StateChunk, StateChunkMessage.Refusal(new GetStateMessage(node.Tip.Hash, 0, 0), StateChunkStatus.Unavailable).Encode());
        await Wait.UntilAsync(() => node.Net.Book.BanOf(peer.Address) is not null, "the ban", node.Describe);
        Assert.Equal(BanReasons.ProtocolViolation, node.Net.Book.BanOf(peer.Address)!.Reason);
    }

    [Fact]
    public async Task A_node_serves_proven_chunks_of_its_tip_to_a_raw_peer()
    {
        await using var node = await ServerWithStateAsync();
        await using var peer = await RawPeer.ConnectAsync(node.EndPoint);
        await peer.HandshakeAsync(node.Ledger);
        var all = new List<KeyValuePair<byte[], byte[]>>();
        for (uint p = 0; p < 4; p++)
        {
            await peer.SendAsync(Commands.GetState, new GetStateMessage(node.Tip.Hash, 2, p).Encode());
            var chunk = StateChunkMessage.Decode(await peer.ExpectAsync(Commands.StateChunk));
            Assert.Equal((StateChunkStatus.Ok, p), (chunk.Status, chunk.Path));
            Assert.Null(StateChunkSource.Check(chunk, node.Tip.StateRoot));
            all.AddRange(chunk.Pairs);
        }
        Assert.Equal(node.Tip.StateRoot, RootOf(all));
        await peer.SendAsync(Commands.GetState, new GetStateMessage(node.Ledger.Genesis.Hash, 0, 0).Encode());
        Assert.Equal(StateChunkStatus.Unavailable, StateChunkMessage.Decode(await peer.ExpectAsync(Commands.StateChunk)).Status);
    }
}
