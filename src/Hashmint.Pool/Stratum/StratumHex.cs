using System.Buffers.Binary;
using Hashmint.Core.Primitives;

namespace Hashmint.Pool.Stratum;

/// <summary>
/// The byte orders of Stratum V1 as stock miners (cpuminer, cgminer, BitAxe) read and write them: prevhash is the
/// header's 32 bytes with each 4-byte word byte-swapped; version, nbits, ntime and nonce are the 32-bit value as 8 hex
/// digits, most significant first (the header stores them little-endian); coinbase parts, extranonces and Merkle
/// branch hashes are raw bytes in order.
/// </summary>
public static class StratumHex
{
    /// <summary>The notify form of a header's previous-hash field: each 4-byte word of the internal bytes reversed.</summary>
    public static string PrevHash(Hash256 previous)
    {
        Span<byte> b = stackalloc byte[32];
        previous.CopyTo(b);
        SwapWords(b);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Reverses the bytes of each 4-byte word in place (the notify prevhash ↔ header bytes, both ways).</summary>
    public static void SwapWords(Span<byte> bytes)
    {
        for (int i = 0; i + 4 <= bytes.Length; i += 4) bytes.Slice(i, 4).Reverse();
    }

    public static string U32(uint value) => value.ToString("x8");

    /// <summary>Parses exactly 8 hex digits as a big-endian 32-bit value.</summary>
    public static bool TryParseU32(ReadOnlySpan<char> hex, out uint value)
    {
        value = 0;
        if (hex.Length != 8) return false;
        Span<byte> b = stackalloc byte[4];
        if (Convert.FromHexString(hex, b, out _, out int written) != System.Buffers.OperationStatus.Done || written != 4) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(b);
        return true;
    }

    /// <summary>Parses exactly <paramref name="into"/>.Length bytes of hex.</summary>
    public static bool TryParseBytes(ReadOnlySpan<char> hex, Span<byte> into)
    {
        if (hex.Length != into.Length * 2) return false;
        return Convert.FromHexString(hex, into, out _, out int written) == System.Buffers.OperationStatus.Done && written == into.Length;
    }
}
