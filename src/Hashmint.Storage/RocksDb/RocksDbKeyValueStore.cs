using RocksDbSharp;

namespace Hashmint.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on RocksDB: one column family per <see cref="Column"/>, a shared
/// LRU block cache, bloom filters, write-ahead log on and synced writes by default. Safe for
/// concurrent readers and writers; one process at a time per directory.
/// </summary>
public sealed class RocksDbKeyValueStore : IKeyValueStore
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle[] _handles;
    private readonly ReadOptions _readOptions = new();
    private readonly WriteOptions _writeOptions;
    private readonly OperationGate _gate = new();
    // Held so the native cache and filter policy live as long as the database that uses them.
    private readonly ColumnFamilyTuning _tuning;
    private int _disposed;

    private RocksDbKeyValueStore(RocksDb db, string directory, Compression compression, ColumnFamilyTuning tuning, bool syncWrites)
    {
        _db = db;
        _tuning = tuning;
        Directory = directory;
        CompressionName = compression == Compression.Lz4 ? "LZ4" : "none";
        _writeOptions = new WriteOptions().SetSync(syncWrites);
        var columns = Enum.GetValues<Column>();
        _handles = new ColumnFamilyHandle[columns.Length];
        foreach (var column in columns) _handles[(int)column] = db.GetColumnFamily(ColumnFamilyNames.Of(column));
    }

    /// <summary>The absolute path of the database directory.</summary>
    public string Directory { get; }

    /// <summary>"LZ4" when the native library supports it, else "none" (the fallback).</summary>
    public string CompressionName { get; }

    public static RocksDbKeyValueStore Open(string directory) => Open(directory, RocksDbStoreOptions.Default);

    /// <summary>
    /// Opens or creates the database, creating any missing column family. Throws
    /// <see cref="DataDirectoryInUseException"/> when another process (or this one) has it open,
    /// and <see cref="StorageException"/> for any other failure.
    /// </summary>
    public static RocksDbKeyValueStore Open(string directory, RocksDbStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var fullPath = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(fullPath);
        try
        {
            var tuning = new ColumnFamilyTuning(options, Cache.CreateLru((ulong)options.BlockCacheBytes));
            try
            {
                return OpenWith(fullPath, options, tuning, Compression.Lz4);
            }
            catch (RocksDbException e) when (e.Message.Contains("not linked with the binary", StringComparison.Ordinal))
            {
                return OpenWith(fullPath, options, tuning, Compression.No);
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

    public byte[]? Get(Column column, ReadOnlySpan<byte> key)
    {
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            return _db.Get(key, Handle(column), _readOptions);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public bool Contains(Column column, ReadOnlySpan<byte> key)
    {
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            return _db.HasKey(key, Handle(column), _readOptions);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(Column column, ReadOnlySpan<byte> prefix)
    {
        var handle = Handle(column);
        return IterateFrom(handle, prefix.ToArray());
    }

    public IWriteBatch CreateBatch()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new RocksDbWriteBatch(this, _handles);
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

    private static RocksDbKeyValueStore OpenWith(string directory, RocksDbStoreOptions options, ColumnFamilyTuning tuning, Compression compression)
    {
        var families = new ColumnFamilies(tuning.ForUnknown());
        var known = new HashSet<string>(StringComparer.Ordinal) { ColumnFamilies.DefaultName };
        foreach (var column in Enum.GetValues<Column>())
        {
            var name = ColumnFamilyNames.Of(column);
            families.Add(name, tuning.For(column, compression));
            known.Add(name);
        }
        // RocksDB refuses to open a database without every family on disk; a newer version may have added some.
        if (RocksDb.TryListColumnFamilies(new DbOptions(), directory, out var existing))
        {
            foreach (var name in existing.Where(n => !known.Contains(n))) families.Add(name, tuning.ForUnknown());
        }
        var db = RocksDb.Open(DatabaseOptions(options), directory, families);
        return new RocksDbKeyValueStore(db, directory, compression, tuning, options.SyncWrites);
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

    private IEnumerable<KeyValuePair<byte[], byte[]>> IterateFrom(ColumnFamilyHandle handle, byte[] prefix)
    {
        _gate.Enter(nameof(RocksDbKeyValueStore));
        try
        {
            // A RocksDB iterator reads one implicit snapshot, taken here: batches are seen whole or not at all.
            using var iterator = _db.NewIterator(handle, _readOptions);
            for (iterator.Seek(prefix); iterator.Valid(); iterator.Next())
            {
                if (!iterator.GetKeySpan().StartsWith(prefix)) yield break;
                yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    private ColumnFamilyHandle Handle(Column column)
    {
        var index = (int)column;
        if ((uint)index >= (uint)_handles.Length) throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column.");
        return _handles[index];
    }
}
