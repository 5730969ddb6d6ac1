using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>Templates fold the coinbase up a Merkle branch computed once, and pay several accounts by weight.</summary>
public sealed class TemplateTests : IDisposable
{
    private readonly TestNode _node = new();

    public TemplateTests() => _node.MineMany(2, 1);

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    public void TheBranchGivesTheSameRootAsTheWholeTreeForEveryExtranonce(int transactions)
    {
        for (int i = 0; i < transactions; i++) _node.AddToMempool(TestKeys.Transfer(1, 10 + i, 1_000, nonce: (ulong)i));
        var t = _node.Template(TestKeys.Id(2), TestKeys.Id(2), "branch");
        Assert.Equal(transactions, t.Transactions.Count);
        foreach (ulong extranonce in new ulong[] { 0, 1, 0xdeadbeef, ulong.MaxValue })
        {
            var block = t.BuildBlock(extranonce, 0);
            Assert.Equal(block.ComputeMerkleRoot(), block.Header.MerkleRoot);
        }
    }

    [Fact]
    public void ATemplateSplitsTheRewardByWeightAndNamesAnyBlockNftRecipient()
    {
        _node.AddToMempool(TestKeys.Transfer(1, 9, 1_000, nonce: 0, fee: 777));
        var payees = new[] { new PayoutShare(TestKeys.Id(4), 1), new PayoutShare(TestKeys.Id(5), 2), new PayoutShare(TestKeys.Id(6), 3) };
        var t = _node.Ledger.CreateTemplate(new TemplateRequest(payees, TestKeys.Id(7), "pool"));
        var total = _node.Params.SubsidyAt(t.Height) + new Amount(777);
        var paid = t.Coinbase.Payouts;
        Assert.Equal([TestKeys.Id(4), TestKeys.Id(5), TestKeys.Id(6)], paid.Select(p => p.To));
        Assert.Equal(total, paid.Aggregate(Amount.Zero, (sum, p) => sum + p.Amount)); // no dust lost
        ulong Share(ulong weight) => (ulong)((UInt128)total.Units * weight / 6);
        Assert.Equal(Share(2), paid[1].Amount.Units);
        Assert.Equal(Share(3), paid[2].Amount.Units);
        Assert.Equal(total.Units - Share(2) - Share(3), paid[0].Amount.Units); // its own share plus the rounding remainder
        Assert.Equal(TestKeys.Id(7), t.Coinbase.NftRecipient);

        var block = t.BuildBlock(0, Pow.Solve(t.HeaderFor(0)).Nonce);
        Assert.Equal(BlockOutcome.Connected, _node.Submit(block).Outcome);
        _node.Mine(8); // the block NFT is minted when the next block connects
        Assert.Equal(TestKeys.Id(7), _node.Ledger.ReadState(v => Hashmint.Ledger.Nft.NftStateAccess.GetToken(v, Hashmint.Core.Nft.CollectionIds.Blocks, block.Height))!.Owner);
        StateInspector.AssertSupplyInvariant(_node);
    }

    [Fact]
    public void SharesThatRoundToNothingAreLeftOutAndTheSameAccountIsPaidOnce()
    {
        var request = new TemplateRequest([new PayoutShare(TestKeys.Id(4), ulong.MaxValue), new PayoutShare(TestKeys.Id(5), 1), new PayoutShare(TestKeys.Id(4), 1)], AccountId.None, "");
        var payouts = request.Split(new Amount(1_000));
        var only = Assert.Single(payouts);
        Assert.Equal(TestKeys.Id(4), only.To);
        Assert.Equal(1_000UL, only.Amount.Units);
    }

    [Fact]
    public void MorePayeesThanABlockMayPayAreRefused()
    {
        var payees = Enumerable.Range(0, _node.Params.MaxCoinbasePayouts + 1).Select(i => new PayoutShare(TestKeys.Id(100 + i), 1)).ToList();
        Assert.Throws<ArgumentException>(() => _node.Ledger.CreateTemplate(new TemplateRequest(payees, AccountId.None, "")));
    }

    [Fact]
    public void TheCoinbaseMessageIsCutWithoutSplittingACharacter()
    {
        var message = BlockAssembler.CoinbaseMessage(new string('é', 80)); // 2 bytes each
        Assert.Equal(100, message.Length);
        Assert.Equal(new string('é', 50), System.Text.Encoding.UTF8.GetString(message));
        Assert.Equal(99, BlockAssembler.CoinbaseMessage("x" + new string('é', 80)).Length);
    }
}
