using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>The account activity index follows the main chain exactly: written with each connect, removed with each disconnect.</summary>
public sealed class ActivityIndexTests : IDisposable
{
    private readonly TestNode _node = new();

    public void Dispose() => _node.Dispose();

    private List<ActivityEntry> All(int key) => _node.Ledger.Activity(TestKeys.Id(key), null, 1000).Select(a => a.Entry).ToList();

    [Fact]
    public void SendersRecipientsAndCoinbasePayeesAreIndexedNewestFirst()
    {
        _node.Mine(1);
        _node.Mine(1);
        var pay = TestKeys.Transfer(1, 3, 1_000, nonce: 0);
        var mint = NftTx.Sign(1, 1, Create(Art()), Mint("art", 4));
        _node.Mine(2, pay, mint);

        var mine = All(1);
        Assert.Equal([(3u, 2, ActivityRoles.Sender), (3u, 1, ActivityRoles.Sender), (2u, 0, ActivityRoles.Payee | ActivityRoles.BlockNftRecipient),
            (1u, 0, ActivityRoles.Payee | ActivityRoles.BlockNftRecipient)], mine.Select(a => (a.Height, a.Position, a.Roles)));
        Assert.Equal(pay.Id, mine[1].Txid);
        Assert.Equal([(pay.Id, ActivityRoles.Participant)], All(3).Select(a => (a.Txid, a.Roles)));
        Assert.Equal([(mint.Id, ActivityRoles.Participant)], All(4).Select(a => (a.Txid, a.Roles)));
    }

    [Fact]
    public void PagesFollowOneAnotherWithoutGapsOrRepeats()
    {
        for (int i = 0; i < 7; i++) _node.Mine(1);
        var seen = new List<uint>();
        byte[]? cursor = null;
        do
        {
            var page = _node.Ledger.Activity(TestKeys.Id(1), cursor, 3);
            seen.AddRange(page.Select(p => p.Entry.Height));
            cursor = page.Count == 3 ? page[^1].Key : null;
        } while (cursor is not null);
        Assert.Equal([7u, 6u, 5u, 4u, 3u, 2u, 1u], seen);
    }

    [Fact]
    public void AReorganisationRemovesTheLosingBranchsEntries()
    {
        using var rival = new TestNode(clock: _node.Clock);
        foreach (var b in _node.MineMany(2, 1)) rival.Submit(b);
        _node.Mine(1, TestKeys.Transfer(1, 3, 1_000, nonce: 0));
        Assert.Single(All(3));
        _node.SubmitAll(rival.MineMany(2, 2));
        Assert.Equal(rival.Tip.Hash, _node.Tip.Hash);
        Assert.Empty(All(3));
        Assert.Equal([2u, 1u], All(1).Select(a => a.Height));
        Assert.Equal([4u, 3u], All(2).Select(a => a.Height));
    }

    [Fact]
    public void ADatabaseFromBeforeTheIndexIsIndexedOnceAtStart()
    {
        var store = new MemoryKeyValueStore();
        var first = new TestNode(store: store, clock: _node.Clock); // not disposed: that would close the store
        first.MineMany(3, 1);
        first.Mine(2, TestKeys.Transfer(1, 3, 1_000, nonce: 0));
        // Simulate the old layout: no activity entries and no "built" mark.
        using (var batch = store.CreateBatch())
        {
            foreach (var (key, _) in store.Iterate(LedgerColumns.Activity, [])) batch.Delete(LedgerColumns.Activity, key);
            batch.Delete(LedgerColumns.Meta, "activity-index"u8);
            store.Write(batch);
        }
        Assert.Empty(store.Iterate(LedgerColumns.Activity, []));
        var reopened = new LedgerFacade(store, _node.Params, clock: _node.Clock);
        Assert.Equal([4u, 3u, 2u, 1u], reopened.Activity(TestKeys.Id(1), null, 10).Select(a => a.Entry.Height));
        Assert.Single(reopened.Activity(TestKeys.Id(3), null, 10));
        store.Dispose();
    }
}
