using Hashmint.Core.Encoding;

namespace Hashmint.Core.Nft;

/// <summary>Free key/value attributes. Encoding: varint n ≤ 32 | (string key 1..32 | string value ≤ 128)*; keys unique.</summary>
public static class TokenAttributes
{
    public const int MaxCount = 32;

    public static void Write(ByteWriter w, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        w.VarInt((ulong)attributes.Count);
        foreach (var (k, v) in attributes) w.String(k).String(v);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Read(ref SpanReader r)
    {
        int n = r.ReadLength(MaxCount, "attributes");
        var list = new KeyValuePair<string, string>[n];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var key = r.ReadString(32, "attribute key");
            if (key.Length == 0 || !keys.Add(key)) throw new DecodeException($"attribute key '{key}' is empty or repeated");
            list[i] = new(key, r.ReadString(128, "attribute value"));
        }
        return list;
    }
}
