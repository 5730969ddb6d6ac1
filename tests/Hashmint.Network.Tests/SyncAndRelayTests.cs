using System.Net;
using Hashmint.Network.Tests.Support;

namespace Hashmint.Network.Tests;

/// <summary>Several in-process nodes on loopback: sync, relay and fork choice through the real wire protocol.</summary>
public sealed class SyncAndRelayTests
{
    [Fact]
    public async Task Five_nodes_converge_on_one_tip()
    {
        var nodes = new List<TestNode>();
        try
        {
            nodes.Add(await TestNode.StartAsync());
            for (int i = 1; i < 5; i++) nodes.Add(await TestNode.StartAsync(peers: [nodes[i - 1].EndPoint])); // a line: 0 - 1 - 2 - 3 - 4
            await Wait.UntilAsync(() => nodes.All(n => n.ReadyPeers >= 1), "every node to have a peer", () => string.Join("\n", nodes.Select(n => n.Describe())));
            nodes[0].Mine(10);
            nodes[4].Mine(0);
            var tip = nodes[0].Tip;
            await Wait.UntilAsync(() => nodes.All(n => n.Tip.Hash == tip.Hash), "all five on node 0's tip", () => string.Join("\n", nodes.Select(n => n.Describe())));
            // A block mined at the far end travels back the other way.
            nodes[4].Mine(3, payTo: 2);
            var tip2 = nodes[4].Tip;
            await Wait.UntilAsync(() => nodes.All(n => n.Tip.Hash == tip2.Hash), "all five on node 4's tip", () => string.Join("\n", nodes.Select(n => n.Describe())));
            Assert.All(nodes, n => Assert.Equal(13u, n.Tip.Height));
        }
        finally { foreach (var n in nodes) await n.DisposeAsync(); }
    }

    [Fact]
    public async Task Two_mining_nodes_compete_and_every_node_ends_on_the_most_work_chain()
    {
        var nodes = new List<TestNode>();
        try
        {
            var a = await TestNode.StartAsync();
            var b = await TestNode.StartAsync(peers: [a.EndPoint]);
            var c = await TestNode.StartAsync(peers: [a.EndPoint, b.EndPoint]);
            var d = await TestNode.StartAsync(peers: [b.EndPoint]);
            nodes.AddRange([a, b, c, d]);
            await Wait.UntilAsync(() => nodes.All(n => n.ReadyPeers >= 1), "peers", () => string.Join("\n", nodes.Select(n => n.Describe())));
            // Both mine at once: forks happen, each on its own tip.
            var mineA = Task.Run(() => { for (int i = 0; i < 15; i++) a.Mine(1, payTo: 1); });
            var mineB = Task.Run(() => { for (int i = 0; i < 15; i++) b.Mine(1, payTo: 2); });
            await Task.WhenAll(mineA, mineB);
            // One more block breaks any tie of equal work.
            await Wait.UntilAsync(() => a.Tip.ChainWork >= b.Tip.ChainWork, "a to have at least the work of b's tip", () => a.Describe() + "\n" + b.Describe());
            a.Mine(1, payTo: 1);
            await Wait.UntilAsync(() => nodes.All(n => n.Tip.Hash == nodes.MaxBy(x => x.Tip.ChainWork)!.Tip.Hash) && nodes.Select(n => n.Tip.Hash).Distinct().Count() == 1,
                "all four on one tip", () => string.Join("\n", nodes.Select(n => n.Describe())));
            var best = nodes.Max(n => n.Ledger.BestHeader.ChainWork);
            Assert.All(nodes, n => Assert.Equal(best, n.Tip.ChainWork));
        }
        finally { foreach (var n in nodes) await n.DisposeAsync(); }
    }

    [Fact]
    public async Task A_node_that_joins_late_syncs_headers_first_from_several_peers()
    {
        var nodes = new List<TestNode>();
        try
        {
            var a = await TestNode.StartAsync();
            nodes.Add(a);
            a.Mine(2_100); // more than one headers message
            var b = await TestNode.StartAsync(peers: [a.EndPoint]);
            nodes.Add(b);
            await Wait.UntilAsync(() => b.Tip.Hash == a.Tip.Hash, "b to sync", b.Describe, seconds: 120);
            // The late node: two peers that both have the chain serve its bodies.
            var late = await TestNode.StartAsync(peers: [a.EndPoint, b.EndPoint]);
            nodes.Add(late);
            await Wait.UntilAsync(() => late.Tip.Hash == a.Tip.Hash, "the late node to sync", late.Describe, seconds: 120);
            var status = late.Net.Status();
            Assert.True(status.Peers.Count(p => p.BlocksReceived > 0) >= 2, "bodies came from both peers: " + late.Describe());
            Assert.Equal(2_100u, late.Tip.Height);
        }
        finally { foreach (var n in nodes) await n.DisposeAsync(); }
    }

    [Fact]
    public async Task Transactions_reach_every_mempool_and_none_is_sent_twice()
    {
        var nodes = new List<TestNode>();
        try
        {
            var a = await TestNode.StartAsync();
            a.Mine(3, payTo: 7); // key 7 has matured coins (regtest maturity: 1 block)
            nodes.Add(a);
            for (int i = 1; i < 4; i++) nodes.Add(await TestNode.StartAsync(peers: [nodes[i - 1].EndPoint, a.EndPoint]));
            await Wait.UntilAsync(() => nodes.All(n => n.Tip.Hash == a.Tip.Hash), "sync", () => string.Join("\n", nodes.Select(n => n.Describe())));
            var txs = Enumerable.Range(0, 5).Select(i => Keys.Transfer(7, 8, 1000 + (ulong)i, (ulong)i)).ToList();
            foreach (var tx in txs) a.Ledger.SubmitTransaction(tx);
            await Wait.UntilAsync(() => nodes.All(n => txs.All(t => n.Ledger.GetPending(t.Id) is not null)), "every mempool to hold the five",
                () => string.Join("\n", nodes.Select(n => $"{n.Describe()} pending {n.Ledger.PendingTransactions().Count}")));
            // Every node received each transaction once at most per peer, and no more in total than its peers could send.
            foreach (var n in nodes)
                Assert.True(n.Net.Status().Peers.Sum(p => p.TransactionsReceived) <= 5 * n.Net.Status().Peers.Count, n.Describe());
            // A node that joins afterwards gets the pending ones announced on connect.
            var late = await TestNode.StartAsync(peers: [nodes[^1].EndPoint]);
            nodes.Add(late);
            await Wait.UntilAsync(() => txs.All(t => late.Ledger.GetPending(t.Id) is not null), "the late node's mempool", late.Describe);
        }
        finally { foreach (var n in nodes) await n.DisposeAsync(); }
    }

    [Fact]
    public async Task A_node_does_not_keep_a_connection_to_itself_and_the_peer_database_survives_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hashmint-net-" + Guid.NewGuid().ToString("n")[..10]);
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "peers.json");
            var address = Loopback.Next();
            // Listening on every address, dialling one of them reaches ourselves: the version nonce gives it away.
            var me = await TestNode.StartAsync(o => o with { PeerFile = file, Listen = new IPEndPoint(IPAddress.Any, 0) });
            var self = new IPEndPoint(me.Address, me.EndPoint.Port);
            me.Net.AddPeer(self);
            await Wait.UntilAsync(() => me.Net.Book.Get(self)?.IsSelf == true, "the self-connection to be found", me.Describe);
            Assert.Equal(0, me.ReadyPeers);
            me.Net.Book.Ban(address, "flood", "test ban", TimeSpan.FromHours(1));
            await me.DisposeAsync();

            var again = await TestNode.StartAsync(o => o with { PeerFile = file });
            try
            {
                var ban = Assert.Single(again.Net.Status().Banned);
                Assert.Equal("flood", ban.Reason);
                Assert.Equal("test ban", ban.Detail);
                Assert.True(again.Net.Book.Count >= 1);
            }
            finally { await again.DisposeAsync(); }
        }
        finally { Directory.Delete(dir, true); }
    }
}
