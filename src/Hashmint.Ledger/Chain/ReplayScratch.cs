using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// The store a replay from genesis builds its chain in. Beside a RocksDB ledger it is a scratch RocksDB in
/// <c>&lt;database&gt;.replay-&lt;id&gt;</c> (a sibling of the database directory, so the same disk), which keeps memory
/// bounded however large the chain; the directory is deleted on dispose, and one a crash left behind is deleted the
/// next time the ledger opens (<see cref="RemoveStale"/>). Any other ledger store (tests) replays in memory.
/// </summary>
internal sealed class ReplayScratch : IDisposable
{
    public const string DirectoryInfix = ".replay-";

    /// <summary>Scratch data is thrown away, so writes need not be synced; small caches keep the replay's memory small.</summary>
    private static readonly RocksDbStoreOptions ScratchOptions = new()
    {
        SyncWrites = false,
        BlockCacheBytes = 32L << 20,
        WriteBufferBytes = 16L << 20,
        TotalWriteBufferBytes = 64L << 20,
        MaxOpenFiles = 256,
        BackgroundThreads = 2,
    };

    private ReplayScratch(IKeyValueStore store, string? directory)
    {
        Store = store;
        Directory = directory;
    }

    public IKeyValueStore Store { get; }

    /// <summary>The scratch database's directory (null: in memory).</summary>
    public string? Directory { get; }

    /// <summary>A fresh scratch store for a replay of the chain kept in <paramref name="ledgerStore"/>.</summary>
    public static ReplayScratch For(IKeyValueStore ledgerStore)
    {
        if (ledgerStore is not RocksDbKeyValueStore rocks) return new ReplayScratch(new MemoryKeyValueStore(), null);
        // A unique name per replay: two replays of one ledger (the snapshot's and verify-state) may run at once.
        var dir = rocks.Directory.TrimEnd(Path.DirectorySeparatorChar) + DirectoryInfix + Guid.NewGuid().ToString("N")[..IdLength];
        try { return new ReplayScratch(RocksDbKeyValueStore.Open(dir, ScratchOptions, LedgerColumns.All), dir); }
        catch
        {
            Delete(dir);
            throw;
        }
    }

    /// <summary>
    /// Deletes the scratch directories of replays that did not finish (the process died). Only called when the ledger's
    /// database was just opened: its lock file means no other process can be using this database's scratch.
    /// </summary>
    public static void RemoveStale(IKeyValueStore ledgerStore)
    {
        if (ledgerStore is not RocksDbKeyValueStore rocks) return;
        var database = rocks.Directory.TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(database);
        if (parent is null || !System.IO.Directory.Exists(parent)) return;
        var prefix = Path.GetFileName(database) + DirectoryInfix;
        foreach (var dir in System.IO.Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            // Only names this class makes (12 lowercase hex digits after the infix), never a link to elsewhere.
            var id = Path.GetFileName(dir)[prefix.Length..];
            if (id.Length != IdLength || !id.All(char.IsAsciiHexDigitLower)) continue;
            if (new DirectoryInfo(dir).LinkTarget is not null) continue;
            // Best effort: a scratch we cannot delete (another user's, say) must not keep the ledger from opening.
            try { Delete(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private const int IdLength = 12;

    public void Dispose()
    {
        Store.Dispose();
        if (Directory is not null) Delete(Directory);
    }

    private static void Delete(string dir)
    {
        if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
    }
}
