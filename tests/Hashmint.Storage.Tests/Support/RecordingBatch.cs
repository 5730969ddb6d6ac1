namespace Hashmint.Storage.Tests;

/// <summary>A batch that only records puts, to count what an update writes (it is never written).</summary>
public sealed class RecordingBatch : IWriteBatch
{
    public List<(ColumnFamily Family, byte[] Key, byte[] Value)> Puts { get; } = [];

    public int Count => Puts.Count;

    public void Put(ColumnFamily family, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Puts.Add((family, key.ToArray(), value.ToArray()));

    public void Delete(ColumnFamily family, ReadOnlySpan<byte> key) => throw new InvalidOperationException("The state tree never deletes nodes.");

    public void Dispose() { }
}
