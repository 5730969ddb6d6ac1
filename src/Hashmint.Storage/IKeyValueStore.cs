namespace Hashmint.Storage;

/// <summary>
/// An ordered key-value store split into <see cref="Column"/>s. Every change goes through an
/// <see cref="IWriteBatch"/>, which is applied all or nothing. Reads may run concurrently with writes.
/// </summary>
public interface IKeyValueStore : IDisposable
{
    /// <summary>The stored value (a copy the caller owns), or null when the key is absent.</summary>
    byte[]? Get(Column column, ReadOnlySpan<byte> key);

    bool Contains(Column column, ReadOnlySpan<byte> key);

    /// <summary>
    /// Every pair whose key starts with <paramref name="prefix"/> (empty = the whole column),
    /// ordered by key as unsigned bytes. The pairs come from one consistent view of the store:
    /// a batch written during the enumeration is seen either whole or not at all.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, ReadOnlySpan<byte> prefix);

    IWriteBatch CreateBatch();

    /// <summary>
    /// Applies the batch atomically, operations in the order they were added. Durable before it
    /// returns where the store is durable (RocksDB with sync writes, the default).
    /// </summary>
    void Write(IWriteBatch batch);
}
