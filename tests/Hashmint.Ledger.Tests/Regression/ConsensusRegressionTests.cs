using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Regression;

/// <summary>
/// One test per consensus defect fixed in the hardening work ("Hardening", item 6), each as docs/PROTOCOL.md states
/// the rule: at the mempool and in a block.
/// </summary>
public class ConsensusRegressionTests
{
    /// <summary>Keys 1 and 2 hold 25 coins each (regtest: a payout matures one block later).</summary>
    private static TestNode FundedNode()
    {
        var node = new TestNode();
        node.Mine(1);
        node.Mine(2);
        node.Mine(9);
        return node;
    }

    [Fact]
    public void ACoinTransferToTheAllZeroAccountIsRefusedInABlockAndAtTheMempool()
    {
        using var node = FundedNode();
        var tx = Transaction.CreateSigned(node.Params.ChainId, TestKeys.Secret(1), 0, new Amount(5_000), 0,
            [new TransferOperation(AccountId.None, new Amount(1_000))]);

        var block = BlockBuilder.Build(node, [tx]);
        Assert.Equal(RejectCodes.BadRecipient, node.Reject(block).Code);
        Assert.Null(node.Ledger.FindBlock(block.Hash)); // a stateless rule: refused before storing

        var e = Assert.Throws<RejectedException>(() => node.AddToMempool(tx));
        Assert.Equal(RejectCodes.BadRecipient, e.Rejection.Code);
        Assert.False(node.Mempool.Contains(tx.Id));
        Assert.Equal(Amount.Coins(25), node.Account(1).Balance);
    }

    [Theory]
    [InlineData(0x2100ffffu)] // canonical, but a target above the mint limit 0x207fffff
    [InlineData(0x04000001u)] // the target 256, not in its canonical form 0x02010000
    public void ProofOfWorkInitialBitsAboveTheMintLimitOrNotCanonicalAreRefused(uint bits)
    {
        var sandbox = new NftSandbox();
        Assert.Equal(NftRejectCodes.BadCollection, sandbox.Reject(1, Create(Pow(bits: bits))));
        Assert.Null(sandbox.State.GetCollection("mined"));

        using var node = FundedNode();
        var tx = NftTx.Sign(1, 0, Create(Pow(bits: bits)));
        Assert.Equal(NftRejectCodes.BadCollection, node.Reject(BlockBuilder.Build(node, [tx])).Code);
        Assert.Equal(NftRejectCodes.BadCollection, Assert.Throws<RejectedException>(() => node.AddToMempool(tx)).Rejection.Code);
    }

    [Theory]
    [InlineData(0x207fffffu)] // the mint limit itself
    [InlineData(0x1e020000u)] // canonical: a target that is a power of two (2^233)
    public void ProofOfWorkInitialBitsAtOrBelowTheMintLimitInCanonicalFormAreAccepted(uint bits)
    {
        Assert.Equal(bits, CompactTarget.FromTarget(CompactTarget.ToTarget(bits)!.Value));
        var sandbox = new NftSandbox();
        sandbox.Apply(1, Create(Pow(bits: bits)));
        Assert.Equal(bits, sandbox.Collection("mined").Bits);
    }

    [Fact]
    public void TheNonCanonicalBitsOfTheRegressionEncodeTheSameTargetAsTheirCanonicalForm() =>
        Assert.Equal(0x02010000u, CompactTarget.FromTarget(CompactTarget.ToTarget(0x04000001)!.Value));

    [Fact]
    public void AMintProofThreeHoursPastTheNextBlocksTimeIsRefusedAtTheMempoolAndInABlock()
    {
        using var node = FundedNode();
        node.Queue(1, Create(Pow()));
        node.Mine(9);
        var c = node.Collection("mined");
        uint nextTime = BlockAssembler.NextBlockTime(node.Tip, node.Clock);

        var late = NftTx.Sign(2, 0, MintProofMiner.Mine(c, TestKeys.Id(2), nextTime + 3 * 3600));
        var e = Assert.Throws<RejectedException>(() => node.AddToMempool(late));
        Assert.Equal(NftRejectCodes.MintTimeTooNew, e.Rejection.Code);
        Assert.False(node.Mempool.Contains(late.Id));
        Assert.Equal(NftRejectCodes.MintTimeTooNew, node.Reject(BlockBuilder.Build(node, [late], time: nextTime)).Code);

        // At the limit, 7200 s past the time the next block would carry, a proof is admitted and mined.
        var onTime = NftTx.Sign(2, 0, MintProofMiner.Mine(c, TestKeys.Id(2), nextTime + MineMintHandler.MaxMintTimeDrift));
        node.AddToMempool(onTime);
        var block = node.Mine(9);
        Assert.Contains(onTime.Id, block.Transactions.Select(t => t.Id));
        Assert.Equal(TestKeys.Id(2), node.Token("mined", 1)!.Owner);
    }
}
