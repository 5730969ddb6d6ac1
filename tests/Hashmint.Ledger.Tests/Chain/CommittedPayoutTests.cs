using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>
/// The consensus change of issue #10: a coinbase of kind 0x02 pays up to 1,000 accounts through a committed payout
/// list, with maturity and supply exactly as for inline payouts; kind 0x00 blocks keep their rules (≤ 64).
/// </summary>
public sealed class CommittedPayoutTests
{
    private static List<PayoutShare> Payees(int n) => Enumerable.Range(0, n).Select(i => new PayoutShare(TestKeys.Id(1000 + i), (ulong)(i % 7 + 1))).ToList();

    private static Block Solve(TestNode node, TemplateRequest request)
    {
        node.Clock.Advance(1);
        var template = node.Ledger.CreateTemplate(request);
        var header = Pow.Solve(template.HeaderFor(0));
        return template.BuildBlock(0, header.Nonce);
    }

    [Fact]
    public void A_block_paying_1000_accounts_connects_and_every_payout_matures_with_supply_intact()
    {
        using var node = new TestNode();
        var request = new TemplateRequest(Payees(1000), TestKeys.Id(1), "pool") { CommitPayouts = true };
        var block = Solve(node, request);
        Assert.True(block.Coinbase.CommitsPayouts);
        Assert.Equal(1000, block.Coinbase.Payouts.Count);
        Assert.True(block.Coinbase.Encoded.Length <= 181);
        Assert.Equal(BlockOutcome.Connected, node.Submit(block).Outcome);
        StateInspector.AssertSupplyInvariant(node);
        Assert.Equal(0UL, node.Account(TestKeys.Id(1000)).Balance.Units); // not before maturity

        node.Mine(1); // regtest maturity is 1 block: block 1's payouts are credited by block 2
        ulong paid = 0;
        foreach (var p in block.Coinbase.Payouts)
        {
            Assert.Equal(p.Amount, node.Account(p.To).Balance);
            paid += p.Amount.Units;
        }
        Assert.Equal(node.Params.SubsidyAt(1).Units, paid);
        StateInspector.AssertSupplyInvariant(node);

        // The stored block reads back the same (the payout list is part of the block's bytes).
        Assert.Equal(block.Encode(), node.Ledger.GetBlockBytes(block.Hash));
    }

    [Fact]
    public void More_than_1000_committed_payouts_or_65_inline_are_bad_coinbases()
    {
        using var node = new TestNode();
        Assert.Throws<ArgumentException>(() => node.Ledger.CreateTemplate(new TemplateRequest(Payees(1001), TestKeys.Id(1), "x") { CommitPayouts = true }));
        Assert.Throws<ArgumentException>(() => node.Ledger.CreateTemplate(new TemplateRequest(Payees(65), TestKeys.Id(1), "x")));

        // Built by hand past the assembler: the chain refuses them.
        var ok = Solve(node, new TemplateRequest(Payees(10), TestKeys.Id(1), "x") { CommitPayouts = true });
        var many = Enumerable.Range(0, 1001).Select(i => new Payout(TestKeys.Id(3000 + i), new Amount(1))).ToList();
        var cb = new Coinbase(ok.Coinbase.ChainId, ok.Height, 0, many, ok.Coinbase.NftRecipient, ok.Coinbase.StateRoot, [], commitsPayouts: true);
        var header = Pow.Solve(ok.Header with { MerkleRoot = cb.Id });
        var rejection = node.Reject(new Block(header, cb, ok.Transactions));
        Assert.Equal(RejectCodes.BadCoinbase, rejection.Code);
        Assert.Contains("limit of 1000", rejection.Message);

        var inline = new Coinbase(ok.Coinbase.ChainId, ok.Height, 0, many.Take(65).ToList(), ok.Coinbase.NftRecipient, ok.Coinbase.StateRoot, []);
        var inlineHeader = Pow.Solve(ok.Header with { MerkleRoot = inline.Id });
        Assert.Contains("limit of 64", node.Reject(new Block(inlineHeader, inline, ok.Transactions)).Message);
    }

    [Fact]
    public void Both_kinds_mix_on_one_chain_and_inline_blocks_are_unchanged()
    {
        using var node = new TestNode();
        var inline = node.Mine(1);
        Assert.False(inline.Coinbase.CommitsPayouts);
        Assert.Equal(Coinbase.Kind, inline.Coinbase.Encoded[0]);
        var committed = Solve(node, new TemplateRequest(Payees(3), TestKeys.Id(2), "c") { CommitPayouts = true });
        Assert.Equal(BlockOutcome.Connected, node.Submit(committed).Outcome);
        node.Mine(1);
        StateInspector.AssertSupplyInvariant(node);
        Assert.Equal(3u, node.Tip.Height);
    }
}
