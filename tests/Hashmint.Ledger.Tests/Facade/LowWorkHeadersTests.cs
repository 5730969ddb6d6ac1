using Hashmint.Core.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>
/// The low-work header defence: a branch of valid headers that ends with less work than this node's chain (less the
/// last <see cref="ChainManager.LowWorkMarginBlocks"/> blocks' worth) is checked but not stored, and is stored whole once
/// the headers that continue it give it the work.
/// </summary>
public sealed class LowWorkHeadersTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly TestNode _rival;
    private readonly List<Block> _main;

    public LowWorkHeadersTests()
    {
        _rival = new TestNode(clock: _node.Clock);
        _main = _node.MineMany(30, 1);
    }

    public void Dispose()
    {
        _node.Dispose();
        _rival.Dispose();
    }

    [Fact]
    public void A_branch_from_genesis_with_less_work_is_held_not_stored_and_stored_whole_once_it_has_the_work()
    {
        var branch = _rival.MineMany(20, 2).Select(b => b.Header).ToList(); // 20 blocks against 30: below 30 - 6
        var best = _node.Ledger.BestHeader;

        var first = _node.Ledger.ProcessPeerHeaders(branch[..10], null);
        Assert.Null(first.Rejection);
        Assert.Equal(0, first.Added);
        var held = Assert.IsType<HeldHeaders>(first.Held);
        Assert.Equal(10, held.Count);
        Assert.Equal(branch[9].Hash, held.TipHash);
        Assert.True(held.WorkShort > 0);
        Assert.Null(_node.Chain.GetEntry(branch[0].Hash)); // nothing of it in the index
        Assert.Equal(best.Hash, _node.Ledger.BestHeader.Hash);

        // Continued, still short: held, longer.
        var second = _node.Ledger.ProcessPeerHeaders(branch[10..], held);
        Assert.Equal(20, Assert.IsType<HeldHeaders>(second.Held).Count);
        Assert.Null(_node.Chain.GetEntry(branch[^1].Hash));

        // The rival mines on until its branch is within the margin: the whole branch is stored at once.
        var more = _rival.MineMany(6, 2).Select(b => b.Header).ToList(); // 26 >= 30 - 6
        var third = _node.Ledger.ProcessPeerHeaders(more, second.Held);
        Assert.Null(third.Held);
        Assert.Null(third.Rejection);
        Assert.Equal(26, third.Added);
        Assert.Equal(more[^1].Hash, third.Last!.Hash);
        Assert.All(branch.Concat(more), h => Assert.NotNull(_node.Chain.GetEntry(h.Hash)));
        Assert.Equal(_main[^1].Hash, _node.Ledger.BestHeader.Hash); // stored, but not more work than the main chain
        Assert.Equal(_main[^1].Hash, _node.Tip.Hash);
    }

    [Fact]
    public void A_rival_block_at_the_tip_and_a_branch_within_the_margin_are_stored_at_once()
    {
        // A short fork: the rival shares the first 26 blocks and then mines its own 4 (ending at height 30, as ours).
        _rival.SubmitAll(_main.Take(26));
        var fork = _rival.MineMany(4, 2).Select(b => b.Header).ToList();
        var r = _node.Ledger.ProcessPeerHeaders(fork, null);
        Assert.Null(r.Held);
        Assert.Equal(4, r.Added);
    }

    [Fact]
    public void Headers_that_extend_the_chain_are_stored_and_a_fresh_node_stores_any_valid_branch()
    {
        using var fresh = new TestNode(clock: _node.Clock);
        var all = fresh.Ledger.ProcessPeerHeaders(_main.Select(b => b.Header).ToList(), null);
        Assert.Null(all.Held);
        Assert.Equal(_main.Count, all.Added);
        Assert.Equal(_main[^1].Hash, fresh.Ledger.BestHeader.Hash);

        var next = _node.MineDetached(Support.TestKeys.Id(1));
        var extended = _node.Ledger.ProcessPeerHeaders([next.Header], null);
        Assert.Equal(1, extended.Added);
        Assert.Equal(next.Hash, _node.Ledger.BestHeader.Hash);
    }

    [Fact]
    public void A_held_branch_that_then_breaks_a_rule_is_refused_with_the_rule_and_nothing_is_stored()
    {
        var branch = _rival.MineMany(12, 2).Select(b => b.Header).ToList();
        var held = _node.Ledger.ProcessPeerHeaders(branch[..6], null).Held;
        Assert.NotNull(held);
        var bad = branch[6..];
        bad[2] = Solve(bad[2] with { Time = 1 }); // proof of work good, time before the median of the last 11
        var r = _node.Ledger.ProcessPeerHeaders(bad, held);
        Assert.Equal(RejectCodes.TimeTooOld, r.Rejection?.Code);
        Assert.Equal(0, r.Added);
        Assert.Null(_node.Chain.GetEntry(branch[0].Hash));
    }

    private static BlockHeader Solve(BlockHeader header)
    {
        var target = Hashmint.Core.Consensus.CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
            if (Hashmint.Core.Consensus.CompactTarget.MeetsTarget((header with { Nonce = nonce }).Hash, target)) return header with { Nonce = nonce };
    }

    [Fact]
    public void Headers_that_do_not_continue_the_held_branch_are_checked_on_their_own()
    {
        var branch = _rival.MineMany(10, 2).Select(b => b.Header).ToList();
        var held = _node.Ledger.ProcessPeerHeaders(branch[..5], null).Held;
        // Not the continuation: the held branch is ignored, and these headers' parent is unknown.
        var r = _node.Ledger.ProcessPeerHeaders(branch[6..], held);
        Assert.Equal(RejectCodes.Orphan, r.Rejection?.Code);
        Assert.Null(r.Held);
        Assert.Equal(0, r.Added);
    }
}
