using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>Every block's coinbase names a recipient; token #h of `blocks` goes to it when block h + 1 connects, seeded by block h's hash.</summary>
public class BlockNftTests
{
    [Fact]
    public void EachBlockMintsItsTokenToTheRecipientItNamesWhenTheNextBlockConnects()
    {
        using var node = new TestNode();
        int[] recipients = [11, 12, 13, 11, 14];
        var blocks = recipients.Select(r => node.Mine(r)).ToList();
        Assert.Equal(5u, node.Tip.Height);

        for (uint h = 1; h <= 4; h++)
        {
            var block = blocks[(int)h - 1];
            Assert.Equal(TestKeys.Id(recipients[h - 1]), block.Coinbase.NftRecipient);
            var token = node.Token(CollectionIds.Blocks, h)!;
            Assert.Equal(TestKeys.Id(recipients[h - 1]), token.Owner);
            Assert.Equal(block.Hash, token.Seed);
            Assert.Equal(h + 1, token.MintedHeight);
            Assert.Equal(TokenOrigin.Block, token.Origin);
            Assert.Equal(MintProof.Rarity(block.Hash, CompactTarget.ToTarget(block.Header.Bits)!.Value), token.Rarity);
            Assert.Equal([new("block", h.ToString(System.Globalization.CultureInfo.InvariantCulture))], token.Attributes);
        }
        Assert.Null(node.Token(CollectionIds.Blocks, 0)); // genesis names nobody
        Assert.Null(node.Token(CollectionIds.Blocks, 5)); // the tip's token waits for its successor

        var c = node.Collection(CollectionIds.Blocks);
        Assert.Equal(4UL, c.Minted);
        Assert.Equal(MintPolicy.Blocks, c.Definition.MintPolicy);
        Assert.True(c.Creator.IsNone);

        var next = node.Mine(15);
        Assert.Equal(TestKeys.Id(14), node.Token(CollectionIds.Blocks, 5)!.Owner);
        Assert.Equal(blocks[^1].Hash, node.Token(CollectionIds.Blocks, 5)!.Seed);
        Assert.Equal(next.Header.PreviousHash, node.Token(CollectionIds.Blocks, 5)!.Seed);
        Assert.Equal(5UL, node.Collection(CollectionIds.Blocks).Minted);
    }

    [Fact]
    public void ABlockThatNamesNoRecipientMintsNoToken()
    {
        using var node = new TestNode();
        node.Mine(11);
        node.Clock.Advance(1);
        var template = node.Template(TestKeys.Id(11), AccountId.None, "no nft");
        var header = Pow.Solve(template.HeaderFor(0));
        var anonymous = template.BuildBlock(0, header.Nonce);
        Assert.Equal(BlockOutcome.Connected, node.Submit(anonymous).Outcome);
        node.Mine(12);
        node.Mine(12);

        Assert.NotNull(node.Token(CollectionIds.Blocks, 1));
        Assert.Null(node.Token(CollectionIds.Blocks, 2));
        Assert.Equal(TestKeys.Id(12), node.Token(CollectionIds.Blocks, 3)!.Owner);
        Assert.Equal(2UL, node.Collection(CollectionIds.Blocks).Minted);
    }

    [Fact]
    public void BlockTokensAreOrdinaryTokensTheirOwnersMayMove()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(1);
        node.Mine(9);
        node.Queue(1, new Hashmint.Ledger.Operations.TransferTokenOperation(CollectionIds.Blocks, 1, TestKeys.Id(2)));
        node.Mine(9);
        Assert.Equal(TestKeys.Id(2), node.Token(CollectionIds.Blocks, 1)!.Owner);
        Assert.Equal(TestKeys.Id(1), node.Token(CollectionIds.Blocks, 2)!.Owner);
        var queries = new StateListings(node.Ledger);
        Assert.Contains((CollectionIds.Blocks, 1UL), queries.Holdings(TestKeys.Id(2), limit: 10).Select(h => (h.Collection, h.TokenId)));
        Assert.DoesNotContain((CollectionIds.Blocks, 1UL), queries.Holdings(TestKeys.Id(1), limit: 10).Select(h => (h.Collection, h.TokenId)));
    }

    [Fact]
    public void NoTransactionCanMintIntoTheBlocksCollection()
    {
        using var node = new TestNode();
        node.Mine(1);
        node.Mine(1);
        var e = Assert.Throws<RejectedException>(() => node.Queue(1, NftDefinitions.Mint(CollectionIds.Blocks, 1)));
        Assert.Equal(NftRejectCodes.WrongMintPolicy, e.Rejection.Code);
    }
}
