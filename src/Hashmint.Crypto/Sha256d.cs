using System.Security.Cryptography;

namespace Hashmint.Crypto;

/// <summary>Double SHA-256, Bitcoin's hash for headers, txids and Merkle nodes.</summary>
public static class Sha256d
{
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> first = stackalloc byte[32];
        SHA256.HashData(data, first);
        SHA256.HashData(first, destination);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var result = new byte[32];
        Hash(data, result);
        return result;
    }
}
