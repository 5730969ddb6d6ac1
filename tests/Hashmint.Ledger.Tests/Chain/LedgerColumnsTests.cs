using Hashmint.Storage;
using RocksDbSharp;

namespace Hashmint.Ledger.Tests.Chain;

/// <summary>The ledger's families are the on-disk format: names and tuning exactly as databases already have them.</summary>
public sealed class LedgerColumnsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hashmint-ledger-columns-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void NamesAndTuningAreThoseOfExistingDatabases()
    {
        // name, bloom filter, compressed, filters optimised for hits, 16 KiB table blocks (docs/STORAGE.md, section 2)
        (ColumnFamily Family, string Name, bool Bloom, bool Compressed, bool AlwaysHit, bool Large)[] expected =
        [
            (LedgerColumns.Meta, "meta", false, true, false, false),
            (LedgerColumns.Headers, "headers", true, true, false, false),
            (LedgerColumns.Blocks, "blocks", true, true, false, true),
            (LedgerColumns.BlockIndex, "block_index", true, true, false, false),
            (LedgerColumns.State, "state", true, true, false, false),
            (SparseMerkleTree.NodeFamily, "state_tree", true, false, true, false),
            (LedgerColumns.Undo, "undo", true, true, false, true),
            (LedgerColumns.TxIndex, "tx_index", true, true, false, false),
            (LedgerColumns.Activity, "activity", true, true, false, false),   // added with the activity index
        ];
        Assert.Equal(expected.Select(e => e.Family), LedgerColumns.All);
        Assert.All(expected, e =>
        {
            Assert.Equal(e.Name, e.Family.Name);
            Assert.Equal(e.Bloom, e.Family.PointLookups);
            Assert.Equal(e.Compressed, e.Family.Compressible);
            Assert.Equal(e.AlwaysHit, e.Family.LookupsAlwaysHit);
            Assert.Equal(e.Large, e.Family.LargeValues);
        });
    }

    [Fact]
    public void ADatabaseWrittenBeforeLedgerColumnsOpensWithItsData()
    {
        // The fixed layout every database had before the ledger declared its own families.
        string[] names = ["meta", "headers", "blocks", "block_index", "state", "state_tree", "undo", "tx_index"];
        var raw = new ColumnFamilies();
        foreach (var name in names) raw.Add(name, new ColumnFamilyOptions());
        using (var db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true), _dir, raw))
        {
            foreach (var name in names) db.Put(new byte[] { 7 }, System.Text.Encoding.UTF8.GetBytes(name), db.GetColumnFamily(name));
        }

        using (var store = RocksDbKeyValueStore.Open(_dir, LedgerColumns.All))
        {
            foreach (var family in LedgerColumns.All.Where(f => names.Contains(f.Name)))
                Assert.Equal(System.Text.Encoding.UTF8.GetBytes(family.Name), store.Get(family, [7]));
            Assert.Null(store.Get(LedgerColumns.Activity, [7]));
        }
        // Opening renamed none and added only the activity index's family (built from the chain at the ledger's start).
        string[] onDisk = ["default", .. names, "activity"];
        Assert.Equal(onDisk.Order(), RocksDb.ListColumnFamilies(new DbOptions(), _dir).Order());
    }
}
