namespace Hashmint.Storage;

/// <summary>
/// An in-memory <see cref="IKeyValueStore"/> for tests. Thread-safe: one lock guards every family,
/// so a batch is applied atomically and readers never see half of one. <c>new MemoryKeyValueStore()</c>
/// accepts any family, adding it on first use; the other constructor accepts only the declared ones,
/// as <see cref="RocksDbKeyValueStore"/> does.
/// </summary>
public sealed class MemoryKeyValueStore : IKeyValueStore
{
    private static readonly KeyOnlyComparer EntryComparer = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<ColumnFamily, SortedSet<KeyValuePair<byte[], byte[]>>> _families = new(ReferenceEqualityComparer.Instance);
    // Two family objects with one name would be one key space on disk; refused here as well.
    private readonly Dictionary<string, ColumnFamily> _byName = new(StringComparer.Ordinal);
    private readonly bool _declaredOnly;
    private bool _disposed;

    /// <summary>A store that accepts any family (two different ones with one name excepted).</summary>
    public MemoryKeyValueStore() { }

    /// <summary>A store that accepts only <paramref name="families"/> (<see cref="ArgumentException"/> for any other).</summary>
    public MemoryKeyValueStore(IEnumerable<ColumnFamily> families)
    {
        foreach (var family in DeclaredFamilies.Validate(families)) Add(family);
        _declaredOnly = true;
    }

    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        var probe = Probe(key);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Family(family).TryGetValue(probe, out var found) ? (byte[])found.Value.Clone() : null;
        }
    }

    public bool Contains(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        var probe = Probe(key);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Family(family).Contains(probe);
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix) =>
        Iterate(family, prefix, default);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options)
    {
        SortedSet<KeyValuePair<byte[], byte[]>> set;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            set = Family(family);
        }
        return Scan(set, new ScanRange(prefix, options));
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
                var set = Family(operation.Family);
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
            foreach (var set in _families.Values) set.Clear();
        }
    }

    /// <summary>Throws as a read would for a family this store refuses; batches call it on every operation.</summary>
    internal void RequireFamily(ColumnFamily family)
    {
        lock (_lock) Family(family);
    }

    /// <summary>
    /// Lazy like a RocksDB iterator: the snapshot is taken (copied out under the lock) when the
    /// enumeration starts, and the caller then enumerates it while writers carry on.
    /// </summary>
    private IEnumerable<KeyValuePair<byte[], byte[]>> Scan(SortedSet<KeyValuePair<byte[], byte[]>> set, ScanRange range)
    {
        List<KeyValuePair<byte[], byte[]>> matches;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            matches = Collect(set, range);
        }
        foreach (var pair in matches) yield return pair;
    }

    private static List<KeyValuePair<byte[], byte[]>> Collect(SortedSet<KeyValuePair<byte[], byte[]>> set, ScanRange range)
    {
        var matches = new List<KeyValuePair<byte[], byte[]>>();
        if (set.Count == 0) return matches;
        // The candidate view, both ends included (GetViewBetween refuses lower > upper, hence the clamps);
        // keys just outside the prefix at its ends are dropped below.
        var max = set.Max;
        byte[] lower;
        KeyValuePair<byte[], byte[]> upper;
        if (!range.Reverse)
        {
            lower = range.SeekKey!;
            upper = max;
        }
        else
        {
            lower = range.Prefix;
            var top = range.SeekKey ?? range.Upper;
            upper = top is null || EntryComparer.Compare(Probe(top), max) > 0 ? max : Probe(top);
        }
        if (EntryComparer.Compare(Probe(lower), upper) > 0) return matches;
        var view = set.GetViewBetween(Probe(lower), upper);
        foreach (var entry in range.Reverse ? view.Reverse() : view)
        {
            if (!range.InPrefix(entry.Key))
            {
                if (range.Reverse) continue;  // only the range's end key itself, met first
                break;
            }
            if (range.IsExcluded(entry.Key)) continue;
            matches.Add(new KeyValuePair<byte[], byte[]>((byte[])entry.Key.Clone(), (byte[])entry.Value.Clone()));
        }
        return matches;
    }

    /// <summary>The family's set; call under the lock.</summary>
    private SortedSet<KeyValuePair<byte[], byte[]>> Family(ColumnFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (_families.TryGetValue(family, out var set)) return set;
        if (_declaredOnly) throw DeclaredFamilies.NotDeclared(family);
        return Add(family);
    }

    private SortedSet<KeyValuePair<byte[], byte[]>> Add(ColumnFamily family)
    {
        if (!_byName.TryAdd(family.Name, family))
            throw new ArgumentException($"two different column families are named '{family.Name}'.", nameof(family));
        var set = new SortedSet<KeyValuePair<byte[], byte[]>>(EntryComparer);
        _families.Add(family, set);
        return set;
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
