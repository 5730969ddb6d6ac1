namespace Hashmint.Storage;

/// <summary>Tuning for <see cref="RocksDbKeyValueStore"/>. The defaults suit a full node on a small machine.</summary>
public sealed record RocksDbStoreOptions
{
    public static readonly RocksDbStoreOptions Default = new();

    /// <summary>The LRU block cache shared by every column family (data, index and filter blocks).</summary>
    public long BlockCacheBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Size of one column family's memtable before it is flushed to disk.</summary>
    public long WriteBufferBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Cap on all memtables together; reaching it flushes the largest, bounding memory.</summary>
    public long TotalWriteBufferBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// fsync the write-ahead log before <see cref="IKeyValueStore.Write"/> returns. On by default:
    /// a connected block must survive a power cut. Turning it off only risks the newest writes,
    /// never consistency (RocksDB recovers to a prefix of the written batches).
    /// </summary>
    public bool SyncWrites { get; init; } = true;

    /// <summary>Table files kept open at once; bounded so the node's sockets keep file descriptors.</summary>
    public int MaxOpenFiles { get; init; } = 1024;

    /// <summary>Threads for flushes and compactions.</summary>
    public int BackgroundThreads { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (BlockCacheBytes < 1024 * 1024)
            throw new ArgumentException($"{nameof(BlockCacheBytes)} must be at least 1 MiB (got {BlockCacheBytes}).");
        if (WriteBufferBytes < 1024 * 1024)
            throw new ArgumentException($"{nameof(WriteBufferBytes)} must be at least 1 MiB (got {WriteBufferBytes}).");
        if (TotalWriteBufferBytes < WriteBufferBytes)
            throw new ArgumentException($"{nameof(TotalWriteBufferBytes)} must be at least {nameof(WriteBufferBytes)} (got {TotalWriteBufferBytes}).");
        if (MaxOpenFiles is not -1 and < 64)
            throw new ArgumentException($"{nameof(MaxOpenFiles)} must be -1 (unlimited) or at least 64 (got {MaxOpenFiles}).");
        if (BackgroundThreads < 1)
            throw new ArgumentException($"{nameof(BackgroundThreads)} must be at least 1 (got {BackgroundThreads}).");
    }
}
