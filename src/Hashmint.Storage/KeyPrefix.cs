namespace Hashmint.Storage;

/// <summary>Helpers for prefix scans over keys ordered as unsigned bytes.</summary>
internal static class KeyPrefix
{
    /// <summary>
    /// The smallest key greater than every key starting with <paramref name="prefix"/>, or null when
    /// there is none (the prefix is empty or all 0xFF).
    /// </summary>
    public static byte[]? UpperBound(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.LastIndexOfAnyExcept((byte)0xFF);
        if (end < 0) return null;
        var bound = prefix[..(end + 1)].ToArray();
        bound[end]++;
        return bound;
    }
}
