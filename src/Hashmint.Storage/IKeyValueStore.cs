namespace Hashmint.Storage;

/// <summary>
/// An ordered key-value store split into <see cref="ColumnFamily"/>s. Every change goes through an
/// <see cref="IWriteBatch"/>, which is applied all or nothing. Reads may run concurrently with writes.
/// A family the store was not opened with raises <see cref="ArgumentException"/>.
/// </summary>
public interface IKeyValueStore : IDisposable
{
    /// <summary>The stored value (a copy the caller owns), or null when the key is absent.</summary>
    byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key);

    bool Contains(ColumnFamily family, ReadOnlySpan<byte> key);

    /// <summary>
    /// Every pair whose key starts with <paramref name="prefix"/> (empty = the whole family),
    /// ordered by key as unsigned bytes. The pairs come from one consistent view of the store:
    /// a batch written during the enumeration is seen either whole or not at all. Dispose the enumerator.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix);

    /// <summary>
    /// As <see cref="Iterate(ColumnFamily, ReadOnlySpan{byte})"/>, in the direction and from the seek key
    /// of <paramref name="options"/>: forward yields keys ≥ From (&gt; when exclusive) ascending, reverse
    /// keys ≤ From (&lt; when exclusive) descending, always only keys starting with the prefix.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options);

    IWriteBatch CreateBatch();

    /// <summary>
    /// Applies the batch atomically, operations in the order they were added. Durable before it
    /// returns where the store is durable (RocksDB with sync writes, the default).
    /// </summary>
    void Write(IWriteBatch batch);
}
