namespace Hashmint.Mining.Tests.Support;

/// <summary>Block explorers print hashes as big-endian numbers; headers store them byte-reversed.</summary>
public static class DisplayHex
{
    public static byte[] ToInternalOrder(string displayHex)
    {
        byte[] bytes = Convert.FromHexString(displayHex);
        Array.Reverse(bytes);
        return bytes;
    }

    public static string FromInternalOrder(ReadOnlySpan<byte> hash)
    {
        byte[] bytes = hash.ToArray();
        Array.Reverse(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
