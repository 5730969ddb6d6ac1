using Hashmint.Core.Consensus;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Pool;

public class MempoolSelectionTests
{
    private const uint NextHeight = 1;
    private readonly FakeState _state = new();
    private readonly Mempool _pool;

    public MempoolSelectionTests()
    {
        _pool = Pools.Over(_state, NextHeight, null);
        for (int k = 1; k <= 6; k++) _state.With(TestKeys.Id(k), 100_000_000);
    }

    [Fact]
    public void HighestFeeRateFirstAcrossSenders()
    {
        var low = TestKeys.Transfer(1, 9, 1_000, nonce: 0, fee: 500);
        var high = TestKeys.Transfer(2, 9, 1_000, nonce: 0, fee: 9_000);
        var mid = TestKeys.Transfer(3, 9, 1_000, nonce: 0, fee: 3_000);
        foreach (var tx in new[] { low, high, mid }) _pool.Add(tx);
        Assert.Equal([high.Id, mid.Id, low.Id], _pool.SelectForBlock(1_000_000, 100).Select(t => t.Id));
    }

    [Fact]
    public void EachSendersNoncesStayInOrderEvenWhenALaterOnePaysMore()
    {
        var a0 = TestKeys.Transfer(1, 9, 1_000, nonce: 0, fee: 400);
        var a1 = TestKeys.Transfer(1, 9, 1_000, nonce: 1, fee: 20_000);
        var b0 = TestKeys.Transfer(2, 9, 1_000, nonce: 0, fee: 2_000);
        foreach (var tx in new[] { a0, a1, b0 }) _pool.Add(tx);
        // a1 pays the most but needs a0 first; b0 beats a0.
        Assert.Equal([b0.Id, a0.Id, a1.Id], _pool.SelectForBlock(1_000_000, 100).Select(t => t.Id));
    }

    [Fact]
    public void SizeAndCountLimitsAreRespected()
    {
        var txs = Enumerable.Range(1, 5).Select(k => TestKeys.Transfer(k, 9, 1_000, nonce: 0, fee: (ulong)(1_000 * k))).ToList();
        foreach (var tx in txs) _pool.Add(tx);
        Assert.Equal([txs[4].Id, txs[3].Id], _pool.SelectForBlock(1_000_000, 2).Select(t => t.Id));
        Assert.Equal([txs[4].Id, txs[3].Id, txs[2].Id], _pool.SelectForBlock(3 * 164, 100).Select(t => t.Id));
        Assert.Empty(_pool.SelectForBlock(100, 100));
    }

    [Fact]
    public void SelectionDoesNotRemoveAnything()
    {
        _pool.Add(TestKeys.Transfer(1, 9, 1_000, nonce: 0));
        _pool.SelectForBlock(1_000_000, 100);
        Assert.Equal(1, _pool.Count);
    }

    [Fact]
    public void AssembledBlocksFollowTheSameOrder()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(2);
        node.Mine(9);
        var cheap = TestKeys.Transfer(1, 5, 1_000, nonce: 0, fee: 300);
        var rich = TestKeys.Transfer(2, 5, 1_000, nonce: 0, fee: 30_000);
        var block = node.Mine(9, cheap, rich);
        Assert.Equal([rich.Id, cheap.Id], block.Transactions.Select(t => t.Id));
    }
}
