namespace Hashmint.Fuzz;

/// <summary>A decoder broke a property the fuzz targets check (not a rejection: a bug).</summary>
public sealed class FuzzPropertyException(string message) : Exception(message);

/// <summary>The properties a target checks beyond "throws only its documented exception".</summary>
public static class FuzzProperty
{
    /// <summary>Canonical encoding is a consensus rule: a decoded value re-encodes to exactly the bytes it came from.</summary>
    public static void RoundTrips(ReadOnlySpan<byte> input, ReadOnlySpan<byte> reencoded)
    {
        if (!input.SequenceEqual(reencoded))
            throw new FuzzPropertyException($"decoded, but re-encodes differently: input {Hex(input)}, re-encoded {Hex(reencoded)}");
    }

    public static void Holds(bool condition, string what)
    {
        if (!condition) throw new FuzzPropertyException(what);
    }

    /// <summary>Hex of at most the first 256 bytes.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 256 ? Convert.ToHexStringLower(bytes) : $"{Convert.ToHexStringLower(bytes[..256])}… ({bytes.Length} bytes)";
}
