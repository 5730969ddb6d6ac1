namespace Hashmint.Storage;

/// <summary>Changes collected for one atomic <see cref="IKeyValueStore.Write"/>; invisible until then.</summary>
public interface IWriteBatch : IDisposable
{
    void Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void Delete(ColumnFamily family, ReadOnlySpan<byte> key);

    /// <summary>How many operations (puts and deletes) the batch holds.</summary>
    int Count { get; }
}
