namespace Hashmint.Storage;

/// <summary>
/// A bounded in-memory cache of stored tree nodes, by hash. Nodes are content-addressed and never
/// change, so an entry can never be stale. Two generations give least-recently-used behaviour at
/// O(1): when the young one fills, the old one is dropped and the young one becomes old; a hit in
/// the old generation moves the entry back to the young one.
/// </summary>
internal sealed class SmtNodeCache
{
    private readonly int _generationCapacity;
    private readonly Lock _lock = new();
    private Dictionary<byte[], byte[]> _young;
    private Dictionary<byte[], byte[]> _old;

    public SmtNodeCache(int capacity)
    {
        _generationCapacity = Math.Max(1, capacity / 2);
        _young = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        _old = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
    }

    public bool TryGet(byte[] hash, out byte[] node)
    {
        lock (_lock)
        {
            if (_young.TryGetValue(hash, out node!)) return true;
            if (!_old.Remove(hash, out node!)) return false;
            AddLocked(hash, node);
            return true;
        }
    }

    public void Add(byte[] hash, byte[] node)
    {
        lock (_lock) AddLocked(hash, node);
    }

    private void AddLocked(byte[] hash, byte[] node)
    {
        if (_young.Count >= _generationCapacity)
        {
            _old = _young;
            _young = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        }
        _young[hash] = node;
    }
}
