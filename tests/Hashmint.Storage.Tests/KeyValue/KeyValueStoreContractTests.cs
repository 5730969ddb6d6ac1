namespace Hashmint.Storage.Tests;

/// <summary>
/// Behaviour every <see cref="IKeyValueStore"/> must have; run once per implementation. The scan
/// tests are in KeyValueStoreContractTests.Scans.cs.
/// </summary>
public abstract partial class KeyValueStoreContractTests : IDisposable
{
    private readonly Lazy<IKeyValueStore> _store;

    protected KeyValueStoreContractTests()
    {
        // Lazy (thread-safe) because CreateStore is virtual and tests touch Store from several threads.
        _store = new Lazy<IKeyValueStore>(CreateStore);
    }

    /// <summary>A store with <see cref="TestFamilies.All"/> (at least).</summary>
    protected IKeyValueStore Store => _store.Value;

    protected virtual IKeyValueStore CreateStore() => CreateStore(TestFamilies.All);

    /// <summary>A new, empty store that accepts exactly these families.</summary>
    protected abstract IKeyValueStore CreateStore(IReadOnlyList<ColumnFamily> families);

    public virtual void Dispose()
    {
        if (_store.IsValueCreated) _store.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Write(Action<IWriteBatch> fill)
    {
        using var batch = Store.CreateBatch();
        fill(batch);
        Store.Write(batch);
    }

    /// <summary>Reads a key that must exist.</summary>
    protected byte[] Read(ColumnFamily family, byte[] key)
    {
        var value = Store.Get(family, key);
        Assert.NotNull(value);
        return value;
    }

    [Fact]
    public void MissingKeysReadAsNull()
    {
        Assert.Null(Store.Get(TestFamilies.Plain, [1, 2, 3]));
        Assert.False(Store.Contains(TestFamilies.Plain, [1, 2, 3]));
    }

    [Fact]
    public void PutThenGetThenDelete()
    {
        Write(b => b.Put(TestFamilies.Other, [1], [10, 11]));
        Assert.Equal([10, 11], Read(TestFamilies.Other, [1]));
        Assert.True(Store.Contains(TestFamilies.Other, [1]));

        Write(b => b.Put(TestFamilies.Other, [1], [12]));
        Assert.Equal([12], Read(TestFamilies.Other, [1]));

        Write(b => b.Delete(TestFamilies.Other, [1]));
        Assert.Null(Store.Get(TestFamilies.Other, [1]));
    }

    [Fact]
    public void EmptyValuesAreStoredAndDistinctFromAbsence()
    {
        Write(b => b.Put(TestFamilies.Small, [7], []));
        Assert.Equal([], Read(TestFamilies.Small, [7]));
        Assert.True(Store.Contains(TestFamilies.Small, [7]));
    }

    [Fact]
    public void FamiliesAreSeparateKeySpaces()
    {
        Write(b =>
        {
            for (var i = 0; i < TestFamilies.All.Count; i++) b.Put(TestFamilies.All[i], [42], [(byte)i]);
        });
        for (var i = 0; i < TestFamilies.All.Count; i++) Assert.Equal([(byte)i], Read(TestFamilies.All[i], [42]));
        Write(b => b.Delete(TestFamilies.Large, [42]));
        Assert.Null(Store.Get(TestFamilies.Large, [42]));
        Assert.NotNull(Store.Get(TestFamilies.Hashes, [42]));
    }

    [Fact]
    public void NothingIsVisibleBeforeWriteAndOperationsApplyInOrder()
    {
        using var batch = Store.CreateBatch();
        batch.Put(TestFamilies.Plain, [1], [1]);
        batch.Put(TestFamilies.Plain, [2], [2]);
        batch.Delete(TestFamilies.Plain, [2]);
        batch.Put(TestFamilies.Plain, [3], [3]);
        batch.Put(TestFamilies.Plain, [3], [4]);
        Assert.Equal(5, batch.Count);
        Assert.Null(Store.Get(TestFamilies.Plain, [1]));

        Store.Write(batch);
        Assert.Equal([1], Read(TestFamilies.Plain, [1]));
        Assert.Null(Store.Get(TestFamilies.Plain, [2]));
        Assert.Equal([4], Read(TestFamilies.Plain, [3]));
    }

    [Fact]
    public void ReturnedValuesAreTheCallersCopies()
    {
        Write(b => b.Put(TestFamilies.Plain, [1], [5]));
        var value = Store.Get(TestFamilies.Plain, [1])!;
        value[0] = 99;
        Assert.Equal([5], Read(TestFamilies.Plain, [1]));
    }

    [Fact]
    public void BatchesFromAnotherStoreAreRejected()
    {
        using var other = CreateStore();
        using var foreign = other.CreateBatch();
        foreign.Put(TestFamilies.Plain, [1], [1]);
        Assert.Throws<ArgumentException>(() => Store.Write(foreign));
        Assert.Throws<ArgumentException>(() => Store.Write(new RecordingBatch()));
    }

    [Fact]
    public void AnUndeclaredFamilyIsRefusedClearly()
    {
        using var store = CreateStore([TestFamilies.Plain]);
        const string Expected = "column family 'undeclared' was not declared when the store was opened.";
        var undeclared = TestFamilies.Undeclared;
        Assert.All(
            new Action[]
            {
                () => store.Get(undeclared, [1]),
                () => store.Contains(undeclared, [1]),
                // Refused at the call, not at the first MoveNext.
                () => store.Iterate(undeclared, []),
                () => store.Iterate(undeclared, [], new ScanOptions { Reverse = true }),
            },
            call => Assert.StartsWith(Expected, Assert.Throws<ArgumentException>(call).Message));
        using var batch = store.CreateBatch();
        Assert.StartsWith(Expected, Assert.Throws<ArgumentException>(() => batch.Put(undeclared, [1], [1])).Message);
        Assert.StartsWith(Expected, Assert.Throws<ArgumentException>(() => batch.Delete(undeclared, [1])).Message);
        Assert.Equal(0, batch.Count);

        // The declared family works as usual.
        batch.Put(TestFamilies.Plain, [1], [2]);
        store.Write(batch);
        Assert.Equal([2], store.Get(TestFamilies.Plain, [1]));
    }

    [Fact]
    public void TwoFamiliesWithOneNameAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => CreateStore([TestFamilies.Plain, new ColumnFamily("plain")]));
        Assert.Contains("two different column families are named 'plain'", error.Message);
        // The same object twice is one family.
        using var store = CreateStore([TestFamilies.Plain, TestFamilies.Plain]);
        Assert.Null(store.Get(TestFamilies.Plain, [1]));
    }

    [Fact]
    public void ADisposedStoreRefusesCalls()
    {
        var store = CreateStore();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Get(TestFamilies.Plain, [1]));
        Assert.Throws<ObjectDisposedException>(() => store.CreateBatch());
        Assert.Throws<ObjectDisposedException>(() => store.Iterate(TestFamilies.Plain, []).ToList());
        Assert.Throws<ObjectDisposedException>(() => store.Iterate(TestFamilies.Plain, [], new ScanOptions { Reverse = true }).ToList());
        store.Dispose();
    }
}
