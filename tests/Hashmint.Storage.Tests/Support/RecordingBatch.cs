namespace Hashmint.Storage.Tests;

/// <summary>A batch that only records puts, to count what an update writes (it is never written).</summary>
public sealed class RecordingBatch : IWriteBatch
{
    public List<(Column Column, byte[] Key, byte[] Value)> Puts { get; } = [];

    public int Count => Puts.Count;

    public void Put(Column c, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Puts.Add((c, key.ToArray(), value.ToArray()));

    public void Delete(Column c, ReadOnlySpan<byte> key) => throw new InvalidOperationException("The state tree never deletes nodes.");

    public void Dispose() { }
}
