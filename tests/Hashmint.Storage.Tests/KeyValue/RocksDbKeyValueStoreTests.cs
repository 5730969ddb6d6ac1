using RocksDbSharp;

namespace Hashmint.Storage.Tests;

/// <summary>What only the RocksDB store does: persistence, column families on disk, tuning, locking.</summary>
public sealed class RocksDbKeyValueStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TheNativeLibraryLoadsAndLz4IsUsed()
    {
        using var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        Assert.Equal("LZ4", store.CompressionName);
        Assert.Equal(Path.GetFullPath(_directory.Path), store.Directory);
    }

    [Fact]
    public void ExactlyTheDeclaredFamiliesAreCreatedOnDisk()
    {
        RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All).Dispose();
        var families = RocksDb.ListColumnFamilies(new DbOptions(), _directory.Path).ToHashSet();
        string[] expected = ["default", "small", "plain", "large", "hashes", "scans", "other", "state_tree"];
        Assert.Equal(expected.ToHashSet(), families);
    }

    [Fact]
    public void ADatabaseCreatedWithTheOldFixedLayoutOpensWithItsData()
    {
        // The layout every database had before families were declared by their owners: these names, this data.
        string[] oldNames = ["meta", "headers", "blocks", "block_index", "state", "state_tree", "undo", "tx_index"];
        var raw = new ColumnFamilies();
        foreach (var name in oldNames) raw.Add(name, new ColumnFamilyOptions());
        using (var db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true), _directory.Path, raw))
        {
            foreach (var name in oldNames) db.Put(new byte[] { 1 }, System.Text.Encoding.UTF8.GetBytes(name), db.GetColumnFamily(name));
        }

        // Declared again under the same names (the tree's own, and stand-ins for the ledger's): the same data.
        var declared = oldNames.Select(n => n == "state_tree" ? SparseMerkleTree.NodeFamily : new ColumnFamily(n)).ToList();
        using (var store = RocksDbKeyValueStore.Open(_directory.Path, declared))
        {
            foreach (var family in declared) Assert.Equal(System.Text.Encoding.UTF8.GetBytes(family.Name), store.Get(family, [1]));
        }
        // Nothing was added or renamed on disk.
        string[] expectedOnDisk = ["default", .. oldNames];
        Assert.Equal(expectedOnDisk.Order(), RocksDb.ListColumnFamilies(new DbOptions(), _directory.Path).Order());
    }

    [Fact]
    public void FamiliesOnDiskButNotDeclaredKeepTheirData()
    {
        using (var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All))
        {
            using var batch = store.CreateBatch();
            batch.Put(TestFamilies.Plain, [1], [1]);
            batch.Put(TestFamilies.Other, [2], [2]);
            store.Write(batch);
        }
        using (var partial = RocksDbKeyValueStore.Open(_directory.Path, [TestFamilies.Plain]))
        {
            Assert.Equal([1], partial.Get(TestFamilies.Plain, [1]));
            Assert.Throws<ArgumentException>(() => partial.Get(TestFamilies.Other, [2]));
        }
        using var full = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        Assert.Equal([2], full.Get(TestFamilies.Other, [2]));
    }

    [Fact]
    public void TuningHintsReachRocksDb()
    {
        RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All).Dispose();
        var options = RocksDbOptionsFile.ReadLatest(_directory.Path);
        foreach (var family in TestFamilies.All)
        {
            var cf = options.Section($"CFOptions \"{family.Name}\"");
            var table = options.Section($"TableOptions/BlockBasedTable \"{family.Name}\"");
            Assert.Equal(family.Compressible ? "kLZ4Compression" : "kNoCompression", cf["compression"]);
            Assert.Equal(family.LookupsAlwaysHit ? "true" : "false", cf["optimize_filters_for_hits"]);
            Assert.Equal(family.LargeValues ? "16384" : "4096", table["block_size"]);
            Assert.Equal(family.PointLookups, table["filter_policy"].StartsWith("bloomfilter", StringComparison.Ordinal));
            Assert.Equal("true", table["cache_index_and_filter_blocks"]);
            Assert.Equal("true", table["pin_l0_filter_and_index_blocks_in_cache"]);
        }
    }

    [Fact]
    public void TwoFamiliesWithOneNameAreRefusedBeforeTheDirectoryIsCreated()
    {
        var directory = Path.Combine(_directory.Path, "never");
        Assert.Throws<ArgumentException>(() => RocksDbKeyValueStore.Open(directory, [TestFamilies.Plain, new ColumnFamily("plain")]));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void DataSurvivesReopening()
    {
        using (var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All))
        {
            using var batch = store.CreateBatch();
            batch.Put(TestFamilies.Large, [1, 2], [3, 4]);
            batch.Put(TestFamilies.Small, "tip"u8, [9]);
            store.Write(batch);
        }
        using var reopened = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        Assert.Equal([3, 4], reopened.Get(TestFamilies.Large, [1, 2]));
        Assert.Equal([9], reopened.Get(TestFamilies.Small, "tip"u8));
    }

    [Fact]
    public void AFamilyAddedByANewerVersionDoesNotBlockOpening()
    {
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies { { "from_the_future", new ColumnFamilyOptions() } };
        using (RocksDb.Open(options, _directory.Path, families)) { }

        using var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        Assert.Null(store.Get(TestFamilies.Plain, [1]));
    }

    [Fact]
    public void OpeningTwiceInOneProcessIsRefusedClearly()
    {
        using var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        var error = Assert.Throws<DataDirectoryInUseException>(() => RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All));
        Assert.Contains("already open in this process", error.Message);
        Assert.Equal(Path.GetFullPath(_directory.Path), error.Directory);
    }

    [Fact]
    public void OpeningADirectoryAnotherProcessHoldsIsRefusedClearly()
    {
        using (var holder = CrashWriterProcess.Start("hold", _directory.Path))
        {
            holder.WaitUntilReady();
            var error = Assert.Throws<DataDirectoryInUseException>(() => RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All));
            Assert.StartsWith("data directory is in use by another process", error.Message);
            holder.CloseInputAndWaitForExit();
        }
        // Once the other process is gone the directory opens normally.
        using var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        Assert.Null(store.Get(TestFamilies.Small, [1]));
    }

    [Fact]
    public void UnsyncedWritesAreStillAtomicAndReadable()
    {
        using var store = RocksDbKeyValueStore.Open(_directory.Path, new RocksDbStoreOptions { SyncWrites = false }, TestFamilies.All);
        using var batch = store.CreateBatch();
        batch.Put(TestFamilies.Hashes, [1], [1]);
        store.Write(batch);
        Assert.Equal([1], store.Get(TestFamilies.Hashes, [1]));
    }

    [Theory]
    [InlineData(nameof(RocksDbStoreOptions.BlockCacheBytes))]
    [InlineData(nameof(RocksDbStoreOptions.WriteBufferBytes))]
    [InlineData(nameof(RocksDbStoreOptions.TotalWriteBufferBytes))]
    [InlineData(nameof(RocksDbStoreOptions.MaxOpenFiles))]
    [InlineData(nameof(RocksDbStoreOptions.BackgroundThreads))]
    public void InvalidOptionsAreRejectedBeforeOpening(string setting)
    {
        var options = setting switch
        {
            nameof(RocksDbStoreOptions.BlockCacheBytes) => new RocksDbStoreOptions { BlockCacheBytes = 1000 },
            nameof(RocksDbStoreOptions.WriteBufferBytes) => new RocksDbStoreOptions { WriteBufferBytes = 0 },
            nameof(RocksDbStoreOptions.TotalWriteBufferBytes) => new RocksDbStoreOptions { TotalWriteBufferBytes = 2 * 1024 * 1024 },
            nameof(RocksDbStoreOptions.MaxOpenFiles) => new RocksDbStoreOptions { MaxOpenFiles = 10 },
            _ => new RocksDbStoreOptions { BackgroundThreads = 0 },
        };
        var error = Assert.Throws<ArgumentException>(() => RocksDbKeyValueStore.Open(Path.Combine(_directory.Path, "never"), options, TestFamilies.All));
        Assert.Contains(setting, error.Message);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "never")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisposeWaitsForAnOpenIterationInsteadOfFreeingItsMemory(bool reverse)
    {
        var store = RocksDbKeyValueStore.Open(_directory.Path, TestFamilies.All);
        using (var batch = store.CreateBatch())
        {
            batch.Put(TestFamilies.Plain, [1], [1]);
            batch.Put(TestFamilies.Plain, [2], [2]);
            store.Write(batch);
        }
        var enumerator = store.Iterate(TestFamilies.Plain, [], new ScanOptions { Reverse = reverse }).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var disposing = Task.Run(store.Dispose);
        // Bounded: Dispose must still be waiting 200 ms later, because the iteration holds the store.
        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(200)));
        Assert.True(enumerator.MoveNext());
        Assert.Equal([(byte)(reverse ? 1 : 2)], enumerator.Current.Value);
        enumerator.Dispose();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
