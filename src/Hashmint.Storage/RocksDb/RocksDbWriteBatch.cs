using RocksDbSharp;

namespace Hashmint.Storage;

/// <summary>A native RocksDB write batch bound to the store that created it (for its column handles).</summary>
internal sealed class RocksDbWriteBatch : IWriteBatch
{
    private readonly ColumnFamilyHandle[] _handles;
    private WriteBatch? _batch = new();

    public RocksDbWriteBatch(RocksDbKeyValueStore owner, ColumnFamilyHandle[] handles)
    {
        Owner = owner;
        _handles = handles;
    }

    public RocksDbKeyValueStore Owner { get; }

    public int Count { get; private set; }

    internal WriteBatch Native => _batch ?? throw new ObjectDisposedException(nameof(RocksDbWriteBatch));

    public void Put(Column c, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Native.Put(key, value, Handle(c));
        Count++;
    }

    public void Delete(Column c, ReadOnlySpan<byte> key)
    {
        Native.Delete(key, Handle(c));
        Count++;
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _batch = null;
    }

    private ColumnFamilyHandle Handle(Column column)
    {
        var index = (int)column;
        if ((uint)index >= (uint)_handles.Length) throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column.");
        return _handles[index];
    }
}
