using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Concurrency;

/// <summary>
/// Transactions submitted over HTTP from several threads while blocks connect and the chain reorganises. Before the
/// ledger facade, the mempool followed the chain in a second step, and a transaction arriving between the two was
/// checked against the new tip by a mempool that still held the old one (KeyNotFoundException → HTTP 500; this test
/// reproduced it). Every answer must be a success or a 4xx with a reason.
/// </summary>
public sealed class ConcurrentSubmissionTests
{
    private static readonly ChainParams Net = ChainParams.Regtest;

    [Fact]
    public async Task Submissions_during_connects_and_reorgs_never_get_a_server_error()
    {
        var senders = Enumerable.Range(1, 4).Select(i => TestKey(i)).ToArray();
        var miner = new AccountId(Schnorr.GetXOnlyPublicKey(TestKey(100)));
        await using var node = await InProcessNode.StartAsync(Net, miner);
        // A second chain that follows the node and now and then mines a longer branch, to make the node reorganise.
        var rival = new LedgerFacade(new MemoryKeyValueStore(), Net);
        var http = node.Http;

        foreach (var key in senders) await node.MineAsync(2, new AccountId(Schnorr.GetXOnlyPublicKey(key)));
        foreach (var b in await node.MineAsync(1, miner)) { }
        foreach (var b in node.Ledger.MainChainBlocks(1)) rival.SubmitBlock(b);

        var serverErrors = new ConcurrentBag<string>();
        long accepted = 0;
        int reorgs = 0;
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
                foreach (var b in await node.MineAsync(1, miner)) rival.SubmitBlock(b);
                if (round % 5 != 0) continue;
                // Two blocks on the parent of the tip: one more block of work, so the node disconnects its tip (its
                // transactions go back to the mempool) and connects the rival's branch.
                var branch = await MineOnParentOfTip(rival, 2, miner);
                foreach (var b in branch) node.Ledger.SubmitBlock(b);
                reorgs++;
            }
        });

        await Task.WhenAll([.. submitters, blocks]);
        Assert.Empty(serverErrors);
        Assert.True(accepted > 100, $"only {accepted} transactions were accepted");
        Assert.True(reorgs >= 2, $"only {reorgs} reorganisations happened");
        Assert.Equal(node.Ledger.Tip.Hash, rival.Tip.Hash);
    }

    /// <summary>Mines empty blocks on the parent of the rival's tip (in a scratch copy of its chain) and hands them to the rival.</summary>
    private static async Task<List<Block>> MineOnParentOfTip(LedgerFacade rival, int count, AccountId payTo)
    {
        var scratch = new LedgerFacade(new MemoryKeyValueStore(), Net);
        uint forkHeight = rival.Tip.Height - 1;
        foreach (var b in rival.MainChainBlocks(1))
        {
            if (b.Height > forkHeight) break;
            scratch.SubmitBlock(b);
        }
        var mined = await InProcessNode.MineAsync(scratch, count, payTo);
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
