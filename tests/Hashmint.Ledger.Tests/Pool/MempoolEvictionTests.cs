using Hashmint.Core.Consensus;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Pool;

/// <summary>A 1024-byte pool holds six 164-byte transfers.</summary>
public class MempoolEvictionTests
{
    private const uint NextHeight = 1;
    private readonly FakeState _state = new();
    private readonly Mempool _pool;
    private static readonly MempoolOptions PoolOptions = new MempoolOptions { MaxBytes = 1024 };

    public MempoolEvictionTests()
    {
        _pool = Pools.Over(_state, NextHeight, PoolOptions);
        for (int k = 1; k <= 10; k++) _state.With(TestKeys.Id(k), 10_000_000);
    }

    private void Fill()
    {
        for (int k = 1; k <= 6; k++) _pool.Add(TestKeys.Transfer(k, 20, 1_000, nonce: 0, fee: (ulong)(1_000 * k)));
        Assert.Equal(6 * 164, _pool.Bytes);
    }

    [Fact]
    public void ABetterPayingTransactionEvictsTheCheapest()
    {
        Fill();
        var rich = TestKeys.Transfer(7, 20, 1_000, nonce: 0, fee: 3_500);
        _pool.Add(rich);
        Assert.True(_pool.Contains(rich.Id));
        Assert.Equal(6, _pool.Count);
        Assert.Equal(0UL, _pool.NextNonce(TestKeys.Id(1))); // key 1 paid 1_000, the least: gone
        Assert.True(_pool.Bytes <= 1024);
    }

    [Fact]
    public void ACheaperIncomingTransactionIsRefusedWhenFull()
    {
        Fill();
        var cheap = TestKeys.Transfer(7, 20, 1_000, nonce: 0, fee: 900);
        var code = Assert.Throws<RejectedException>(() => _pool.Add(cheap)).Rejection.Code;
        Assert.Equal(RejectCodes.MempoolFull, code);
        Assert.Equal(6, _pool.Count);
        // An equal fee rate does not evict either.
        var equal = TestKeys.Transfer(7, 20, 1_000, nonce: 0, fee: 1_000);
        Assert.Equal(RejectCodes.MempoolFull, Assert.Throws<RejectedException>(() => _pool.Add(equal)).Rejection.Code);
    }

    [Fact]
    public void OnlyChainTailsAreEvictedNeverAMiddleLink()
    {
        // Key 1: a rich head and a cheap tail. Keys 2-5: medium.
        var head = TestKeys.Transfer(1, 20, 1_000, nonce: 0, fee: 50_000);
        var tail = TestKeys.Transfer(1, 20, 1_000, nonce: 1, fee: 200);
        _pool.Add(head);
        _pool.Add(tail);
        for (int k = 2; k <= 5; k++) _pool.Add(TestKeys.Transfer(k, 20, 1_000, nonce: 0, fee: 2_000));

        _pool.Add(TestKeys.Transfer(6, 20, 1_000, nonce: 0, fee: 3_000));
        Assert.True(_pool.Contains(head.Id));
        Assert.False(_pool.Contains(tail.Id));

        // Now key 1's tail is its rich head; the cheapest tails are keys 2-5 at 2_000.
        _pool.Add(TestKeys.Transfer(7, 20, 1_000, nonce: 0, fee: 3_000));
        Assert.True(_pool.Contains(head.Id));
        Assert.Equal(6, _pool.Count);
    }

    [Fact]
    public void ASenderCannotEvictItsOwnChainToMakeRoom()
    {
        for (ulong n = 0; n < 6; n++) _pool.Add(TestKeys.Transfer(1, 20, 1_000, nonce: n, fee: 1_000));
        var more = TestKeys.Transfer(1, 20, 1_000, nonce: 6, fee: 9_000);
        Assert.Equal(RejectCodes.MempoolFull, Assert.Throws<RejectedException>(() => _pool.Add(more)).Rejection.Code);
        Assert.Equal(6, _pool.Count);
    }

    [Fact]
    public void SeveralTailsMayGoForOneLargeTransaction()
    {
        Fill();
        var ops = Enumerable.Range(0, 8).Select(i => (Hashmint.Core.Transactions.Operation)new Hashmint.Ledger.Operations.TransferOperation(TestKeys.Id(30 + i), new Hashmint.Core.Primitives.Amount(1_000))).ToList();
        var big = Hashmint.Core.Transactions.Transaction.CreateSigned(ChainParams.Regtest.ChainId, TestKeys.Secret(8), 0, new Hashmint.Core.Primitives.Amount(100_000), 0, ops);
        Assert.True(big.Size > 2 * 164);
        _pool.Add(big);
        Assert.True(_pool.Contains(big.Id));
        Assert.True(_pool.Bytes <= 1024);
        Assert.Equal(0UL, _pool.NextNonce(TestKeys.Id(1)));
        Assert.Equal(0UL, _pool.NextNonce(TestKeys.Id(2)));
        Assert.Equal(1UL, _pool.NextNonce(TestKeys.Id(6)));
    }
}
