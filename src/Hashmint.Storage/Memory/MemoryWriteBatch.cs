namespace Hashmint.Storage;

/// <summary>A batch for <see cref="MemoryKeyValueStore"/>: a list of operations applied in order.</summary>
internal sealed class MemoryWriteBatch : IWriteBatch
{
    private readonly List<Operation> _operations = [];
    private bool _disposed;

    public MemoryWriteBatch(MemoryKeyValueStore owner)
    {
        Owner = owner;
    }

    public MemoryKeyValueStore Owner { get; }

    public int Count => _operations.Count;

    internal IReadOnlyList<Operation> Operations
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _operations;
        }
    }

    public void Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Owner.RequireFamily(family);
        _operations.Add(new Operation(family, key.ToArray(), value.ToArray()));
    }

    public void Delete(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Owner.RequireFamily(family);
        _operations.Add(new Operation(family, key.ToArray(), null));
    }

    public void Dispose()
    {
        _disposed = true;
        _operations.Clear();
    }

    /// <summary>One put (Value set) or delete (Value null).</summary>
    internal readonly record struct Operation(ColumnFamily Family, byte[] Key, byte[]? Value);
}
