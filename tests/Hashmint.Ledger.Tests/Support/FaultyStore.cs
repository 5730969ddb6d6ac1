using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// Passes everything to an inner store, except that the chosen write batch fails before anything of it is applied:
/// what a crash at that instant leaves behind. Disposing it leaves the inner store open, so a "restarted" node can
/// reopen the same data.
/// </summary>
internal sealed class FaultyStore(IKeyValueStore inner) : IKeyValueStore
{
    public int Writes { get; private set; }
    /// <summary>1-based number of the write that fails; 0 = never.</summary>
    public int FailAtWrite { get; set; }

    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key) => inner.Get(family, key);
    public bool Contains(ColumnFamily family, ReadOnlySpan<byte> key) => inner.Contains(family, key);
    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix) => inner.Iterate(family, prefix);
    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options) => inner.Iterate(family, prefix, options);
    public IWriteBatch CreateBatch() => inner.CreateBatch();

    public void Write(IWriteBatch batch)
    {
        if (++Writes == FailAtWrite) throw new IOException($"simulated crash at write {Writes}");
        inner.Write(batch);
    }

    public void Dispose() { }
}
