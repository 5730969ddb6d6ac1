namespace Hashmint.Storage;

/// <summary>
/// How <see cref="IKeyValueStore.Iterate(ColumnFamily, ReadOnlySpan{byte}, ScanOptions)"/> walks a prefix
/// range. The default is forward from the start of the range. Exact rules: docs/STORAGE.md ("Scans").
/// </summary>
public readonly record struct ScanOptions
{
    /// <summary>Descending key order instead of ascending.</summary>
    public bool Reverse { get; init; }

    /// <summary>
    /// Where to start: forward yields keys ≥ From, reverse keys ≤ From (only those in the prefix range;
    /// a From outside it clamps). Null = the start of the range in the scan direction. Need not exist.
    /// </summary>
    public byte[]? From { get; init; }

    /// <summary>Skip a key equal to <see cref="From"/> (the last key of the previous page, when paging). Ignored without From.</summary>
    public bool FromExclusive { get; init; }
}
