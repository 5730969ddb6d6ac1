using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Nft;

/// <summary>Create-collection payloads the decoder refuses: unknown enums, too many splits, bad loot tables.</summary>
public class CollectionDefinitionRejectionTests
{
    private static string Refused(CollectionDefinition def)
    {
        var bytes = NftSamples.Signed(new CreateCollectionOperation(def)).Encoded;
        return Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(bytes)).Message;
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0xff)]
    public void UnknownKindIsRejected(byte kind) =>
        Assert.Contains("collection kind", Refused(NftSamples.Art() with { Kind = (CollectionKind)kind }));

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    public void UnknownTransferPolicyIsRejected(byte policy) =>
        Assert.Contains("transfer policy", Refused(NftSamples.Art() with { TransferPolicy = (TransferPolicy)policy }));

    [Theory]
    [InlineData(4)]
    [InlineData(0xff)]
    public void UnknownMintPolicyIsRejected(byte policy) =>
        Assert.Contains("mint policy", Refused(NftSamples.Art() with { MintPolicy = (MintPolicy)policy }));

    [Fact]
    public void MoreThanEightRoyaltySplitsAreRejected()
    {
        var splits = Enumerable.Range(0, CollectionDefinition.MaxSplits + 1).Select(i => new RoyaltySplit(Samples.Account(30 + i), 10)).ToList();
        Assert.Contains("royalty splits", Refused(NftSamples.Art() with { RoyaltyBasisPoints = 90, RoyaltySplits = splits }));
    }

    [Fact]
    public void OverlongNameAndSymbolAreRejected()
    {
        Assert.Contains("collection name", Refused(NftSamples.Art() with { Name = new string('n', 65) }));
        Assert.Contains("collection symbol", Refused(NftSamples.Art() with { Symbol = new string('S', 17) }));
    }

    public static TheoryData<string, LootTable> BadLootTables() => new()
    {
        { "at least one item", new LootTable([]) },
        { "zero weight", new LootTable([new LootItem("sword", 1, []), new LootItem("dust", 0, [])]) },
        { "max below min", new LootTable([new LootItem("sword", 1, [new StatRange("attack", 7, 6)])]) },
        { "loot items", new LootTable(Enumerable.Range(0, LootTable.MaxItems + 1).Select(i => new LootItem($"item{i}", 1, [])).ToList()) },
        { "item stats", new LootTable([new LootItem("sword", 1, Enumerable.Range(0, LootTable.MaxStats + 1).Select(i => new StatRange($"s{i}", 0, 1)).ToList())]) },
        { "item name", new LootTable([new LootItem(new string('x', 33), 1, [])]) },
        { "stat name", new LootTable([new LootItem("sword", 1, [new StatRange(new string('s', 17), 0, 1)])]) },
    };

    [Theory]
    [MemberData(nameof(BadLootTables))]
    public void BadLootTablesAreRejected(string reason, LootTable loot) =>
        Assert.Contains(reason, Refused(NftSamples.GameItems() with { Loot = loot }));

    [Fact]
    public void LootTableAtItsLimitsIsAccepted()
    {
        var items = Enumerable.Range(0, LootTable.MaxItems)
            .Select(i => new LootItem($"item{i}", uint.MaxValue, Enumerable.Range(0, LootTable.MaxStats).Select(j => new StatRange($"s{j}", 0, uint.MaxValue)).ToList()))
            .ToList();
        var def = NftSamples.GameItems() with { Loot = new LootTable(items) };
        var back = ((CreateCollectionOperation)NftSamples.RoundTrip(new CreateCollectionOperation(def)).Operations[0]).Definition;
        Assert.Equal(LootTable.MaxItems, back.Loot!.Items.Count);
        Assert.All(back.Loot.Items, i => Assert.Equal(LootTable.MaxStats, i.Stats.Count));
    }

    [Fact]
    public void TruncatedDefinitionsAreRejectedAtEveryLength()
    {
        foreach (var def in NftSamples.AllDefinitions())
        {
            var full = def.Encode();
            for (int cut = 0; cut < full.Length; cut++)
            {
                var part = full[..cut];
                Assert.Throws<DecodeException>(() =>
                {
                    var r = new SpanReader(part);
                    CollectionDefinition.Read(ref r);
                });
            }
        }
    }
}
