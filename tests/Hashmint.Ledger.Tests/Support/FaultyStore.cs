using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// Passes everything to an inner store, except that the chosen write batch fails before anything of it is applied:
/// what a crash at that instant leaves behind. Disposing it leaves the inner store open, so a "restarted" node can
/// reopen the same data.
/// </summary>
public sealed class FaultyStore(IKeyValueStore inner) : IKeyValueStore
{
    public int Writes { get; private set; }
    /// <summary>1-based number of the write that fails; 0 = never.</summary>
    public int FailAtWrite { get; set; }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key) => inner.Get(column, key);
    public bool Contains(Column column, ReadOnlySpan<byte> key) => inner.Contains(column, key);
    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, ReadOnlySpan<byte> prefix) => inner.Iterate(column, prefix);
    public IWriteBatch CreateBatch() => inner.CreateBatch();

    public void Write(IWriteBatch batch)
    {
        if (++Writes == FailAtWrite) throw new IOException($"simulated crash at write {Writes}");
        inner.Write(batch);
    }

    public void Dispose() { }
}
