using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Hashmint.Wallet;

/// <summary>Passphrase → key with Argon2id (memory-hard, slows guessing); key → AES-256-GCM (confidentiality and integrity).</summary>
internal static class KeystoreCrypto
{
    public const int SaltSize = 16;   // the only salt size NSec's Argon2id accepts
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int KeySize = 32;

    public static byte[] DeriveKey(string passphrase, ReadOnlySpan<byte> salt, KdfParameters kdf)
    {
        var parameters = new Argon2Parameters
        {
            MemorySize = kdf.MemoryKiB,
            NumberOfPasses = kdf.Iterations,
            DegreeOfParallelism = kdf.Parallelism,
        };
        return PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters).DeriveBytes(passphrase, salt, KeySize);
    }

    /// <summary>
    /// Associated data authenticated by GCM: the format, version and KDF parameters, so a file whose
    /// header was edited fails to decrypt instead of being silently reinterpreted.
    /// </summary>
    public static byte[] AssociatedData(int version, KdfParameters kdf) =>
        Encoding.UTF8.GetBytes($"{KeystoreFile.Format}|{version}|{KeystoreFile.KdfName}|{kdf.MemoryKiB}|{kdf.Iterations}|{kdf.Parallelism}|{KeystoreFile.CipherName}");

    /// <summary>
    /// A plain SHA-256 over everything stored. It is not a security check (anyone can recompute it) but it
    /// lets Load tell a corrupted file from a wrong passphrase, which GCM alone cannot.
    /// </summary>
    public static byte[] Checksum(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> ciphertext)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(associatedData);
        hash.AppendData(salt);
        hash.AppendData(nonce);
        hash.AppendData(tag);
        hash.AppendData(ciphertext);
        return hash.GetHashAndReset();
    }
}
