namespace Hashmint.Storage.Tests;

/// <summary>Wraps a store and records every key read from <see cref="SparseMerkleTree.NodeFamily"/>.</summary>
public sealed class ReadCountingStore(IKeyValueStore inner) : IKeyValueStore
{
    public List<byte[]> TreeReads { get; } = [];

    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        if (family == SparseMerkleTree.NodeFamily) TreeReads.Add(key.ToArray());
        return inner.Get(family, key);
    }

    public bool Contains(ColumnFamily family, ReadOnlySpan<byte> key) => inner.Contains(family, key);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix) => inner.Iterate(family, prefix);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options) =>
        inner.Iterate(family, prefix, options);

    public IWriteBatch CreateBatch() => inner.CreateBatch();

    public void Write(IWriteBatch batch) => inner.Write(batch);

    public void Dispose() => inner.Dispose();
}
