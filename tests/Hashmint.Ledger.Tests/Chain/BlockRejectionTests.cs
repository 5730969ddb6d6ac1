using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>Each broken rule is refused with its own code, and the tip does not move.</summary>
public class BlockRejectionTests : IDisposable
{
    private readonly TestNode _node = new();

    public BlockRejectionTests()
    {
        _node.Mine(1);
        _node.Mine(2);
        _node.Mine(9); // keys 1 and 2 hold 25 coins each
    }

    public void Dispose() => _node.Dispose();

    private string Code(Block block) => _node.Reject(block).Code;

    [Fact]
    public void TheBuilderMakesValidBlocks()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        Assert.Equal(BlockOutcome.Connected, _node.Submit(BlockBuilder.Build(_node, [tx])).Outcome);
    }

    [Fact]
    public void DoubleSpendOfOneNonceInOneBlock()
    {
        var a = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var b = TestKeys.Transfer(1, 4, 1_000, nonce: 0);
        Assert.Equal(RejectCodes.NonceTooLow, Code(BlockBuilder.Build(_node, [a, b])));
    }

    [Fact]
    public void ReplayedTransactionInALaterBlock()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        _node.Mine(9, tx);
        Assert.Equal(RejectCodes.NonceTooLow, Code(BlockBuilder.Build(_node, [tx])));
    }

    [Fact]
    public void NonceFromTheFuture() =>
        Assert.Equal(RejectCodes.NonceGap, Code(BlockBuilder.Build(_node, [TestKeys.Transfer(1, 3, 1_000, nonce: 1)])));

    [Fact]
    public void WrongChainIdInATransaction()
    {
        var tx = TestKeys.Transfer(1, 3, new Amount(1_000), nonce: 0, chainId: ChainParams.Main.ChainId);
        Assert.Equal(RejectCodes.WrongChain, Code(BlockBuilder.Build(_node, [tx])));
    }

    [Fact]
    public void WrongChainIdInTheCoinbase()
    {
        var block = BlockBuilder.Build(_node, [], editCoinbase: cb =>
            new Coinbase(ChainParams.Dev.ChainId, cb.Height, 0, cb.Payouts, cb.NftRecipient, cb.StateRoot, cb.Message));
        Assert.Equal(RejectCodes.WrongChain, Code(block));
    }

    [Fact]
    public void BadSignature()
    {
        var real = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var sig = (byte[])real.Signature.Clone();
        sig[10] ^= 0x40;
        var forged = new Transaction(real.Version, real.ChainId, real.Sender, real.Nonce, real.Fee, real.ExpiryHeight, real.Operations, sig);
        Assert.Equal(RejectCodes.BadSignature, Code(BlockBuilder.Build(_node, [forged])));
    }

    [Fact]
    public void BadSignatureIsFoundAlsoWithParallelChecks()
    {
        _node.Chain.ParallelSignatureChecks = true;
        var txs = Enumerable.Range(0, 150).Select(i => TestKeys.Transfer(1, 3, 1_000, nonce: (ulong)i)).ToList();
        var real = txs[137];
        var sig = (byte[])real.Signature.Clone();
        sig[0] ^= 0x01;
        txs[137] = new Transaction(real.Version, real.ChainId, real.Sender, real.Nonce, real.Fee, real.ExpiryHeight, real.Operations, sig);
        var rejection = _node.Reject(BlockBuilder.Build(_node, txs));
        Assert.Equal(RejectCodes.BadSignature, rejection.Code);
        Assert.Contains("transaction 138", rejection.Message);
    }

    [Fact]
    public void Overspending()
    {
        var tx = TestKeys.Transfer(1, 3, Amount.Coins(25), nonce: 0, fee: 1);
        Assert.Equal(RejectCodes.InsufficientFunds, Code(BlockBuilder.Build(_node, [tx])));
        var allButFee = TestKeys.Transfer(1, 3, Amount.Coins(25) - new Amount(1), nonce: 0, fee: 1);
        Assert.Equal(BlockOutcome.Connected, _node.Submit(BlockBuilder.Build(_node, [allButFee])).Outcome);
        Assert.Equal(Amount.Zero, _node.Account(1).Balance);
    }

    [Fact]
    public void SpendingFromAnAccountThatNeverReceivedAnything() =>
        Assert.Equal(RejectCodes.InsufficientFunds, Code(BlockBuilder.Build(_node, [TestKeys.Transfer(50, 3, 1, nonce: 0, fee: 0)])));

    [Fact]
    public void OversizeBlock()
    {
        // Unsigned filler is enough: the size rule is checked before any signature.
        var filler = Enumerable.Range(0, _node.Params.MaxBlockBytes / 164 + 1)
            .Select(i => new Transaction(1, _node.Params.ChainId, TestKeys.Id(1), (ulong)i, new Amount(1_000), 0,
                [new TransferOperation(TestKeys.Id(3), new Amount(1))], new byte[64]))
            .ToList();
        var block = BlockBuilder.Build(_node, filler);
        Assert.True(block.Encode().Length > _node.Params.MaxBlockBytes);
        Assert.Equal(RejectCodes.BlockTooLarge, Code(block));
    }

    [Fact]
    public void TooManyTransactions()
    {
        var p = ChainParams.Regtest with { MaxBlockTransactions = 3 };
        using var node = new TestNode(p);
        node.Mine(1);
        node.Mine(9);
        var txs = Enumerable.Range(0, 3).Select(i => TestKeys.Transfer(1, 3, 1_000, nonce: (ulong)i)).ToList();
        Assert.Equal(RejectCodes.TooManyTransactions, node.Reject(BlockBuilder.Build(node, txs)).Code);
        Assert.Equal(BlockOutcome.Connected, node.Submit(BlockBuilder.Build(node, txs.Take(2).ToList())).Outcome);
    }

    [Fact]
    public void BadMerkleRoot()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var block = BlockBuilder.Build(_node, [tx], editHeader: h => h with { MerkleRoot = Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000aa") }, editsMerkleRoot: true);
        Assert.Equal(RejectCodes.BadMerkleRoot, Code(block));
        // Transactions swapped after the root was computed.
        var tx2 = TestKeys.Transfer(2, 3, 1_000, nonce: 0);
        var good = BlockBuilder.Build(_node, [tx, tx2]);
        var swapped = new Block(good.Header, good.Coinbase, [tx2, tx]);
        Assert.Equal(RejectCodes.BadMerkleRoot, Code(swapped));
    }

    [Fact]
    public void DuplicateTxidInABlock()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        Assert.Equal(RejectCodes.DuplicateTransaction, Code(BlockBuilder.Build(_node, [tx, tx])));
    }

    [Fact]
    public void DuplicatedLastPairThatKeepsTheMerkleRoot()
    {
        // CVE-2012-2459 shape: [cb, a, b] and [cb, a, b, b] share a root; the copy must be refused, the original accepted.
        var a = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var b = TestKeys.Transfer(2, 3, 1_000, nonce: 0);
        var good = BlockBuilder.Build(_node, [a, b]);
        var mutated = new Block(good.Header, good.Coinbase, [a, b, b]);
        Assert.Equal(good.ComputeMerkleRoot(), mutated.ComputeMerkleRoot());
        Assert.Equal(RejectCodes.DuplicateTransaction, Code(mutated));
        Assert.Equal(BlockOutcome.Connected, _node.Submit(good).Outcome);
    }

    [Fact]
    public void BadStateRoot()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var block = BlockBuilder.Build(_node, [tx], editCoinbase: cb => cb.WithStateRoot(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000bb")));
        Assert.Equal(RejectCodes.BadStateRoot, Code(block));
        // Nothing of the failed connect stayed behind.
        Assert.Equal(Amount.Zero, _node.Account(3).Balance);
        Assert.Equal(StateInspector.RecomputeRoot(_node.Store), _node.Tip.StateRoot);
    }

    [Fact]
    public void CoinbaseOverpaying()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0, fee: 700);
        var block = BlockBuilder.Build(_node, [tx], editCoinbase: cb =>
            new Coinbase(cb.ChainId, cb.Height, 0, [new Payout(TestKeys.Id(9), _node.Params.SubsidyAt(cb.Height) + new Amount(701))], cb.NftRecipient, cb.StateRoot, cb.Message));
        Assert.Equal(RejectCodes.CoinbaseOverpays, Code(block));
        // Split over two payouts, still one unit too many.
        var split = BlockBuilder.Build(_node, [tx], editCoinbase: cb =>
            new Coinbase(cb.ChainId, cb.Height, 0, [new Payout(TestKeys.Id(9), new Amount(700)), new Payout(TestKeys.Id(8), _node.Params.SubsidyAt(cb.Height) + new Amount(1))],
                cb.NftRecipient, cb.StateRoot, cb.Message));
        Assert.Equal(RejectCodes.CoinbaseOverpays, Code(split));
    }

    [Fact]
    public void CoinbaseWithAZeroOrNamelessPayoutOrWrongHeight()
    {
        Assert.Equal(RejectCodes.BadCoinbase, Code(BlockBuilder.Build(_node, [], editCoinbase: cb =>
            new Coinbase(cb.ChainId, cb.Height, 0, [new Payout(TestKeys.Id(9), Amount.Zero)], cb.NftRecipient, cb.StateRoot, cb.Message))));
        Assert.Equal(RejectCodes.BadCoinbase, Code(BlockBuilder.Build(_node, [], editCoinbase: cb =>
            new Coinbase(cb.ChainId, cb.Height, 0, [new Payout(AccountId.None, Amount.Coins(1))], cb.NftRecipient, cb.StateRoot, cb.Message))));
        Assert.Equal(RejectCodes.BadCoinbase, Code(BlockBuilder.Build(_node, [], editCoinbase: cb =>
            new Coinbase(cb.ChainId, cb.Height + 1, 0, cb.Payouts, cb.NftRecipient, cb.StateRoot, cb.Message))));
    }

    [Fact]
    public void BadBits()
    {
        // A valid, harder target that the block even meets, but not the one the chain requires.
        Assert.Equal(RejectCodes.BadBits, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Bits = 0x203fffff })));
        // Bits above the network's limit, negative, or zero.
        Assert.Equal(RejectCodes.BadBits, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Bits = 0x2100ffff }, solve: false)));
        Assert.Equal(RejectCodes.BadBits, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Bits = 0x20800001 }, solve: false)));
        Assert.Equal(RejectCodes.BadBits, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Bits = 0x01003456 }, solve: false)));
    }

    [Fact]
    public void BadProofOfWork()
    {
        var valid = BlockBuilder.Build(_node, []);
        var failing = new Block(Pow.Fail(valid.Header), valid.Coinbase, valid.Transactions);
        Assert.Equal(RejectCodes.BadProofOfWork, Code(failing));
    }

    [Fact]
    public void TimeNotAfterTheMedianOfTheLast11Blocks()
    {
        for (int i = 0; i < 10; i++) _node.Mine(9);
        uint mtp = _node.Tip.MedianTimePast();
        Assert.True(mtp < _node.Tip.Header.Time);
        Assert.Equal(RejectCodes.TimeTooOld, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Time = mtp })));
        Assert.Equal(BlockOutcome.Connected, _node.Submit(BlockBuilder.Build(_node, [], time: mtp + 1)).Outcome);
    }

    [Fact]
    public void TimeTooFarInTheFuture()
    {
        long limit = _node.Clock.UnixSeconds + _node.Params.MaxFutureDrift;
        Assert.Equal(RejectCodes.TimeTooNew, Code(BlockBuilder.Build(_node, [], editHeader: h => h with { Time = (uint)limit + 1 })));
        Assert.Equal(BlockOutcome.Connected, _node.Submit(BlockBuilder.Build(_node, [], time: (uint)limit)).Outcome);
    }

    [Fact]
    public void ExpiredTransaction()
    {
        uint next = _node.Tip.Height + 1;
        Assert.Equal(RejectCodes.Expired, Code(BlockBuilder.Build(_node, [TestKeys.Transfer(1, 3, 1_000, nonce: 0, expiry: next - 1)])));
        Assert.Equal(BlockOutcome.Connected, _node.Submit(BlockBuilder.Build(_node, [TestKeys.Transfer(1, 3, 1_000, nonce: 0, expiry: next)])).Outcome);
    }

    [Fact]
    public void ZeroAmountAndSelfTransfer()
    {
        Assert.Equal(RejectCodes.ZeroAmount, Code(BlockBuilder.Build(_node, [TestKeys.Transfer(1, 3, 0, nonce: 0)])));
        Assert.Equal(RejectCodes.SelfTransfer, Code(BlockBuilder.Build(_node, [TestKeys.Transfer(1, 1, 5, nonce: 0)])));
    }

    [Fact]
    public void ARejectedBlockCanBeRetriedFixedAndADuplicateIsReported()
    {
        var tx = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var bad = BlockBuilder.Build(_node, [tx], editCoinbase: cb => cb.WithStateRoot(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000cc")));
        Assert.Equal(RejectCodes.BadStateRoot, Code(bad));
        Assert.Equal(BlockOutcome.Duplicate, _node.Submit(bad).Outcome);
        var good = BlockBuilder.Build(_node, [tx]);
        Assert.Equal(BlockOutcome.Connected, _node.Submit(good).Outcome);
        Assert.Equal(BlockOutcome.Duplicate, _node.Submit(good).Outcome);
    }
}
