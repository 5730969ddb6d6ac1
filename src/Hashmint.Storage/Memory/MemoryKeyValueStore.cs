namespace Hashmint.Storage;

/// <summary>
/// An in-memory <see cref="IKeyValueStore"/> for tests. Thread-safe: one lock guards every column,
/// so a batch is applied atomically and readers never see half of one.
/// </summary>
public sealed class MemoryKeyValueStore : IKeyValueStore
{
    private static readonly KeyOnlyComparer EntryComparer = new();

    private readonly Lock _lock = new();
    private readonly SortedSet<KeyValuePair<byte[], byte[]>>[] _columns;
    private bool _disposed;

    public MemoryKeyValueStore()
    {
        _columns = new SortedSet<KeyValuePair<byte[], byte[]>>[Enum.GetValues<Column>().Length];
        for (var i = 0; i < _columns.Length; i++) _columns[i] = new SortedSet<KeyValuePair<byte[], byte[]>>(EntryComparer);
    }

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        var probe = Probe(key);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ColumnSet(column).TryGetValue(probe, out var found) ? (byte[])found.Value.Clone() : null;
        }
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key)
    {
        var probe = Probe(key);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ColumnSet(column).Contains(probe);
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, ReadOnlySpan<byte> prefix)
    {
        var lower = Probe(prefix);
        var upper = KeyPrefix.UpperBound(prefix);
        var matches = new List<KeyValuePair<byte[], byte[]>>();
        // Copied out under the lock: the caller enumerates a snapshot while writers carry on.
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var set = ColumnSet(column);
            if (set.Count == 0 || EntryComparer.Compare(lower, set.Max) > 0) return matches;
            // GetViewBetween includes both ends; the upper bound itself is excluded below.
            var view = set.GetViewBetween(lower, upper is null ? set.Max : Probe(upper));
            foreach (var entry in view)
            {
                if (upper is not null && ByteArrayComparer.Instance.Compare(entry.Key, upper) >= 0) break;
                matches.Add(new KeyValuePair<byte[], byte[]>((byte[])entry.Key.Clone(), (byte[])entry.Value.Clone()));
            }
        }
        return matches;
    }

    public IWriteBatch CreateBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new MemoryWriteBatch(this);
    }

    public void Write(IWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not MemoryWriteBatch ours || !ReferenceEquals(ours.Owner, this))
            throw new ArgumentException("The batch was not created by this store.", nameof(batch));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var operation in ours.Operations)
            {
                // The batch's arrays are its own copies and never change, so the store can keep them.
                var set = ColumnSet(operation.Column);
                set.Remove(Probe(operation.Key));
                if (operation.Value is not null) set.Add(new KeyValuePair<byte[], byte[]>(operation.Key, operation.Value));
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var set in _columns) set.Clear();
        }
    }

    private SortedSet<KeyValuePair<byte[], byte[]>> ColumnSet(Column column)
    {
        var index = (int)column;
        if ((uint)index >= (uint)_columns.Length) throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column.");
        return _columns[index];
    }

    private static KeyValuePair<byte[], byte[]> Probe(ReadOnlySpan<byte> key) => new(key.ToArray(), []);

    private static KeyValuePair<byte[], byte[]> Probe(byte[] key) => new(key, []);

    /// <summary>Orders entries by key alone, so a set of pairs works as an ordered map.</summary>
    private sealed class KeyOnlyComparer : IComparer<KeyValuePair<byte[], byte[]>>
    {
        public int Compare(KeyValuePair<byte[], byte[]> x, KeyValuePair<byte[], byte[]> y) =>
            ByteArrayComparer.Instance.Compare(x.Key, y.Key);
    }
}
