using RocksDbSharp;

namespace Hashmint.Storage;

/// <summary>A native RocksDB write batch bound to the store that created it (for its family handles).</summary>
internal sealed class RocksDbWriteBatch : IWriteBatch
{
    private WriteBatch? _batch = new();

    public RocksDbWriteBatch(RocksDbKeyValueStore owner)
    {
        Owner = owner;
    }

    public RocksDbKeyValueStore Owner { get; }

    public int Count { get; private set; }

    internal WriteBatch Native => _batch ?? throw new ObjectDisposedException(nameof(RocksDbWriteBatch));

    public void Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Native.Put(key, value, Owner.HandleFor(family));
        Count++;
    }

    public void Delete(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        Native.Delete(key, Owner.HandleFor(family));
        Count++;
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _batch = null;
    }
}
