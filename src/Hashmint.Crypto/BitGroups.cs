namespace Hashmint.Crypto;

/// <summary>Regrouping between 8-bit bytes and the 5-bit groups that bech32 characters carry.</summary>
public static class BitGroups
{
    /// <summary>Splits bytes into 5-bit groups, zero-padding the final group.</summary>
    public static byte[] ToFiveBit(ReadOnlySpan<byte> bytes)
    {
        var groups = new byte[(bytes.Length * 8 + 4) / 5];
        int accumulator = 0, bits = 0, index = 0;
        foreach (byte b in bytes)
        {
            accumulator = (accumulator << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                groups[index++] = (byte)((accumulator >> bits) & 31);
            }
        }
        if (bits > 0)
            groups[index] = (byte)((accumulator << (5 - bits)) & 31);
        return groups;
    }

    /// <summary>
    /// Joins 5-bit groups back into bytes. Rejects what an encoder could not have produced:
    /// a leftover of 5 or more bits (a whole extra group) or non-zero padding bits.
    /// </summary>
    public static bool TryToEightBit(ReadOnlySpan<byte> groups, out byte[] bytes, out string error)
    {
        bytes = new byte[groups.Length * 5 / 8];
        int accumulator = 0, bits = 0, index = 0;
        foreach (byte group in groups)
        {
            if (group > 31)
            {
                error = $"value {group} does not fit in 5 bits";
                bytes = [];
                return false;
            }
            accumulator = ((accumulator << 5) | group) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[index++] = (byte)(accumulator >> bits);
            }
        }
        if (bits >= 5)
        {
            error = $"invalid padding: {bits} leftover bits (at most 4 allowed)";
            bytes = [];
            return false;
        }
        if ((accumulator & ((1 << bits) - 1)) != 0)
        {
            error = "invalid padding: padding bits are not zero";
            bytes = [];
            return false;
        }
        error = "";
        return true;
    }
}
