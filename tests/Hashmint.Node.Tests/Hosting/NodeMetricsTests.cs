using System.Text;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Tests.Hosting;

/// <summary>/metrics carries what an operator watches: transactions by outcome and reason, blocks, reorg depth, mints, requests.</summary>
public sealed class NodeMetricsTests
{
    [Fact]
    public async Task Counters_follow_what_the_node_does()
    {
        var key = Enumerable.Repeat((byte)5, 32).ToArray();
        var account = new AccountId(Schnorr.GetXOnlyPublicKey(key));
        await using var node = await InProcessNode.StartAsync(ChainParams.Regtest, account);
        await node.MineAsync(3, account);
        var to = new AccountId(Schnorr.GetXOnlyPublicKey(Enumerable.Repeat((byte)6, 32).ToArray()));
        foreach (ulong nonce in new ulong[] { 0, 7 }) // one accepted, one refused with nonce-gap
        {
            var tx = Transaction.CreateSigned(ChainParams.Regtest.ChainId, key, nonce, new Amount(1_000), 0, [new TransferOperation(to, new Amount(1_000))]);
            using var body = new StringContent(Convert.ToHexStringLower(tx.Encoded), Encoding.UTF8, "text/plain");
            (await node.Http.PostAsync("api/v1/transactions", body)).Dispose();
        }
        await node.MineAsync(1, account);
        (await node.Http.GetAsync("api/v1/blocks/not-a-block")).Dispose();

        var text = await node.Http.GetStringAsync("metrics");
        Assert.Contains("hashmint_transactions_accepted_total 1", text);
        Assert.Contains("hashmint_transactions_rejected_total{code=\"nonce-gap\"} 1", text);
        Assert.Contains("hashmint_blocks_connected_total 4", text);
        Assert.Contains("hashmint_nft_mints_total{origin=\"block\"} 3", text); // blocks 2..4 each mint their parent's block NFT
        Assert.Contains("hashmint_chain_height 4", text);
        Assert.Contains("hashmint_mempool_transactions 0", text);
        Assert.Matches("http_requests_received_total\\{code=\"400\"", text);
    }
}
