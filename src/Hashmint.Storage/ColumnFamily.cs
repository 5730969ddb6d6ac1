namespace Hashmint.Storage;

/// <summary>
/// One key space of an <see cref="IKeyValueStore"/> (one RocksDB column family), declared by the
/// subsystem that owns its keys. Identity is by reference: declare each family once, as a static
/// field, and pass that same object everywhere. The tuning hints only change performance, never
/// behaviour; the reasons behind each are in docs/STORAGE.md ("Tuning").
/// </summary>
public sealed class ColumnFamily
{
    /// <summary>RocksDB's own family, which always exists; the store leaves it unused.</summary>
    internal const string DefaultName = "default";

    /// <param name="name">The on-disk family name; part of the database format (renaming orphans the data).</param>
    public ColumnFamily(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == DefaultName) throw new ArgumentException($"'{DefaultName}' is RocksDB's own column family and cannot be declared.", nameof(name));
        Name = name;
    }

    /// <summary>The on-disk RocksDB column family name.</summary>
    public string Name { get; }

    /// <summary>
    /// Read by exact key (hash, height, txid, state key): a bloom filter lets a miss cost no disk read.
    /// Turn off for a handful of keys that live in the memtable anyway.
    /// </summary>
    public bool PointLookups { get; init; } = true;

    /// <summary>Values compress (LZ4, cheap to decompress on reads). Turn off for hashes and other random bytes, which cost CPU and save nothing.</summary>
    public bool Compressible { get; init; } = true;

    /// <summary>
    /// Every lookup is for a key known to exist (e.g. a hash read from a stored parent), so the
    /// bottom level's filter, most of the filter memory, would never say "absent": RocksDB skips it.
    /// </summary>
    public bool LookupsAlwaysHit { get; init; }

    /// <summary>Large values read whole: 16 KiB table blocks instead of 4 KiB mean fewer index entries.</summary>
    public bool LargeValues { get; init; }

    public override string ToString() => Name;
}
