using System.Security.Cryptography;
using System.Text;

namespace Hashmint.Crypto;

/// <summary>BIP-340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data), which separates hash domains.</summary>
public static class TaggedHash
{
    public static void Hash(string tag, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> tagHash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tag), tagHash);
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
