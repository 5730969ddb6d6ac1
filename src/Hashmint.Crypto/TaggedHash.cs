using System.Security.Cryptography;
using System.Text;

namespace Hashmint.Crypto;

/// <summary>BIP-340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data), which separates hash domains.</summary>
public static class TaggedHash
{
    // A handful of fixed tags: their SHA256 is computed once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> TagHashes = new();

    public static void Hash(string tag, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var tagHash = TagHashes.GetOrAdd(tag, static t => SHA256.HashData(Encoding.UTF8.GetBytes(t)));
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(tagHash);
        h.AppendData(tagHash);
        h.AppendData(data);
        h.GetHashAndReset(destination);
    }

    public static byte[] Hash(string tag, ReadOnlySpan<byte> data)
    {
        var result = new byte[32];
        Hash(tag, data, result);
        return result;
    }
}
