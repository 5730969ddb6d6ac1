using Hashmint.Core.Primitives;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>The facade raises one typed event per main-chain move, in order, outside its lock.</summary>
public sealed class LedgerEventTests : IDisposable
{
    private readonly TestNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void EachConnectRaisesOneEventWithTheNewTip()
    {
        var seen = new List<ChainUpdated>();
        _node.Ledger.ChainUpdated += seen.Add;
        var blocks = _node.MineMany(3, 1);
        Assert.Equal(3, seen.Count);
        Assert.Equal(blocks.Select(b => b.Hash), seen.Select(u => u.Connected.Single().Hash));
        Assert.All(seen, u => Assert.Empty(u.Disconnected));
        Assert.Equal(_node.Tip.Hash, seen[^1].Tip.Hash);
        Assert.Equal([1u, 2u, 3u], seen.Select(u => u.Tip.Height));
    }

    [Fact]
    public void AReorganisationIsOneEventWithBothListsAndItsDepth()
    {
        using var rival = new TestNode();
        var common = _node.Mine(1);
        rival.Submit(common);
        _node.MineMany(2, 1);
        var branch = rival.MineMany(3, 2);
        var seen = new List<ChainUpdated>();
        _node.Ledger.ChainUpdated += seen.Add;
        foreach (var b in branch) _node.Submit(b);
        var reorg = Assert.Single(seen);           // the first two arrive as a lighter side branch: no event
        Assert.Equal(2, reorg.ReorgDepth);
        Assert.Equal(branch.Select(b => b.Hash), reorg.Connected.Select(b => b.Hash));
        Assert.Equal(branch[^1].Hash, reorg.Tip.Hash);
    }

    [Fact]
    public void TransactionsRaiseAcceptedOrRejected()
    {
        _node.MineMany(2, 1);
        var accepted = new List<Hash256>();
        var rejected = new List<string>();
        _node.Ledger.TransactionAccepted += tx => accepted.Add(tx.Id);
        _node.Ledger.TransactionRejected += r => rejected.Add(r.Rejection.Code);
        var good = TestKeys.Transfer(1, 2, 1_000, nonce: 0);
        _node.AddToMempool(good);
        Assert.Throws<RejectedException>(() => _node.AddToMempool(TestKeys.Transfer(1, 2, 1_000, nonce: 5)));
        Assert.Equal([good.Id], accepted);
        Assert.Equal([RejectCodes.NonceGap], rejected);
    }

    [Fact]
    public void AThrowingSubscriberDoesNotStopTheOthersNorTheChain()
    {
        int reached = 0;
        _node.Ledger.ChainUpdated += _ => throw new InvalidOperationException("a broken subscriber");
        _node.Ledger.ChainUpdated += _ => reached++;
        _node.MineMany(2, 1);
        Assert.Equal(2, reached);
        Assert.Equal(2u, _node.Tip.Height);
    }

    [Fact]
    public void SubscribersMayCallBackIntoTheLedger()
    {
        var templatesAtTip = new List<uint>();
        _node.Ledger.ChainUpdated += u => templatesAtTip.Add(_node.Ledger.CreateTemplate(Hashmint.Ledger.Assembly.TemplateRequest.Solo(TestKeys.Id(1), "")).Height);
        _node.MineMany(2, 1);
        Assert.Equal([2u, 3u], templatesAtTip);
    }

    [Fact]
    public void SignersInsideTheNodeNeverPickTheSameNonce()
    {
        _node.MineMany(2, 1);
        var sender = TestKeys.Id(1);
        var submitted = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(0, 40, i =>
        {
            var tx = _node.Ledger.SubmitSigned(sender, nonce => TestKeys.Transfer(1, 2 + i % 5, 1_000, nonce));
            submitted.Add(tx.Nonce);
        });
        Assert.Equal(Enumerable.Range(0, 40).Select(n => (ulong)n), submitted.Order());
        Assert.Equal(40UL, _node.Ledger.NextNonce(sender));
    }
}
