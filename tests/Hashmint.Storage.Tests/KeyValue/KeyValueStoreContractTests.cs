namespace Hashmint.Storage.Tests;

/// <summary>Behaviour every <see cref="IKeyValueStore"/> must have; run once per implementation.</summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    private readonly Lazy<IKeyValueStore> _store;

    protected KeyValueStoreContractTests()
    {
        // Lazy (thread-safe) because CreateStore is virtual and tests touch Store from several threads.
        _store = new Lazy<IKeyValueStore>(CreateStore);
    }

    protected IKeyValueStore Store => _store.Value;

    protected abstract IKeyValueStore CreateStore();

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
    protected byte[] Read(Column column, byte[] key)
    {
        var value = Store.Get(column, key);
        Assert.NotNull(value);
        return value;
    }

    [Fact]
    public void MissingKeysReadAsNull()
    {
        Assert.Null(Store.Get(Column.State, [1, 2, 3]));
        Assert.False(Store.Contains(Column.State, [1, 2, 3]));
    }

    [Fact]
    public void PutThenGetThenDelete()
    {
        Write(b => b.Put(Column.Headers, [1], [10, 11]));
        Assert.Equal([10, 11], Read(Column.Headers, [1]));
        Assert.True(Store.Contains(Column.Headers, [1]));

        Write(b => b.Put(Column.Headers, [1], [12]));
        Assert.Equal([12], Read(Column.Headers, [1]));

        Write(b => b.Delete(Column.Headers, [1]));
        Assert.Null(Store.Get(Column.Headers, [1]));
    }

    [Fact]
    public void EmptyValuesAreStoredAndDistinctFromAbsence()
    {
        Write(b => b.Put(Column.Meta, [7], []));
        Assert.Equal([], Read(Column.Meta, [7]));
        Assert.True(Store.Contains(Column.Meta, [7]));
    }

    [Fact]
    public void ColumnsAreSeparateKeySpaces()
    {
        Write(b =>
        {
            foreach (var column in Enum.GetValues<Column>()) b.Put(column, [42], [(byte)column]);
        });
        foreach (var column in Enum.GetValues<Column>()) Assert.Equal([(byte)column], Read(column, [42]));
        Write(b => b.Delete(Column.Blocks, [42]));
        Assert.Null(Store.Get(Column.Blocks, [42]));
        Assert.NotNull(Store.Get(Column.Undo, [42]));
    }

    [Fact]
    public void NothingIsVisibleBeforeWriteAndOperationsApplyInOrder()
    {
        using var batch = Store.CreateBatch();
        batch.Put(Column.State, [1], [1]);
        batch.Put(Column.State, [2], [2]);
        batch.Delete(Column.State, [2]);
        batch.Put(Column.State, [3], [3]);
        batch.Put(Column.State, [3], [4]);
        Assert.Equal(5, batch.Count);
        Assert.Null(Store.Get(Column.State, [1]));

        Store.Write(batch);
        Assert.Equal([1], Read(Column.State, [1]));
        Assert.Null(Store.Get(Column.State, [2]));
        Assert.Equal([4], Read(Column.State, [3]));
    }

    [Fact]
    public void ReturnedValuesAreTheCallersCopies()
    {
        Write(b => b.Put(Column.State, [1], [5]));
        var value = Store.Get(Column.State, [1])!;
        value[0] = 99;
        Assert.Equal([5], Read(Column.State, [1]));
    }

    [Fact]
    public void IterateReturnsThePrefixRangeInUnsignedByteOrder()
    {
        byte[][] keys = [[0x01], [0x01, 0x00], [0x01, 0x7F], [0x01, 0x80], [0x01, 0xFF], [0x01, 0xFF, 0xFF], [0x02], [0x00, 0x01], [0xFF], [0xFF, 0x00]];
        Write(b =>
        {
            foreach (var key in keys) b.Put(Column.BlockIndex, key, [.. key, 0xEE]);
            b.Put(Column.TxIndex, [0x01, 0x01], [0]);
        });

        var underOne = Store.Iterate(Column.BlockIndex, [0x01]).ToList();
        Assert.Equal([[0x01], [0x01, 0x00], [0x01, 0x7F], [0x01, 0x80], [0x01, 0xFF], [0x01, 0xFF, 0xFF]], underOne.Select(p => p.Key));
        Assert.All(underOne, pair => Assert.Equal([.. pair.Key, 0xEE], pair.Value));

        Assert.Equal([[0x01, 0xFF], [0x01, 0xFF, 0xFF]], Store.Iterate(Column.BlockIndex, [0x01, 0xFF]).Select(p => p.Key));
        Assert.Equal([[0xFF], [0xFF, 0x00]], Store.Iterate(Column.BlockIndex, [0xFF]).Select(p => p.Key));
        Assert.Empty(Store.Iterate(Column.BlockIndex, [0x03]));
        Assert.Empty(Store.Iterate(Column.BlockIndex, [0xFF, 0xFF]));
        Assert.Empty(Store.Iterate(Column.Headers, []));

        var all = Store.Iterate(Column.BlockIndex, []).Select(p => p.Key).ToList();
        Assert.Equal(keys.OrderBy(k => k, ByteArrayComparer.Instance), all);
    }

    [Fact]
    public void IterationSeesAStableViewWhileWritesContinue()
    {
        Write(b =>
        {
            for (byte i = 0; i < 20; i++) b.Put(Column.State, [0xA0, i], [1]);
        });
        using var enumerator = Store.Iterate(Column.State, [0xA0]).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Write(b =>
        {
            for (byte i = 0; i < 20; i++) b.Put(Column.State, [0xA0, i], [2]);
            b.Put(Column.State, [0xA0, 0xFF], [2]);
        });
        var seen = new List<byte> { enumerator.Current.Value[0] };
        while (enumerator.MoveNext()) seen.Add(enumerator.Current.Value[0]);
        Assert.Equal(Enumerable.Repeat((byte)1, 20), seen);
    }

    [Fact]
    public async Task ReadersNeverSeeHalfABatch()
    {
        const int KeyCount = 16;
        const int MinimumBatches = 200;
        const int MinimumChecksPerReader = 50;
        var stop = 0;
        var checksByReader = new int[2];
        var readers = Enumerable.Range(0, checksByReader.Length).Select(reader => Task.Run(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var values = Store.Iterate(Column.State, [0xB0]).Select(p => p.Value[0]).ToList();
                if (values.Count > 0)
                {
                    Assert.Equal(KeyCount, values.Count);
                    Assert.All(values, v => Assert.Equal(values[0], v));
                }
                Interlocked.Increment(ref checksByReader[reader]);
            }
        })).ToArray();

        // Writes until both readers have checked many times while writes were happening (bounded).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var round = 0;
        while (round < MinimumBatches || Enumerable.Range(0, checksByReader.Length).Any(i => Volatile.Read(ref checksByReader[i]) < MinimumChecksPerReader))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the readers made too little progress");
            var value = (byte)round++;
            Write(b =>
            {
                for (byte i = 0; i < KeyCount; i++) b.Put(Column.State, [0xB0, i], [value]);
            });
        }
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(readers);
        Assert.Equal([(byte)(round - 1)], Read(Column.State, [0xB0, 0]));
    }

    [Fact]
    public void BatchesFromAnotherStoreAreRejected()
    {
        using var other = CreateStore();
        using var foreign = other.CreateBatch();
        foreign.Put(Column.State, [1], [1]);
        Assert.Throws<ArgumentException>(() => Store.Write(foreign));
        Assert.Throws<ArgumentException>(() => Store.Write(new RecordingBatch()));
    }

    [Fact]
    public void ADisposedStoreRefusesCalls()
    {
        var store = CreateStore();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Get(Column.State, [1]));
        Assert.Throws<ObjectDisposedException>(() => store.CreateBatch());
        Assert.Throws<ObjectDisposedException>(() => store.Iterate(Column.State, []).ToList());
        store.Dispose();
    }
}
