using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Pool;

public class MempoolFollowsChainTests
{
    [Fact]
    public void ConnectedBlocksRemoveIncludedAndConflictingTransactionsAndKeepTheRest()
    {
        using var other = new TestNode();
        using var node = new TestNode();
        node.SubmitAll([other.Mine(1), other.Mine(9)]);

        var mine = Enumerable.Range(0, 4).Select(n => TestKeys.Transfer(1, 3, 1_000, nonce: (ulong)n)).ToList();
        foreach (var tx in mine) node.AddToMempool(tx);

        // Elsewhere, nonce 0 is mined as is and nonce 1 is spent differently.
        var conflicting = TestKeys.Transfer(1, 4, 2_000, nonce: 1);
        other.AddToMempool(mine[0]);
        other.AddToMempool(conflicting);
        node.Submit(other.Mine(9));

        Assert.False(node.Mempool.Contains(mine[0].Id));
        Assert.False(node.Mempool.Contains(mine[1].Id));
        Assert.True(node.Mempool.Contains(mine[2].Id));
        Assert.True(node.Mempool.Contains(mine[3].Id));
        Assert.Equal(4UL, node.Mempool.NextNonce(TestKeys.Id(1)));

        var next = node.Mine(9);
        Assert.Equal([mine[2].Id, mine[3].Id], next.Transactions.Select(t => t.Id));
        Assert.Equal(0, node.Mempool.Count);
    }

    [Fact]
    public void TransactionsThatExpireBeforeTheNextBlockAreDropped()
    {
        using var other = new TestNode();
        using var node = new TestNode();
        node.SubmitAll([other.Mine(1), other.Mine(9)]);
        var expiring = TestKeys.Transfer(1, 3, 1_000, nonce: 0, expiry: node.Tip.Height + 1);
        var lasting = TestKeys.Transfer(1, 3, 1_000, nonce: 1, expiry: node.Tip.Height + 2);
        node.AddToMempool(expiring);
        node.AddToMempool(lasting);
        node.Submit(other.Mine(9)); // a block without them
        Assert.False(node.Mempool.Contains(expiring.Id));
        Assert.Equal(RejectCodes.Expired, node.Mempool.DroppedReason(expiring.Id)!.Code);
        // Its successor still applies by itself: it is kept, waiting for someone to fill nonce 0 again.
        Assert.Equal("nonce 0 (dropped: transaction expired at height 3, block is 4)", node.Mempool.Get(lasting.Id)!.WaitingFor);
        Assert.Equal(0UL, node.Mempool.NextNonce(TestKeys.Id(1)));
        Assert.DoesNotContain(lasting, node.Template(TestKeys.Id(9), TestKeys.Id(9), "").Transactions);
        var refill = TestKeys.Transfer(1, 4, 1_000, nonce: 0);
        node.AddToMempool(refill);
        Assert.Null(node.Mempool.Get(lasting.Id)!.WaitingFor);
        Assert.Equal([refill.Id, lasting.Id], node.Template(TestKeys.Id(9), TestKeys.Id(9), "").Transactions.Select(t => t.Id));
    }
}
