using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hashmint.Mining;

/// <summary>The reference path: SHA-256d by the platform and the little-endian 256-bit target comparison.</summary>
public static class HashTarget
{
    /// <summary>SHA-256d of <paramref name="data"/> into <paramref name="hash32"/> (internal byte order).</summary>
    public static void Sha256d(ReadOnlySpan<byte> data, Span<byte> hash32)
    {
        Span<byte> first = stackalloc byte[32];
        SHA256.HashData(data, first);
        SHA256.HashData(first, hash32);
    }

    /// <summary>True when the hash, read as a 256-bit little-endian number, is at most the target (same encoding).</summary>
    public static bool Meets(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> target32LittleEndian)
    {
        // Compare 64-bit limbs from the most significant end.
        for (int offset = 24; offset >= 0; offset -= 8)
        {
            ulong hashLimb = BinaryPrimitives.ReadUInt64LittleEndian(hash32[offset..]);
            ulong targetLimb = BinaryPrimitives.ReadUInt64LittleEndian(target32LittleEndian[offset..]);
            if (hashLimb != targetLimb)
                return hashLimb < targetLimb;
        }
        return true;
    }

    /// <summary>Hashes <paramref name="header80"/> with <paramref name="nonce"/> written in and tests it against the target.</summary>
    public static bool HeaderMeets(ReadOnlySpan<byte> header80, uint nonce, ReadOnlySpan<byte> target32LittleEndian, Span<byte> hash32)
    {
        Span<byte> header = stackalloc byte[BlockHeaderLayout.HeaderSize];
        header80.CopyTo(header);
        BlockHeaderLayout.WriteNonce(header, nonce);
        Sha256d(header, hash32);
        return Meets(hash32, target32LittleEndian);
    }
}
