namespace Hashmint.Storage;

/// <summary>
/// One scan's bounds, shared by both stores. The keys starting with a prefix P are exactly the
/// interval [P, U) where U = <see cref="KeyPrefix.UpperBound"/> (none when P is empty or all 0xFF),
/// so a scan is a contiguous run of the family and both stores only have to find where it starts.
/// </summary>
internal sealed class ScanRange
{
    public ScanRange(ReadOnlySpan<byte> prefix, ScanOptions options)
    {
        Prefix = prefix.ToArray();
        Upper = KeyPrefix.UpperBound(prefix);
        Reverse = options.Reverse;
        // Copied: the caller may reuse its array before the (lazy) enumeration starts.
        From = options.From is null ? null : (byte[])options.From.Clone();
        FromExclusive = options.FromExclusive && From is not null;
    }

    public byte[] Prefix { get; }

    /// <summary>The smallest key above the range, or null when nothing is.</summary>
    public byte[]? Upper { get; }

    public bool Reverse { get; }

    public byte[]? From { get; }

    public bool FromExclusive { get; }

    /// <summary>
    /// Forward: the key to seek to (the larger of prefix and From). Reverse: the key to seek back
    /// from, or null to start at the range's last key (no From, or From at or above the range's end).
    /// </summary>
    public byte[]? SeekKey
    {
        get
        {
            if (!Reverse) return From is not null && Compare(From, Prefix) > 0 ? From : Prefix;
            if (From is null || (Upper is not null && Compare(From, Upper) >= 0)) return null;
            return From;
        }
    }

    /// <summary>Whether the scan continues at this key (it is still inside the prefix range).</summary>
    public bool InPrefix(ReadOnlySpan<byte> key) => key.StartsWith(Prefix);

    /// <summary>The key an exclusive scan must skip (only ever met first).</summary>
    public bool IsExcluded(ReadOnlySpan<byte> key) => FromExclusive && key.SequenceEqual(From);

    private static int Compare(byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y);
}
