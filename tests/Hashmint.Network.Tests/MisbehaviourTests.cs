using System.Net;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;

namespace Hashmint.Network.Tests;

/// <summary>Peers that lie or break the protocol are dropped and banned with the reason, while the honest ones go on.</summary>
public sealed class MisbehaviourTests
{
    private static async Task<string> BannedReason(TestNode node, IPAddress address)
    {
        await Wait.UntilAsync(() => node.Net.Book.BanOf(address) is not null, $"{address} to be banned", node.Describe);
        var ban = node.Net.Book.BanOf(address)!;
        Assert.Contains(node.Net.Status().Banned, b => b.Address == address.ToString() && b.Reason == ban.Reason);
        return $"{ban.Reason}: {ban.Detail}";
    }

    [Fact]
    public async Task A_peer_that_sends_an_invalid_block_is_banned_with_the_reason_and_the_node_goes_on_with_the_others()
    {
        await using var honest = await TestNode.StartAsync();
        await using var node = await TestNode.StartAsync(peers: [honest.EndPoint]);
        honest.Mine(2);
        await Wait.UntilAsync(() => node.Tip.Hash == honest.Tip.Hash, "sync", node.Describe);

        await using var liar = await RawPeer.ConnectAsync(node.EndPoint);
        await liar.HandshakeAsync(node.Ledger);
        // A block on the tip with proof of work but a Merkle root that does not match its transactions.
        var good = Miner.Solve(node.Ledger, Keys.Id(3));
        var bad = new Block(Miner.SolveHeader(good.Header with { MerkleRoot = Hash256.Zero }), good.Coinbase, good.Transactions);
        await liar.SendAsync(Commands.Block, bad.Encode());
        string reason = await BannedReason(node, liar.Address);
        Assert.StartsWith("invalid-block: ", reason);
        Assert.Contains("bad-merkle-root", reason);
        await liar.WaitClosedAsync();
        // The honest peer is still there and its next block arrives.
        honest.Mine(1);
        await Wait.UntilAsync(() => node.Tip.Hash == honest.Tip.Hash, "the next honest block", node.Describe);
        // A banned address is refused at once when it comes back.
        await using var again = await RawPeer.ConnectAsync(node.EndPoint, liar.Address);
        await again.WaitClosedAsync();
    }

    [Fact]
    public async Task A_peer_that_sends_an_invalid_header_chain_is_banned()
    {
        await using var node = await TestNode.StartAsync();
        node.Mine(1);
        await using var liar = await RawPeer.ConnectAsync(node.EndPoint);
        await liar.HandshakeAsync(node.Ledger);
        var tip = node.Tip;
        var h1 = Miner.SolveHeader(new BlockHeader(1, tip.Hash, Hash256.Zero, tip.Header.Time + 1, tip.Header.Bits, 0));
        var h2 = Miner.FailHeader(new BlockHeader(1, h1.Hash, Hash256.Zero, h1.Time + 1, h1.Bits, 0)); // no proof of work
        await liar.SendAsync(Commands.Headers, HeadersMessage.Encode([h1, h2]));
        string reason = await BannedReason(node, liar.Address);
        Assert.StartsWith("invalid-header: bad-proof-of-work", reason);
        // The good first header was kept; the bad one was not.
        Assert.Equal(h1.Hash, node.Ledger.BestHeader.Hash);
    }

    [Fact]
    public async Task Headers_that_do_not_link_up_are_an_invalid_header_chain()
    {
        await using var node = await TestNode.StartAsync();
        await using var liar = await RawPeer.ConnectAsync(node.EndPoint);
        await liar.HandshakeAsync(node.Ledger);
        var tip = node.Tip;
        var h1 = Miner.SolveHeader(new BlockHeader(1, tip.Hash, Hash256.Zero, tip.Header.Time + 1, tip.Header.Bits, 0));
        var h2 = Miner.SolveHeader(new BlockHeader(1, tip.Hash, Hash256.Zero, tip.Header.Time + 2, tip.Header.Bits, 0));
        await liar.SendAsync(Commands.Headers, HeadersMessage.Encode([h1, h2]));
        Assert.StartsWith("invalid-header: header 1 of 2 does not follow", await BannedReason(node, liar.Address));
    }

    [Fact]
    public async Task Malformed_and_oversized_frames_fuzzed_are_each_banned_with_their_reason_while_an_honest_peer_stays()
    {
        await using var honest = await TestNode.StartAsync();
        await using var node = await TestNode.StartAsync(peers: [honest.EndPoint]);
        await Wait.UntilAsync(() => node.ReadyPeers == 1, "the honest peer", node.Describe);
        var rng = new Random(5);
        var valid = Frame.Build(node.Net.Magic, Commands.Inv, InventoryMessage.Encode([new InventoryItem(InventoryType.Block, Hash256.Zero)]));
        var seen = new HashSet<string>();
        for (int i = 0; i < 24; i++)
        {
            await using var bad = await RawPeer.ConnectAsync(node.EndPoint);
            await bad.HandshakeAsync(node.Ledger);
            byte[] frame;
            switch (i % 6)
            {
                case 0: // oversized length for the command
                    frame = Frame.Build(node.Net.Magic, Commands.Ping, new byte[8]);
                    BitConverter.TryWriteBytes(frame.AsSpan(16), (uint)rng.Next(9, int.MaxValue));
                    frame = frame[..Frame.HeaderSize];
                    break;
                case 1: // wrong magic
                    frame = (byte[])valid.Clone();
                    frame[rng.Next(4)] ^= (byte)rng.Next(1, 256);
                    break;
                case 2: // payload corrupted: checksum fails
                    frame = (byte[])valid.Clone();
                    frame[Frame.HeaderSize + rng.Next(valid.Length - Frame.HeaderSize)] ^= (byte)rng.Next(1, 256);
                    break;
                case 3: // garbage command
                    frame = (byte[])valid.Clone();
                    frame[4 + rng.Next(3)] = (byte)rng.Next(128, 256);
                    break;
                case 4: // well framed, payload does not decode
                    var junk = new byte[rng.Next(1, 200)];
                    rng.NextBytes(junk);
                    junk[0] = 0xff; // a count far over the limit
                    frame = Frame.Build(node.Net.Magic, Commands.Headers, junk);
                    break;
                default: // a block frame larger than the cap
                    frame = Frame.Build(node.Net.Magic, Commands.Block, [])[..Frame.HeaderSize];
                    BitConverter.TryWriteBytes(frame.AsSpan(16), (uint)(Commands.MaxBlockBytes + 1 + rng.Next(1000)));
                    break;
            }
            await bad.SendRawAsync(frame);
            string reason = await BannedReason(node, bad.Address);
            seen.Add(reason.Split(':')[0]);
            await bad.WaitClosedAsync();
        }
        Assert.Equal(new[] { BanReasons.BadChecksum, BanReasons.BadMagic, BanReasons.MalformedMessage, BanReasons.OversizedFrame, BanReasons.UnknownCommand }.Order(), seen.Order());
        Assert.Equal(1, node.ReadyPeers);
        honest.Mine(2);
        await Wait.UntilAsync(() => node.Tip.Hash == honest.Tip.Hash, "blocks from the honest peer", node.Describe);
    }

    [Fact]
    public async Task A_message_before_the_handshake_and_a_flood_are_banned()
    {
        await using var node = await TestNode.StartAsync(o => o with { MessagesPerSecond = 50, MessageBurst = 100 });
        await using var early = await RawPeer.ConnectAsync(node.EndPoint);
        await early.SendAsync(Commands.Ping, PingMessage.Encode(1));
        Assert.StartsWith("protocol-violation: 'ping' before the handshake", await BannedReason(node, early.Address));

        await using var flooder = await RawPeer.ConnectAsync(node.EndPoint);
        await flooder.HandshakeAsync(node.Ledger);
        var ping = Frame.Build(node.Net.Magic, Commands.Ping, PingMessage.Encode(9));
        var burst = Enumerable.Repeat(ping, 2_000).SelectMany(f => f).ToArray();
        await flooder.SendRawAsync(burst);
        Assert.StartsWith("flood: ", await BannedReason(node, flooder.Address));
    }

    [Fact]
    public async Task A_node_of_another_network_is_disconnected_without_a_ban()
    {
        await using var node = await TestNode.StartAsync();
        await using var other = await RawPeer.ConnectAsync(node.EndPoint);
        var v = new VersionMessage(1, node.Net.Magic, Hash256.Zero, 1, 1, 0, 5, "/other/", 0, 0); // right magic, wrong genesis
        await other.SendAsync(Commands.Version, v.Encode());
        await other.WaitClosedAsync();
        Assert.Null(node.Net.Book.BanOf(other.Address));
    }

    [Fact]
    public async Task A_peer_that_stalls_is_replaced_and_its_blocks_come_from_another()
    {
        await using var source = await TestNode.StartAsync();
        source.Mine(40);
        using var listener = new RawPeer.Listener();
        // The staller is the only peer the node knows at first (one outbound slot); the honest node becomes known only
        // once the staller holds that slot, so it can only be the replacement, whatever order peers are dialled in.
        await using var node = await TestNode.StartAsync(o => o with { MaxOutbound = 1, BlockStallTimeout = TimeSpan.FromSeconds(2) },
            peers: [listener.EndPoint]);
        await using var staller = await listener.AcceptAsync();
        await staller.HandshakeAsync(node.Ledger, bestHeight: source.Tip.Height, work: source.Tip.ChainWork);
        node.Net.Book.Add(source.EndPoint, "config");
        // It answers getheaders with the real chain's headers, then never sends a body.
        await staller.ExpectAsync(Commands.GetHeaders);
        var headers = Enumerable.Range(1, 40).Select(h => source.Ledger.BlockAt((uint)h)!.Header).ToList();
        await staller.SendAsync(Commands.Headers, HeadersMessage.Encode(headers));
        await staller.ExpectAsync(Commands.GetData);
        await staller.WaitClosedAsync(60);
        Assert.Null(node.Net.Book.BanOf(staller.Address)); // slow is not a lie
        await Wait.UntilAsync(() => node.Tip.Hash == source.Tip.Hash, "the blocks from the replacement peer", node.Describe);
        Assert.Contains(node.Net.Status().Peers, p => p.Address == source.EndPoint.ToString());
    }
}
