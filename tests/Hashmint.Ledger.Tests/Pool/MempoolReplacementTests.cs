using Hashmint.Core.Consensus;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Pool;

public class MempoolReplacementTests
{
    private const uint NextHeight = 1;
    private readonly FakeState _state = new FakeState().With(TestKeys.Id(1), 100_000);
    private readonly Mempool _pool;

    public MempoolReplacementTests() => _pool = Pools.Over(_state, NextHeight, null);

    [Fact]
    public void APaymentWithEnoughMoreFeeReplacesTheOriginal()
    {
        var original = TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 1_000);
        _pool.Add(original);
        var replacement = TestKeys.Transfer(1, 4, 1_000, nonce: 0, fee: 1_100); // exactly +10%
        _pool.Add(replacement);
        Assert.False(_pool.Contains(original.Id));
        Assert.True(_pool.Contains(replacement.Id));
        Assert.Equal(1, _pool.Count);
        Assert.Equal(replacement.Size, _pool.Bytes);
        Assert.Equal(1UL, _pool.NextNonce(TestKeys.Id(1)));
    }

    [Fact]
    public void ABumpBelowTheRequiredFractionIsUnderpriced()
    {
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 1_000));
        var code = Assert.Throws<RejectedException>(() => _pool.Add(TestKeys.Transfer(1, 4, 1_000, nonce: 0, fee: 1_099))).Rejection.Code;
        Assert.Equal(RejectCodes.ReplacementUnderpriced, code);
        var lower = Assert.Throws<RejectedException>(() => _pool.Add(TestKeys.Transfer(1, 4, 1_000, nonce: 0, fee: 500))).Rejection.Code;
        Assert.Equal(RejectCodes.ReplacementUnderpriced, lower);
    }

    [Fact]
    public void AMiddleLinkCanBeReplacedAndTheChainStays()
    {
        var chain = Enumerable.Range(0, 3).Select(n => TestKeys.Transfer(1, 3, 1_000, nonce: (ulong)n, fee: 1_000)).ToList();
        foreach (var tx in chain) _pool.Add(tx);
        var middle = TestKeys.Transfer(1, 4, 2_000, nonce: 1, fee: 5_000);
        _pool.Add(middle);
        Assert.Equal([chain[0].Id, middle.Id, chain[2].Id], _pool.SelectForBlock(1_000_000, 10).Select(t => t.Id));
    }

    [Fact]
    public void TheReplacementMustStillBeAffordableWithoutTheReplacedOne()
    {
        _pool.Add(TestKeys.Transfer(1, 3, 50_000, nonce: 0, fee: 1_000));
        _pool.Add(TestKeys.Transfer(1, 3, 40_000, nonce: 1, fee: 1_000));
        // Balance 100_000: replacing nonce 0 with a 59_000 + 1_100 payment would need 101_100 together with nonce 1.
        var tooBig = TestKeys.Transfer(1, 3, 59_000, nonce: 0, fee: 1_100);
        Assert.Equal(RejectCodes.InsufficientFunds, Assert.Throws<RejectedException>(() => _pool.Add(tooBig)).Rejection.Code);
        _pool.Add(TestKeys.Transfer(1, 3, 57_900, nonce: 0, fee: 1_100)); // 59_000 + 41_000 = 100_000
        Assert.Equal(2, _pool.Count);
    }
}
