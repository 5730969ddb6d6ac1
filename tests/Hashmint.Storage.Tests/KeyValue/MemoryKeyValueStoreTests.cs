namespace Hashmint.Storage.Tests;

/// <summary>The contract on <c>new MemoryKeyValueStore()</c>, which takes any family on first use.</summary>
public sealed class MemoryKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore CreateStore() => new MemoryKeyValueStore();

    protected override IKeyValueStore CreateStore(IReadOnlyList<ColumnFamily> families) => new MemoryKeyValueStore(families);

    [Fact]
    public void AnyFamilyIsAcceptedOnFirstUse()
    {
        using var store = new MemoryKeyValueStore();
        var family = new ColumnFamily("made_up_here");
        Assert.Null(store.Get(family, [1]));
        Assert.Empty(store.Iterate(family, []));
        using var batch = store.CreateBatch();
        batch.Put(family, [1], [2]);
        store.Write(batch);
        Assert.Equal([2], store.Get(family, [1]));
    }

    [Fact]
    public void TwoFamiliesWithOneNameAreRefusedOnFirstUse()
    {
        using var store = new MemoryKeyValueStore();
        Assert.Null(store.Get(TestFamilies.Plain, [1]));
        var error = Assert.Throws<ArgumentException>(() => store.Get(new ColumnFamily("plain"), [1]));
        Assert.Contains("two different column families are named 'plain'", error.Message);
    }
}

/// <summary>The contract on a memory store that accepts only its declared families, as RocksDB does.</summary>
public sealed class DeclaredMemoryKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore CreateStore(IReadOnlyList<ColumnFamily> families) => new MemoryKeyValueStore(families);
}
