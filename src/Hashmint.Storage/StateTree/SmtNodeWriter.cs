namespace Hashmint.Storage;

/// <summary>
/// Puts new state tree nodes into a batch, each at most once per batch, and remembers them so
/// later updates on the same batch can read them before the batch is written.
/// </summary>
internal sealed class SmtNodeWriter
{
    private readonly IWriteBatch _batch;
    private readonly Dictionary<byte[], byte[]> _pending;

    public SmtNodeWriter(IWriteBatch batch, Dictionary<byte[], byte[]> pending)
    {
        _batch = batch;
        _pending = pending;
    }

    /// <summary>Stores the encoded node under its hash and returns the hash.</summary>
    public byte[] Write(byte[] encodedNode)
    {
        var hash = SmtHashing.Hash(encodedNode);
        if (_pending.TryAdd(hash, encodedNode)) _batch.Put(SparseMerkleTree.NodeFamily, hash, encodedNode);
        return hash;
    }
}
