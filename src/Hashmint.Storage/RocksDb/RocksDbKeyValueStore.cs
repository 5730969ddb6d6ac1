using RocksDbSharp;

namespace Hashmint.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on RocksDB: one column family per declared <see cref="ColumnFamily"/>, a shared
/// LRU block cache, bloom filters, write-ahead log on and synced writes by default. Safe for
/// concurrent readers and writers; one process at a time per directory.
/// </summary>
public sealed class RocksDbKeyValueStore : IKeyValueStore
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly RocksDb _db;
    // Keyed by reference (ColumnFamily has no value equality): one hash lookup per call.
    private readonly Dictionary<ColumnFamily, ColumnFamilyHandle> _handles;
    private readonly ReadOptions _readOptions = new();
    private readonly WriteOptions _writeOptions;
    private readonly OperationGate _gate = new();
    // Held so the native cache and filter policy live as long as the database that uses them.
    private readonly ColumnFamilyTuning _tuning;
    private int _disposed;

    private RocksDbKeyValueStore(RocksDb db, string directory, Compression compression, ColumnFamilyTuning tuning, bool syncWrites, List<ColumnFamily> families)
    {
        _db = db;
        _tuning = tuning;
        Directory = directory;
        CompressionName = compression == Compression.Lz4 ? "LZ4" : "none";
        _writeOptions = new WriteOptions().SetSync(syncWrites);
        _handles = new Dictionary<ColumnFamily, ColumnFamilyHandle>(families.Count, ReferenceEqualityComparer.Instance);
        foreach (var family in families) _handles.Add(family, db.GetColumnFamily(family.Name));
    }

    /// <summary>The absolute path of the database directory.</summary>
    public string Directory { get; }

    /// <summary>"LZ4" when the native library supports it, else "none" (the fallback).</summary>
    public string CompressionName { get; }

    /// <summary>Opens or creates the database with <see cref="RocksDbStoreOptions.Default"/>.</summary>
    public static RocksDbKeyValueStore Open(string directory, IEnumerable<ColumnFamily> families) =>
        Open(directory, RocksDbStoreOptions.Default, families);

    /// <summary>
    /// Opens or creates the database with exactly the declared <paramref name="families"/>, creating
    /// any missing one (families found on disk but not declared are opened and never used). Throws
    /// <see cref="ArgumentException"/> for bad options or families (two with one name),
    /// <see cref="DataDirectoryInUseException"/> when another process (or this one) has it open,
    /// and <see cref="StorageException"/> for any other failure.
    /// </summary>
    public static RocksDbKeyValueStore Open(string directory, RocksDbStoreOptions options, IEnumerable<ColumnFamily> families)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var declared = DeclaredFamilies.Validate(families);
        var fullPath = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(fullPath);
        try
        {
            var tuning = new ColumnFamilyTuning(options, Cache.CreateLru((ulong)options.BlockCacheBytes));
            try
            {
                return OpenWith(fullPath, options, declared, tuning, Compression.Lz4);
            }
            catch (RocksDbException e) when (e.Message.Contains("not linked with the binary", StringComparison.Ordinal))
            {
                return OpenWith(fullPath, options, declared, tuning, Compression.No);
            }
        }
        catch (RocksDbException e) when (e.Message.Contains("lock hold by current process", StringComparison.Ordinal))
        {
            throw new DataDirectoryInUseException(fullPath, "data directory is already open in this process", e);
        }
        catch (RocksDbException e) when (e.Message.Contains("LOCK:", StringComparison.Ordinal))
        {
            throw new DataDirectoryInUseException(fullPath, "data directory is in use by another process", e);
        }
        catch (RocksDbException e)
        {
            throw new StorageException($"cannot open the database at {fullPath}: {e.Message}", e);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NativeImport.NativeLoadException)
        {
            throw new StorageException($"the RocksDB native library failed to load: {e.Message}", e);
        }
    }

    public byte[]? Get(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        var handle = Handle(family);
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            return _db.Get(key, handle, _readOptions);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public bool Contains(ColumnFamily family, ReadOnlySpan<byte> key)
    {
        var handle = Handle(family);
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            return _db.HasKey(key, handle, _readOptions);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix) =>
        Iterate(family, prefix, default);

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ColumnFamily family, ReadOnlySpan<byte> prefix, ScanOptions options)
    {
        var handle = Handle(family);
        return Scan(handle, new ScanRange(prefix, options));
    }

    public IWriteBatch CreateBatch()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new RocksDbWriteBatch(this);
    }

    public void Write(IWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is not RocksDbWriteBatch ours || !ReferenceEquals(ours.Owner, this))
            throw new ArgumentException("The batch was not created by this store.", nameof(batch));
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            _db.Write(ours.Native, _writeOptions);
        }
        catch (RocksDbException e)
        {
            throw new StorageException($"writing a batch of {ours.Count} operations failed: {e.Message}", e);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Waits for reads and writes in flight, then closes the database. Throws
    /// <see cref="InvalidOperationException"/> (leaving the database open rather than crashing)
    /// when some call outlasts 10 s, e.g. an <see cref="Iterate"/> enumerator that was never disposed.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!_gate.CloseAndDrain(DrainTimeout))
            throw new InvalidOperationException("The store is still in use after 10 s (an Iterate enumerator left undisposed?); it was not closed.");
        _db.Dispose();
        GC.KeepAlive(_tuning);
    }

    private static RocksDbKeyValueStore OpenWith(string directory, RocksDbStoreOptions options, List<ColumnFamily> declared, ColumnFamilyTuning tuning, Compression compression)
    {
        var families = new ColumnFamilies(tuning.ForUnknown());
        var known = new HashSet<string>(StringComparer.Ordinal) { ColumnFamilies.DefaultName };
        foreach (var family in declared)
        {
            families.Add(family.Name, tuning.For(family, compression));
            known.Add(family.Name);
        }
        // RocksDB refuses to open a database without every family on disk; a newer version (or another
        // subsystem's declaration this caller did not pass) may have added some.
        if (RocksDb.TryListColumnFamilies(new DbOptions(), directory, out var existing))
        {
            foreach (var name in existing.Where(n => !known.Contains(n))) families.Add(name, tuning.ForUnknown());
        }
        var db = RocksDb.Open(DatabaseOptions(options), directory, families);
        return new RocksDbKeyValueStore(db, directory, compression, tuning, options.SyncWrites, declared);
    }

    private static DbOptions DatabaseOptions(RocksDbStoreOptions options) => new DbOptions()
        .SetCreateIfMissing(true)
        .SetCreateMissingColumnFamilies(true)
        .IncreaseParallelism(options.BackgroundThreads)
        .SetMaxOpenFiles(options.MaxOpenFiles)
        .SetDbWriteBufferSize((ulong)options.TotalWriteBufferBytes)
        // A rarely written family (Meta) would otherwise pin old log files forever; past this size
        // RocksDB flushes the families holding the oldest log.
        .SetMaxTotalWalSize((ulong)options.TotalWriteBufferBytes * 2)
        // After a crash, recover every batch up to the first damaged log record: a consistent prefix.
        .SetWalRecoveryMode(Recovery.PointInTime)
        // Smooth background writes instead of one large fsync per file.
        .SetBytesPerSync(1024 * 1024)
        .SetKeepLogFileNum(5)
        .SetMaxLogFileSize(16 * 1024 * 1024);

    private IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ColumnFamilyHandle handle, ScanRange range)
    {
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            // A RocksDB iterator reads one implicit snapshot, taken here: batches are seen whole or not at all.
            using var iterator = _db.NewIterator(handle, _readOptions);
            Position(iterator, range);
            var first = true;
            while (iterator.Valid())
            {
                var key = iterator.GetKeySpan();
                // The range is one contiguous run of keys, so the first key outside it ends the scan.
                if (!range.InPrefix(key)) yield break;
                // Only the first key can equal From: everything after it is strictly beyond.
                if (!(first && range.IsExcluded(key)))
                    yield return new KeyValuePair<byte[], byte[]>(key.ToArray(), iterator.Value());
                first = false;
                if (range.Reverse) iterator.Prev(); else iterator.Next();
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Puts the iterator on the scan's first candidate key (exclusion and prefix checks come after).</summary>
    private static void Position(Iterator iterator, ScanRange range)
    {
        var seek = range.SeekKey;
        if (!range.Reverse)
        {
            iterator.Seek(seek!);
        }
        else if (seek is not null)
        {
            iterator.SeekForPrev(seek);  // the largest key <= From
        }
        else if (range.Upper is not null)
        {
            // The last key below the range's end: step back from the first key at or past it.
            iterator.Seek(range.Upper);
            if (iterator.Valid()) iterator.Prev(); else iterator.SeekToLast();
        }
        else
        {
            iterator.SeekToLast();  // empty or all-0xFF prefix: the range runs to the family's end
        }
    }

    private ColumnFamilyHandle Handle(ColumnFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return _handles.TryGetValue(family, out var handle) ? handle : throw DeclaredFamilies.NotDeclared(family);
    }

    /// <summary>The handle for a batch operation; same check as reads.</summary>
    internal ColumnFamilyHandle HandleFor(ColumnFamily family) => Handle(family);
}
