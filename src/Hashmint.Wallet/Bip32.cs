using System.Security.Cryptography;
using NBitcoin;

namespace Hashmint.Wallet;

/// <summary>BIP-32 hierarchical deterministic derivation of secp256k1 secret keys from a seed.</summary>
public static class Bip32
{
    /// <summary>Derives the 32-byte secret key at a path such as "m/44'/9339'/0'/0/0" (' or h marks hardened steps).</summary>
    public static byte[] DeriveSecretKey(ReadOnlySpan<byte> seed, string path)
    {
        ExtKey master = CreateMaster(seed);
        return master.Derive(ParsePath(path)).PrivateKey.ToBytes();
    }

    internal static ExtKey CreateMaster(ReadOnlySpan<byte> seed)
    {
        // BIP-32 allows 128..512-bit seeds.
        if (seed.Length is < 16 or > 64)
            throw new ArgumentException($"seed must be 16..64 bytes, got {seed.Length}", nameof(seed));
        byte[] copy = seed.ToArray();
        try
        {
            return ExtKey.CreateFromSeed(copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    internal static KeyPath ParsePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!KeyPath.TryParse(path, out KeyPath? keyPath) || keyPath is null)
            throw new ArgumentException($"invalid derivation path '{path}'", nameof(path));
        return keyPath;
    }
}
