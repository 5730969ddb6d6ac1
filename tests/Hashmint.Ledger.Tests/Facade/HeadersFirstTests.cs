using Hashmint.Core.Blocks;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Facade;

/// <summary>Headers first: headers are checked and kept before any body; bodies may then arrive in any order.</summary>
public sealed class HeadersFirstTests : IDisposable
{
    private readonly TestNode _source = new();
    private readonly List<Block> _chain;

    public HeadersFirstTests()
    {
        _source.MineMany(2, 1);
        _source.AddToMempool(TestKeys.Transfer(1, 3, 5_000, nonce: 0));
        _chain = [.. _source.Chain.MainChainBlocks(1), .. _source.MineMany(8, 2)];
    }

    public void Dispose() => _source.Dispose();

    [Fact]
    public void BodiesInAnyOrderConnectToTheSameTip()
    {
        using var node = new TestNode(clock: _source.Clock);
        var result = node.Ledger.ProcessHeaders(_chain.Select(b => b.Header).ToList());
        Assert.Null(result.Rejection);
        Assert.Equal(_chain.Count, result.Added);
        Assert.Equal(_source.Tip.Hash, node.Ledger.BestHeader.Hash);
        Assert.Equal(0u, node.Tip.Height); // nothing connects without bodies
        Assert.Equal(_chain.Select(b => b.Hash), node.Ledger.MissingBlocks(100));

        // The newest bodies first: each waits for the ones before it; the last missing one connects them all.
        var updates = new List<ChainUpdated>();
        node.Ledger.ChainUpdated += updates.Add;
        var shuffled = _chain.AsEnumerable().Reverse().ToList();
        foreach (var b in shuffled.Take(shuffled.Count - 1))
        {
            Assert.NotEqual(BlockOutcome.Rejected, node.Ledger.SubmitBlock(b).Outcome);
            Assert.Equal(0u, node.Tip.Height);
        }
        node.Ledger.SubmitBlock(shuffled[^1]);
        Assert.Equal(_source.Tip.Hash, node.Tip.Hash);
        Assert.Equal(_source.Tip.StateRoot, node.Tip.StateRoot);
        Assert.Equal(_chain.Select(b => b.Hash), Assert.Single(updates).Connected.Select(b => b.Hash));
        Assert.Empty(node.Ledger.MissingBlocks(100));
    }

    [Fact]
    public void ABadHeaderStopsTheBatchAndTheGoodOnesBeforeItStay()
    {
        using var node = new TestNode(clock: _source.Clock);
        var headers = _chain.Select(b => b.Header).ToList();
        headers[4] = headers[4] with { Bits = headers[4].Bits - 1 };
        var result = node.Ledger.ProcessHeaders(headers);
        Assert.Equal(4, result.Added);
        Assert.NotNull(result.Rejection);
        Assert.Equal(_chain[3].Hash, result.Last!.Hash);
        Assert.Equal(_chain[3].Hash, node.Ledger.BestHeader.Hash);
    }

    [Fact]
    public void AHeaderThatDoesNotConnectIsRefused()
    {
        using var node = new TestNode(clock: _source.Clock);
        var result = node.Ledger.ProcessHeaders([_chain[3].Header]);
        Assert.Equal(0, result.Added);
        Assert.Equal(RejectCodes.Orphan, result.Rejection!.Code);
    }

    [Fact]
    public void HeaderOnlyEntriesSurviveARestartAndStillAcceptTheirBodies()
    {
        var store = new MemoryKeyValueStore();
        var first = new TestNode(store: store, clock: _source.Clock); // not disposed: that would close the shared store
        first.Ledger.ProcessHeaders(_chain.Select(b => b.Header).ToList());
        first.Ledger.SubmitBlock(_chain[0]);
        Assert.Equal(1u, first.Tip.Height);
        var reopened = new LedgerFacade(store, _source.Params, clock: _source.Clock);
        Assert.Equal(_source.Tip.Hash, reopened.BestHeader.Hash);
        Assert.Equal(_chain.Skip(1).Select(b => b.Hash), reopened.MissingBlocks(100));
        foreach (var b in _chain.Skip(1)) reopened.SubmitBlock(b);
        Assert.Equal(_source.Tip.Hash, reopened.Tip.Hash);
        store.Dispose();
    }
}
