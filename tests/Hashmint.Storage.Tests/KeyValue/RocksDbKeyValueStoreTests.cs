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
        using var store = RocksDbKeyValueStore.Open(_directory.Path);
        Assert.Equal("LZ4", store.CompressionName);
        Assert.Equal(Path.GetFullPath(_directory.Path), store.Directory);
    }

    [Fact]
    public void EveryColumnFamilyIsCreatedOnDisk()
    {
        RocksDbKeyValueStore.Open(_directory.Path).Dispose();
        var families = RocksDb.ListColumnFamilies(new DbOptions(), _directory.Path).ToHashSet();
        string[] expected = ["default", "meta", "headers", "blocks", "block_index", "state", "state_tree", "undo", "tx_index"];
        Assert.Equal(expected.ToHashSet(), families);
    }

    [Fact]
    public void DataSurvivesReopening()
    {
        using (var store = RocksDbKeyValueStore.Open(_directory.Path))
        {
            using var batch = store.CreateBatch();
            batch.Put(Column.Blocks, [1, 2], [3, 4]);
            batch.Put(Column.Meta, "tip"u8, [9]);
            store.Write(batch);
        }
        using var reopened = RocksDbKeyValueStore.Open(_directory.Path);
        Assert.Equal([3, 4], reopened.Get(Column.Blocks, [1, 2]));
        Assert.Equal([9], reopened.Get(Column.Meta, "tip"u8));
    }

    [Fact]
    public void AFamilyAddedByANewerVersionDoesNotBlockOpening()
    {
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies { { "from_the_future", new ColumnFamilyOptions() } };
        using (RocksDb.Open(options, _directory.Path, families)) { }

        using var store = RocksDbKeyValueStore.Open(_directory.Path);
        Assert.Null(store.Get(Column.State, [1]));
    }

    [Fact]
    public void OpeningTwiceInOneProcessIsRefusedClearly()
    {
        using var store = RocksDbKeyValueStore.Open(_directory.Path);
        var error = Assert.Throws<DataDirectoryInUseException>(() => RocksDbKeyValueStore.Open(_directory.Path));
        Assert.Contains("already open in this process", error.Message);
        Assert.Equal(Path.GetFullPath(_directory.Path), error.Directory);
    }

    [Fact]
    public void OpeningADirectoryAnotherProcessHoldsIsRefusedClearly()
    {
        using (var holder = CrashWriterProcess.Start("hold", _directory.Path))
        {
            holder.WaitUntilReady();
            var error = Assert.Throws<DataDirectoryInUseException>(() => RocksDbKeyValueStore.Open(_directory.Path));
            Assert.StartsWith("data directory is in use by another process", error.Message);
            holder.CloseInputAndWaitForExit();
        }
        // Once the other process is gone the directory opens normally.
        using var store = RocksDbKeyValueStore.Open(_directory.Path);
        Assert.Null(store.Get(Column.Meta, [1]));
    }

    [Fact]
    public void UnsyncedWritesAreStillAtomicAndReadable()
    {
        using var store = RocksDbKeyValueStore.Open(_directory.Path, new RocksDbStoreOptions { SyncWrites = false });
        using var batch = store.CreateBatch();
        batch.Put(Column.Undo, [1], [1]);
        store.Write(batch);
        Assert.Equal([1], store.Get(Column.Undo, [1]));
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
        var error = Assert.Throws<ArgumentException>(() => RocksDbKeyValueStore.Open(Path.Combine(_directory.Path, "never"), options));
        Assert.Contains(setting, error.Message);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "never")));
    }

    [Fact]
    public async Task DisposeWaitsForAnOpenIterationInsteadOfFreeingItsMemory()
    {
        var store = RocksDbKeyValueStore.Open(_directory.Path);
        using (var batch = store.CreateBatch())
        {
            batch.Put(Column.State, [1], [1]);
            batch.Put(Column.State, [2], [2]);
            store.Write(batch);
        }
        var enumerator = store.Iterate(Column.State, []).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var disposing = Task.Run(store.Dispose);
        // Bounded: Dispose must still be waiting 200 ms later, because the iteration holds the store.
        Assert.NotSame(disposing, await Task.WhenAny(disposing, Task.Delay(200)));
        Assert.True(enumerator.MoveNext());
        Assert.Equal([2], enumerator.Current.Value);
        enumerator.Dispose();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
