using System.Security.Cryptography;

namespace Hashmint.Crypto;

/// <summary>
/// BIP-340 Schnorr signatures over secp256k1 (native libsecp256k1). Thread-safe: every call uses
/// the calling thread's own context. Verify never throws; it answers false for any bad input.
/// </summary>
public static class Schnorr
{
    public const int SecretKeySize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;
    public const int MessageHashSize = 32;
    public const int AuxRandSize = 32;

    // Sizes of libsecp256k1's opaque in-memory structures.
    private const int ParsedXOnlyKeySize = 64;
    private const int KeypairSize = 96;

    public static bool IsValidSecretKey(ReadOnlySpan<byte> secretKey) =>
        secretKey.Length == SecretKeySize && Secp256k1Context.Current.EcSeckeyVerify(secretKey);

    /// <summary>True when the 32 bytes are the x coordinate of a point on the curve (below the field size).</summary>
    public static bool IsValidXOnlyPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
            return false;
        Span<byte> parsed = stackalloc byte[ParsedXOnlyKeySize];
        return Secp256k1Context.Current.XonlyPubkeyParse(parsed, publicKey);
    }

    public static byte[] GetXOnlyPublicKey(ReadOnlySpan<byte> secretKey)
    {
        Span<byte> keypair = stackalloc byte[KeypairSize];
        try
        {
            CreateKeypair(keypair, secretKey);
            var publicKey = new byte[PublicKeySize];
            WriteXOnlyPublicKey(keypair, publicKey);
            return publicKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keypair);
        }
    }

    /// <summary>Signs with fresh auxiliary randomness (the BIP-340 recommended default).</summary>
    public static byte[] Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey)
    {
        Span<byte> auxRand = stackalloc byte[AuxRandSize];
        RandomNumberGenerator.Fill(auxRand);
        return Sign(message32, secretKey, auxRand);
    }

    /// <summary>BIP-340 signing; deterministic for a given auxRand. The result is verified before it is returned.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> auxRand32)
    {
        if (message32.Length != MessageHashSize)
            throw new ArgumentException($"message must be {MessageHashSize} bytes (hash it first), got {message32.Length}", nameof(message32));
        if (auxRand32.Length != AuxRandSize)
            throw new ArgumentException($"auxiliary randomness must be {AuxRandSize} bytes, got {auxRand32.Length}", nameof(auxRand32));

        var context = Secp256k1Context.Current;
        Span<byte> keypair = stackalloc byte[KeypairSize];
        try
        {
            CreateKeypair(keypair, secretKey);
            var signature = new byte[SignatureSize];
            if (!context.SchnorrsigSign32(signature, message32, keypair, auxRand32))
                throw new CryptographicException("Schnorr signing failed");

            // BIP-340 recommends verifying before release: a fault during signing could leak the key.
            Span<byte> publicKey = stackalloc byte[PublicKeySize];
            WriteXOnlyPublicKey(keypair, publicKey);
            if (!Verify(signature, message32, publicKey))
                throw new CryptographicException("Schnorr signature failed its own verification");
            return signature;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keypair);
        }
    }

    /// <summary>BIP-340 verification of a message of any length. Returns false (never throws) on malformed input.</summary>
    public static bool Verify(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message, ReadOnlySpan<byte> xOnlyPublicKey32)
    {
        if (signature64.Length != SignatureSize || xOnlyPublicKey32.Length != PublicKeySize)
            return false;
        var context = Secp256k1Context.Current;
        Span<byte> parsedKey = stackalloc byte[ParsedXOnlyKeySize];
        // An unparseable key must not reach schnorrsig_verify: libsecp256k1 treats that as API misuse.
        if (!context.XonlyPubkeyParse(parsedKey, xOnlyPublicKey32))
            return false;
        return context.SchnorrsigVerify(signature64, message, parsedKey);
    }

    private static void CreateKeypair(Span<byte> keypair, ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != SecretKeySize)
            throw new ArgumentException($"secret key must be {SecretKeySize} bytes, got {secretKey.Length}", nameof(secretKey));
        if (!Secp256k1Context.Current.KeypairCreate(keypair, secretKey))
            throw new ArgumentException("secret key is out of range (zero or not below the curve order)", nameof(secretKey));
    }

    private static void WriteXOnlyPublicKey(ReadOnlySpan<byte> keypair, Span<byte> destination)
    {
        var context = Secp256k1Context.Current;
        Span<byte> xOnly = stackalloc byte[ParsedXOnlyKeySize];
        context.KeypairXonlyPub(xOnly, out _, keypair);
        context.XonlyPubkeySerialize(destination, xOnly);
    }
}
