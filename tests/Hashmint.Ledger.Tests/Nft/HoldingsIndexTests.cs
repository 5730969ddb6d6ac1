using Hashmint.Core.Nft;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using Hashmint.Storage;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>The owner index, read with cursor scans as the API does, over a chain on a <see cref="MemoryKeyValueStore"/> follows mints, transfers and burns.</summary>
public sealed class HoldingsIndexTests : IDisposable
{
    // Keys 1 and 2 are funded by the first blocks; 9 mines the rest (and so receives their block NFTs).
    private readonly TestNode _node = new(store: new MemoryKeyValueStore());
    private readonly StateListings _queries;

    public HoldingsIndexTests()
    {
        _node.Mine(1);
        _node.Mine(2);
        _node.Mine(9);
        _node.Queue(1, Create(Art()), Mint("art", 2), Mint("art", 2), Mint("art", 2));
        _node.Mine(9);
        _queries = new StateListings(_node.Ledger);
    }

    public void Dispose() => _node.Dispose();

    private List<(string, ulong)> ArtHeldBy(int key) => _queries.Holdings(TestKeys.Id(key)).Where(h => h.Collection == "art").Select(h => (h.Collection, h.TokenId)).ToList();

    [Fact]
    public void MintedTokensAreListedUnderTheirOwner()
    {
        Assert.Equal([("art", 1UL), ("art", 2UL), ("art", 3UL)], ArtHeldBy(2));
        Assert.Empty(ArtHeldBy(1));
        Assert.Equal([1UL, 2UL, 3UL], _queries.Tokens("art").Select(t => t.TokenId));
        Assert.All(_queries.Tokens("art"), t => Assert.Equal(TestKeys.Id(2), t.Token.Owner));
        Assert.Equal(["art", CollectionIds.Blocks], _queries.Collections().Select(c => c.Collection.Id));
    }

    [Fact]
    public void TransfersMoveEntriesAndBurnsRemoveThem()
    {
        _node.Queue(2, new TransferTokenOperation("art", 2, TestKeys.Id(3)), new BurnTokenOperation("art", 3));
        _node.Mine(9);
        Assert.Equal([("art", 1UL)], ArtHeldBy(2));
        Assert.Equal([("art", 2UL)], ArtHeldBy(3));
        Assert.Equal([1UL, 2UL], _queries.Tokens("art").Select(t => t.TokenId));

        _node.Queue(2, new SetOperatorOperation("art", TestKeys.Id(1), true));
        _node.Mine(9);
        _node.Queue(1, new TransferTokenOperation("art", 1, TestKeys.Id(3)));
        _node.Mine(9);
        Assert.Empty(ArtHeldBy(2));
        Assert.Equal([("art", 1UL), ("art", 2UL)], ArtHeldBy(3));
    }

    [Fact]
    public void BlockTokensAreIndexedForTheirRecipient()
    {
        // Blocks 1 and 2 named keys 1 and 2; blocks 3 and 4 named 9, and the tip's token (4) waits for block 5.
        Assert.Equal([(CollectionIds.Blocks, 3UL)], _queries.Holdings(TestKeys.Id(9)).Select(h => (h.Collection, h.TokenId)));
        _node.Mine(9);
        Assert.Equal([(CollectionIds.Blocks, 3UL), (CollectionIds.Blocks, 4UL)], _queries.Holdings(TestKeys.Id(9)).Select(h => (h.Collection, h.TokenId)));
        Assert.Equal([(CollectionIds.Blocks, 1UL)], _queries.Holdings(TestKeys.Id(1)).Select(h => (h.Collection, h.TokenId)));
    }

    [Fact]
    public void ListingsPageByCursorBothWays()
    {
        var first = _queries.Tokens("art", limit: 1);
        Assert.Equal([1UL], first.Select(t => t.TokenId));
        Assert.Equal([2UL, 3UL], _queries.Tokens("art", after: first[^1].Key, limit: 5).Select(t => t.TokenId));
        var newest = _queries.Tokens("art", limit: 2, newestFirst: true);
        Assert.Equal([3UL, 2UL], newest.Select(t => t.TokenId));
        Assert.Equal([1UL], _queries.Tokens("art", after: newest[^1].Key, limit: 5, newestFirst: true).Select(t => t.TokenId));
        Assert.Empty(_queries.Tokens("art", after: _queries.Tokens("art")[^1].Key));

        var held = _queries.Holdings(TestKeys.Id(2), limit: 1);
        Assert.Equal([("art", 2UL)], _queries.Holdings(TestKeys.Id(2), after: held[^1].Key, limit: 1).Select(h => (h.Collection, h.TokenId)));
        var collections = _queries.Collections(limit: 1);
        Assert.Equal([CollectionIds.Blocks], _queries.Collections(after: collections[^1].Key).Select(c => c.Collection.Id));
    }

    [Fact]
    public void TheIndexAgreesWithTheTokensEverywhere()
    {
        _node.Queue(2, new TransferTokenOperation("art", 1, TestKeys.Id(3)));
        _node.Mine(9);
        var fromTokens = _queries.Tokens("art").Select(t => (t.Token.Owner, t.TokenId)).OrderBy(t => t.TokenId).ToList();
        var fromIndex = new[] { 1, 2, 3, 9 }.SelectMany(k => ArtHeldBy(k).Select(h => (TestKeys.Id(k), h.Item2))).OrderBy(t => t.Item2).ToList();
        Assert.Equal(fromTokens, fromIndex);
    }
}
