namespace Hashmint.Storage.Tests;

/// <summary>Wraps a store and records every key read from <see cref="Column.StateTree"/>.</summary>
public sealed class ReadCountingStore(IKeyValueStore inner) : IKeyValueStore
{
    public List<byte[]> TreeReads { get; } = [];

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        if (column == Column.StateTree) TreeReads.Add(key.ToArray());
        return inner.Get(column, key);
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key) => inner.Contains(column, key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, ReadOnlySpan<byte> prefix) => inner.Iterate(column, prefix);

    public IWriteBatch CreateBatch() => inner.CreateBatch();

    public void Write(IWriteBatch batch) => inner.Write(batch);

    public void Dispose() => inner.Dispose();
}
