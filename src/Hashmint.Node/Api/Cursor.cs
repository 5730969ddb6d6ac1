using Hashmint.Core.Primitives;

namespace Hashmint.Node.Api;

/// <summary>A page of a list that grows, and the opaque cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Cursors are the last key of a page, base64url-encoded: opaque to clients, stable while the list grows (new items
/// never shift a page, unlike offsets), and checked to belong to the list they are used on.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(ReadOnlySpan<byte> key) => Convert.ToBase64String(key).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key inside a cursor, if it is one of this list's (its key starts with <paramref name="prefix"/>).</summary>
    public static bool TryDecode(string? cursor, ReadOnlySpan<byte> prefix, out byte[]? key)
    {
        key = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > 400) return false;
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        try { key = Convert.FromBase64String(b64); }
        catch (FormatException) { return false; }
        return key.AsSpan().StartsWith(prefix);
    }

    public static IResult BadCursor() => ApiErrors.BadRequest("bad-cursor", "the cursor is not one this list gave out");

    public static bool TryLimit(int? limit, out int value, int max = MaxLimit)
    {
        value = limit ?? DefaultLimit;
        return value >= 1 && value <= max;
    }

    public static IResult BadLimit(int max = MaxLimit) => ApiErrors.BadRequest("bad-limit", $"limit must be 1..{max}");
}
