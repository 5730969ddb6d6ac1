using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Node.Hosting;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Concurrency;

/// <summary>
/// Transactions submitted over HTTP from several threads while blocks connect and the chain reorganises. Before the
/// ledger facade, the mempool followed the chain in a second step, and a transaction arriving between the two was
/// checked against the new tip by a mempool that still held the old one (KeyNotFoundException → HTTP 500).
/// Every answer must be a success or a 4xx with a reason.
/// </summary>
public sealed class ConcurrentSubmissionTests
{
    private static readonly ChainParams Net = ChainParams.Regtest;

    [Fact]
    public async Task Submissions_during_connects_and_reorgs_never_get_a_server_error()
    {
        using var tmp = new TempDir();
        var senders = Enumerable.Range(1, 4).Select(i => TestKey(i)).ToArray();
        var miner = new AccountId(Schnorr.GetXOnlyPublicKey(TestKey(100)));
        using var node = new NodeService(new NodeOptions { Network = Net, DataDirectory = tmp.Sub("a"), ApiPort = HashmintProcess.FreePort() },
            new MemoryKeyValueStore(), miner);
        // A second node that follows the first and now and then mines a longer branch, to make the first reorganise.
        using var rival = new NodeService(new NodeOptions { Network = Net, DataDirectory = tmp.Sub("b") }, new MemoryKeyValueStore(), miner);
        await using var app = NodeHost.Build(node, "token");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(node.Options.ApiUrl() + "/"), Timeout = TimeSpan.FromSeconds(30) };

        foreach (var key in senders) await node.GenerateAsync(2, new AccountId(Schnorr.GetXOnlyPublicKey(key)), CancellationToken.None);
        await node.GenerateAsync(1, miner, CancellationToken.None);

        var serverErrors = new ConcurrentBag<string>();
        long accepted = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var submitters = senders.Select(key => Task.Run(async () =>
        {
            var sender = new AccountId(Schnorr.GetXOnlyPublicKey(key));
            string address = sender.ToAddress(Net.AddressPrefix);
            ulong nonce = await NextNonce(http, address);
            for (int i = 0; i < 150 && !stop.IsCancellationRequested; i++)
            {
                var tx = Transaction.CreateSigned(Net.ChainId, key, nonce, new Amount(2_000), 0,
                    [new TransferOperation(new AccountId(Schnorr.GetXOnlyPublicKey(TestKey(200 + i % 7))), new Amount(1_000))]);
                using var body = new StringContent(Convert.ToHexStringLower(tx.Encoded), Encoding.UTF8, "text/plain");
                using var response = await http.PostAsync("api/v1/transactions", body);
                if ((int)response.StatusCode >= 500) serverErrors.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                if (response.IsSuccessStatusCode) { nonce++; Interlocked.Increment(ref accepted); }
                else nonce = await NextNonce(http, address); // refused (e.g. a reorg took back a nonce): start again from the node's view
            }
        })).ToArray();

        var blocks = Task.Run(async () =>
        {
            int round = 0;
            while (!submitters.All(t => t.IsCompleted) && !stop.IsCancellationRequested)
            {
                round++;
                foreach (var b in await node.GenerateAsync(1, miner, stop.Token)) rival.SubmitBlock(b);
                if (round % 5 != 0) continue;
                // The rival mines two blocks on the first node's parent of tip: one more block of work, so the first
                // node disconnects its tip (its transactions go back to the mempool) and connects the rival's branch.
                var fork = rival.Chain.Tip.Parent!;
                var branch = await MineOn(rival, fork, 2, miner);
                foreach (var b in branch) node.SubmitBlock(b);
            }
        });

        await Task.WhenAll([.. submitters, blocks]);
        Assert.Empty(serverErrors);
        Assert.True(accepted > 100, $"only {accepted} transactions were accepted");
    }

    /// <summary>Mines <paramref name="count"/> empty blocks on <paramref name="parent"/> by building them on a scratch copy of that node's branch.</summary>
    private static async Task<List<Core.Blocks.Block>> MineOn(NodeService rival, Ledger.Chain.ChainEntry parent, int count, AccountId payTo)
    {
        // Roll the rival back by submitting nothing: instead replay its main chain up to the fork into a fresh node and mine there.
        using var scratch = new NodeService(new NodeOptions { Network = Net, DataDirectory = Path.GetTempPath() }, new MemoryKeyValueStore(), payTo);
        foreach (var b in rival.Chain.MainChainBlocks(1))
        {
            if (b.Height > parent.Height) break;
            scratch.SubmitBlock(b);
        }
        var mined = (await scratch.GenerateAsync(count, payTo, CancellationToken.None)).ToList();
        foreach (var b in mined) rival.SubmitBlock(b);
        return mined;
    }

    private static async Task<ulong> NextNonce(HttpClient http, string address)
    {
        var account = await http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{address}");
        return account.GetProperty("nextNonce").GetUInt64();
    }

    private static byte[] TestKey(int seed)
    {
        var k = new byte[32];
        k[0] = 0x11;
        k[31] = (byte)seed;
        k[30] = (byte)(seed >> 8);
        return k;
    }
}
