using RocksDbSharp;

namespace Hashmint.Storage;

/// <summary>
/// Builds each column family's options. The reasons for every choice are in docs/STORAGE.md
/// ("Tuning"); the short version sits beside each one here.
/// </summary>
internal sealed class ColumnFamilyTuning
{
    private const int BloomBitsPerKey = 10;

    private readonly RocksDbStoreOptions _options;
    private readonly Cache _blockCache;

    public ColumnFamilyTuning(RocksDbStoreOptions options, Cache blockCache)
    {
        _options = options;
        _blockCache = blockCache;
    }

    /// <summary>Large values read whole (<see cref="ColumnFamily.LargeValues"/>) get 16 KiB table blocks: fewer index entries; small blocks keep point reads of small values cheap.</summary>
    public static ulong TableBlockSize(ColumnFamily family) => family.LargeValues ? 16UL * 1024 : 4UL * 1024;

    public ColumnFamilyOptions For(ColumnFamily family, Compression compression)
    {
        var table = new BlockBasedTableOptions()
            .SetBlockCache(_blockCache)
            .SetBlockSize(TableBlockSize(family))
            // Index and filter blocks count against the shared cache, so memory stays bounded by it;
            // level-0 ones stay pinned because every read consults them.
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        // One policy per family: the native table options take ownership of the pointer and free it,
        // so sharing one would free it several times. Full (not block-based) filters: the modern format.
        // Families read by exact key get them, so a miss costs no disk read (ColumnFamily.PointLookups).
        if (family.PointLookups) table.SetFilterPolicy(BloomFilterPolicy.Create(BloomBitsPerKey, false)).SetWholeKeyFiltering(true);

        var options = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetWriteBufferSize((ulong)_options.WriteBufferBytes)
            .SetLevelCompactionDynamicLevelBytes(true)
            // Hashes and random bytes do not compress (ColumnFamily.Compressible).
            .SetCompression(family.Compressible ? compression : Compression.No);
        // Lookups that always hit never need the bottom level's filter (ColumnFamily.LookupsAlwaysHit).
        if (family.LookupsAlwaysHit) options.SetOptimizeFiltersForHits(1);
        return options;
    }

    /// <summary>Options for a family found on disk but not declared (e.g. added by a newer version); opened so RocksDB accepts the DB, never used.</summary>
    public ColumnFamilyOptions ForUnknown() => new ColumnFamilyOptions().SetWriteBufferSize((ulong)_options.WriteBufferBytes);
}
