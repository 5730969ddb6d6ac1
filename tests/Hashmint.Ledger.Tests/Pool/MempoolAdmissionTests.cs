using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Pool;

public class MempoolAdmissionTests
{
    private const uint NextHeight = 10;
    private readonly FakeState _state = new FakeState().With(TestKeys.Id(1), 1_000_000).With(TestKeys.Id(2), 1_000_000, nonce: 5);
    private readonly Mempool _pool;

    public MempoolAdmissionTests() => _pool = Pools.Over(_state, NextHeight, null);

    private string Refused(Transaction tx) =>
        Assert.Throws<RejectedException>(() => _pool.Add(tx)).Rejection.Code;

    [Fact]
    public void AcceptsAValidTransaction()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        _pool.Add(tx);
        Assert.Equal(1, _pool.Count);
        Assert.Equal(tx.Size, _pool.Bytes);
        Assert.True(_pool.Contains(tx.Id));
        Assert.Same(tx, _pool.Get(tx.Id)!.Transaction);
        Assert.False(_pool.Get(tx.Id)!.IsWaiting);
        Assert.Equal(1UL, _pool.NextNonce(TestKeys.Id(1)));
        Assert.Equal(5UL, _pool.NextNonce(TestKeys.Id(2)));
    }

    [Fact]
    public void TheSameTransactionTwiceIsAlreadyKnown()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        _pool.Add(tx);
        Assert.Equal(RejectCodes.AlreadyKnown, Refused(tx));
    }

    [Fact]
    public void ASecondSpendOfTheSameNonceIsARefusedReplacement()
    {
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 1_000));
        Assert.Equal(RejectCodes.ReplacementUnderpriced, Refused(TestKeys.Transfer(1, 4, 1_000, nonce: 0, fee: 1_000)));
        Assert.Equal(1, _pool.Count);
    }

    [Fact]
    public void UsedNonceIsTooLow() => Assert.Equal(RejectCodes.NonceTooLow, Refused(TestKeys.Transfer(2, 3, 1_000, nonce: 4)));

    [Fact]
    public void NonceGapsAreRefused()
    {
        Assert.Equal(RejectCodes.NonceGap, Refused(TestKeys.Transfer(1, 3, 1_000, nonce: 1)));
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 0));
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 1));
        Assert.Equal(RejectCodes.NonceGap, Refused(TestKeys.Transfer(1, 3, 1_000, nonce: 3)));
        Assert.Equal(2UL, _pool.NextNonce(TestKeys.Id(1)));
    }

    [Fact]
    public void WrongChainId() =>
        Assert.Equal(RejectCodes.WrongChain, Refused(TestKeys.Transfer(1, 3, new Amount(1_000), nonce: 0, chainId: ChainParams.Test.ChainId)));

    [Fact]
    public void BadSignature()
    {
        var real = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var forged = new Transaction(real.Version, real.ChainId, real.Sender, real.Nonce, real.Fee, real.ExpiryHeight,
            [new TransferOperation(TestKeys.Id(4), new Amount(1_000))], real.Signature);
        Assert.Equal(RejectCodes.BadSignature, Refused(forged));
        Assert.Equal(0, _pool.Count);
    }

    [Fact]
    public void OverspendingAloneOrAcrossThePendingChain()
    {
        Assert.Equal(RejectCodes.InsufficientFunds, Refused(TestKeys.Transfer(1, 3, 999_001, nonce: 0, fee: 1_000)));
        _pool.Add(TestKeys.Transfer(1, 3, 999_000, nonce: 0, fee: 1_000)); // exactly the balance
        Assert.Equal(RejectCodes.InsufficientFunds, Refused(TestKeys.Transfer(1, 3, 1, nonce: 1, fee: 200)));
        Assert.Equal(RejectCodes.InsufficientFunds, Refused(TestKeys.Transfer(5, 3, 1, nonce: 0, fee: 200))); // empty account
    }

    [Fact]
    public void FeeBelowTheMinimumRate()
    {
        var cheap = TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 163); // 164 bytes at 1 unit/byte needs 164
        Assert.Equal(164, cheap.Size);
        Assert.Equal(RejectCodes.FeeTooLow, Refused(cheap));
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 164));
    }

    [Fact]
    public void ExpiredTransactions()
    {
        Assert.Equal(RejectCodes.Expired, Refused(TestKeys.Transfer(1, 3, 1_000, nonce: 0, expiry: NextHeight - 1)));
        _pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: 0, expiry: NextHeight));
    }

    [Fact]
    public void ZeroAmountAndSelfTransfers()
    {
        Assert.Equal(RejectCodes.ZeroAmount, Refused(TestKeys.Transfer(1, 3, 0, nonce: 0)));
        Assert.Equal(RejectCodes.SelfTransfer, Refused(TestKeys.Transfer(1, 1, 10, nonce: 0)));
    }

    [Fact]
    public void PerSenderLimit()
    {
        var pool = Pools.Over(_state, NextHeight, new MempoolOptions { MaxPerSender = 3 });
        for (ulong n = 0; n < 3; n++) pool.Add(TestKeys.Transfer(1, 3, 1_000, nonce: n));
        var fourth = TestKeys.Transfer(1, 3, 1_000, nonce: 3);
        Assert.Equal(RejectCodes.SenderChainTooLong, Assert.Throws<RejectedException>(() => pool.Add(fourth)).Rejection.Code);
        // Another sender is not affected, and a replacement within the chain is still possible.
        pool.Add(TestKeys.Transfer(2, 3, 1_000, nonce: 5));
        pool.Add(TestKeys.Transfer(1, 4, 1_000, nonce: 1, fee: 2_000));
        Assert.Equal(4, pool.Count);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => Pools.Over(_state, NextHeight, new MempoolOptions { MaxBytes = 100 }));
        Assert.Throws<ArgumentException>(() => Pools.Over(_state, NextHeight, new MempoolOptions { MinFeeRate = -1 }));
        Assert.Throws<ArgumentException>(() => Pools.Over(_state, NextHeight, new MempoolOptions { MaxPerSender = 0 }));
    }

    [Fact]
    public void OverflowingAmountsAreInsufficientFunds()
    {
        var tx = Transaction.CreateSigned(ChainParams.Regtest.ChainId, TestKeys.Secret(1), 0, new Amount(1_000), 0,
            [new TransferOperation(TestKeys.Id(3), new Amount(ulong.MaxValue)), new TransferOperation(TestKeys.Id(4), new Amount(ulong.MaxValue))]);
        Assert.Equal(RejectCodes.InsufficientFunds, Refused(tx));
    }
}
