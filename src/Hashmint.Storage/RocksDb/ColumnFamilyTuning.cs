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

    /// <summary>Families read by exact key; they get bloom filters. Meta has a handful of keys that live in the memtable.</summary>
    public static bool IsPointLookup(Column column) => column is not Column.Meta;

    /// <summary>State tree nodes are SHA-256 outputs and hashes: compressing them costs CPU and saves nothing.</summary>
    public static bool IsCompressible(Column column) => column is not Column.StateTree;

    /// <summary>
    /// Every state tree lookup follows a hash taken from a stored parent, so it always hits; the
    /// bottom level's filter (most of the filter memory) would never say "absent".
    /// </summary>
    public static bool LookupsAlwaysHit(Column column) => column is Column.StateTree;

    /// <summary>Blocks and undo records are large values read whole; bigger table blocks mean fewer index entries.</summary>
    public static ulong TableBlockSize(Column column) => column is Column.Blocks or Column.Undo ? 16UL * 1024 : 4UL * 1024;

    public ColumnFamilyOptions For(Column column, Compression compression)
    {
        var table = new BlockBasedTableOptions()
            .SetBlockCache(_blockCache)
            .SetBlockSize(TableBlockSize(column))
            // Index and filter blocks count against the shared cache, so memory stays bounded by it;
            // level-0 ones stay pinned because every read consults them.
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true);
        // One policy per family: the native table options take ownership of the pointer and free it,
        // so sharing one would free it several times. Full (not block-based) filters: the modern format.
        if (IsPointLookup(column)) table.SetFilterPolicy(BloomFilterPolicy.Create(BloomBitsPerKey, false)).SetWholeKeyFiltering(true);

        var family = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetWriteBufferSize((ulong)_options.WriteBufferBytes)
            .SetLevelCompactionDynamicLevelBytes(true)
            .SetCompression(IsCompressible(column) ? compression : Compression.No);
        if (LookupsAlwaysHit(column)) family.SetOptimizeFiltersForHits(1);
        return family;
    }

    /// <summary>Options for a family found on disk that this version does not know; opened so RocksDB accepts the DB, never used.</summary>
    public ColumnFamilyOptions ForUnknown() => new ColumnFamilyOptions().SetWriteBufferSize((ulong)_options.WriteBufferBytes);
}
