using System.Text;

namespace Hashmint.Crypto;

/// <summary>
/// Bech32m strings (BIP-350): a human-readable part, the separator '1', data characters and a
/// 6-character checksum. Strings with the older bech32 (BIP-173) checksum are recognised and
/// rejected as the wrong variant, so a user gets a precise message rather than "bad checksum".
/// </summary>
public static class Bech32m
{
    public const int MaxLength = 90;
    public const int MaxHrpLength = 83;
    public const int ChecksumLength = 6;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32mConstant = 0x2bc830a3;
    private const uint Bech32Constant = 1;

    private static readonly sbyte[] CharsetReverse = BuildCharsetReverse();

    /// <summary>Encodes bytes (regrouped into 5-bit groups, zero-padded). Output is lowercase.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data) =>
        EncodeFiveBitGroups(hrp, BitGroups.ToFiveBit(data));

    /// <summary>Encodes values that are already 5-bit groups (each 0..31).</summary>
    public static string EncodeFiveBitGroups(string hrp, ReadOnlySpan<byte> groups)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        if (!IsValidHrp(hrp, out string hrpError))
            throw new ArgumentException(hrpError, nameof(hrp));
        int length = hrp.Length + 1 + groups.Length + ChecksumLength;
        if (length > MaxLength)
            throw new ArgumentException($"encoded string would be {length} characters; bech32m allows at most {MaxLength}", nameof(groups));

        string lowerHrp = hrp.ToLowerInvariant();
        var builder = new StringBuilder(length);
        builder.Append(lowerHrp).Append('1');
        foreach (byte group in groups)
        {
            if (group > 31)
                throw new ArgumentException($"value {group} does not fit in 5 bits", nameof(groups));
            builder.Append(Charset[group]);
        }
        uint checksum = Polymod(lowerHrp, groups, stackalloc byte[ChecksumLength]) ^ Bech32mConstant;
        for (int i = 0; i < ChecksumLength; i++)
            builder.Append(Charset[(int)(checksum >> (5 * (5 - i))) & 31]);
        return builder.ToString();
    }

    /// <summary>Decodes a bech32m string whose data is whole bytes (the form <see cref="Encode"/> produces).</summary>
    public static bool TryDecode(string text, out string hrp, out byte[] data, out string error)
    {
        data = [];
        if (!TryDecodeFiveBitGroups(text, out hrp, out byte[] groups, out error))
            return false;
        if (!BitGroups.TryToEightBit(groups, out data, out error))
        {
            hrp = "";
            return false;
        }
        return true;
    }

    /// <summary>Decodes a bech32m string into its lowercase hrp and raw 5-bit data groups (checksum removed).</summary>
    public static bool TryDecodeFiveBitGroups(string text, out string hrp, out byte[] groups, out string error)
    {
        hrp = "";
        groups = [];
        error = FindSyntaxError(text);
        if (error.Length > 0)
            return false;

        string lower = text.ToLowerInvariant();
        int separator = lower.LastIndexOf('1');
        string candidateHrp = lower[..separator];
        string dataPart = lower[(separator + 1)..];

        var values = new byte[dataPart.Length];
        for (int i = 0; i < dataPart.Length; i++)
        {
            char c = dataPart[i];
            int value = c < 128 ? CharsetReverse[c] : -1;
            if (value < 0)
            {
                error = $"invalid data character '{c}' at position {separator + 1 + i}";
                return false;
            }
            values[i] = (byte)value;
        }

        uint residue = Polymod(candidateHrp, values, []);
        if (residue == Bech32Constant)
        {
            error = "wrong checksum variant: this is bech32 (BIP-173), expected bech32m (BIP-350)";
            return false;
        }
        if (residue != Bech32mConstant)
        {
            error = "bad checksum (mistyped or altered string)";
            return false;
        }

        hrp = candidateHrp;
        groups = values[..^ChecksumLength];
        return true;
    }

    /// <summary>Checks what can be judged without the checksum: length, characters, case, separator, hrp.</summary>
    private static string FindSyntaxError(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "empty string";
        if (text.Length > MaxLength)
            return $"too long: {text.Length} characters, at most {MaxLength}";

        bool hasLower = false, hasUpper = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 33 || c > 126)
                return $"invalid character (code {(int)c}) at position {i}";
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }
        if (hasLower && hasUpper)
            return "mixed case (use all lowercase or all uppercase)";

        int separator = text.LastIndexOf('1');
        if (separator < 0)
            return "missing separator '1'";
        if (separator == 0)
            return "empty human-readable part";
        if (separator > MaxHrpLength)
            return $"human-readable part too long: {separator} characters, at most {MaxHrpLength}";
        if (text.Length - separator - 1 < ChecksumLength)
            return $"too short: the checksum needs {ChecksumLength} characters after the separator";
        return "";
    }

    private static bool IsValidHrp(string hrp, out string error)
    {
        if (hrp.Length is < 1 or > MaxHrpLength)
        {
            error = $"human-readable part must be 1..{MaxHrpLength} characters, got {hrp.Length}";
            return false;
        }
        bool hasLower = false, hasUpper = false;
        foreach (char c in hrp)
        {
            if (c < 33 || c > 126)
            {
                error = $"human-readable part has a character outside ASCII 33..126 (code {(int)c})";
                return false;
            }
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }
        if (hasLower && hasUpper)
        {
            error = "human-readable part is mixed case";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>The BCH checksum over the expanded hrp, the data values, then the trailing values (zeros when encoding).</summary>
    private static uint Polymod(string hrp, ReadOnlySpan<byte> values, ReadOnlySpan<byte> trailing)
    {
        uint chk = 1;
        foreach (char c in hrp)
            chk = PolymodStep(chk, (uint)(c >> 5));
        chk = PolymodStep(chk, 0);
        foreach (char c in hrp)
            chk = PolymodStep(chk, (uint)(c & 31));
        foreach (byte v in values)
            chk = PolymodStep(chk, v);
        foreach (byte v in trailing)
            chk = PolymodStep(chk, v);
        return chk;
    }

    private static uint PolymodStep(uint chk, uint value)
    {
        uint top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static sbyte[] BuildCharsetReverse()
    {
        var reverse = new sbyte[128];
        Array.Fill(reverse, (sbyte)-1);
        for (int i = 0; i < Charset.Length; i++)
            reverse[Charset[i]] = (sbyte)i;
        return reverse;
    }
}
