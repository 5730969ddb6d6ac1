namespace Hashmint.Storage;

/// <summary>
/// Loads state tree nodes by hash: first from a batch's not yet written nodes (if any), then the
/// cache of written nodes, then the store.
/// </summary>
internal sealed class SmtNodeReader
{
    private readonly IKeyValueStore _store;
    private readonly SmtNodeCache? _cache;
    private readonly Dictionary<byte[], byte[]>? _pending;

    public SmtNodeReader(IKeyValueStore store, SmtNodeCache? cache, Dictionary<byte[], byte[]>? pending)
    {
        _store = store;
        _cache = cache;
        _pending = pending;
    }

    public StoredNode Load(byte[] hash)
    {
        if (_pending is not null && _pending.TryGetValue(hash, out var pendingBytes)) return StoredNode.Decode(hash, pendingBytes);
        if (_cache is not null && _cache.TryGet(hash, out var cachedBytes)) return StoredNode.Decode(hash, cachedBytes);
        var bytes = _store.Get(SparseMerkleTree.NodeFamily, hash) ?? throw new MissingTreeNodeException(hash);
        // Only nodes read back from the store are cached, so a root whose batch was never written stays unreadable.
        _cache?.Add(hash, bytes);
        return StoredNode.Decode(hash, bytes);
    }
}
