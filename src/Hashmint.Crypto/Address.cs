namespace Hashmint.Crypto;

/// <summary>An account address: bech32m of the 32-byte x-only public key, with a per-network prefix (hrp).</summary>
public static class Address
{
    public static string Encode(string hrp, ReadOnlySpan<byte> xOnlyPub32)
    {
        if (xOnlyPub32.Length != Schnorr.PublicKeySize)
            throw new ArgumentException($"public key must be {Schnorr.PublicKeySize} bytes, got {xOnlyPub32.Length}", nameof(xOnlyPub32));
        return Bech32m.Encode(hrp, xOnlyPub32);
    }

    /// <summary>
    /// Decodes an address for the network whose prefix is <paramref name="expectedHrp"/>. The key must
    /// also be a valid curve point: coins sent to any other 32 bytes could never be spent.
    /// </summary>
    public static bool TryDecode(string text, string expectedHrp, out byte[] pub32, out string error)
    {
        ArgumentNullException.ThrowIfNull(expectedHrp);
        pub32 = [];
        if (!Bech32m.TryDecode(text, out string hrp, out byte[] payload, out error))
        {
            error = $"invalid address: {error}";
            return false;
        }
        if (!string.Equals(hrp, expectedHrp, StringComparison.OrdinalIgnoreCase))
        {
            error = $"wrong address prefix '{hrp}': this network's addresses start with '{expectedHrp.ToLowerInvariant()}1'";
            return false;
        }
        if (payload.Length != Schnorr.PublicKeySize)
        {
            error = $"invalid address: payload is {payload.Length} bytes, expected a {Schnorr.PublicKeySize}-byte public key";
            return false;
        }
        if (!Schnorr.IsValidXOnlyPublicKey(payload))
        {
            error = "invalid address: payload is not a valid public key";
            return false;
        }
        pub32 = payload;
        return true;
    }
}
