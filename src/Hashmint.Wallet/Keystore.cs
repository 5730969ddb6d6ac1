using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hashmint.Wallet;

/// <summary>
/// Saves and loads a wallet's mnemonic encrypted under a passphrase (Argon2id + AES-256-GCM). The file
/// format is specified in docs/WALLET.md.
/// </summary>
public static class Keystore
{
    /// <summary>
    /// Encrypts the wallet's mnemonic (and BIP-39 passphrase) to <paramref name="path"/>, atomically and
    /// with mode 0600. Refuses to replace an existing file unless <paramref name="overwrite"/> is set,
    /// because a replaced keystore may be the only copy of a wallet.
    /// </summary>
    public static void Save(string path, HdWallet wallet, string passphrase, KdfParameters? kdf = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(wallet);
        if (string.IsNullOrEmpty(passphrase))
            throw new ArgumentException("keystore passphrase must not be empty", nameof(passphrase));
        kdf ??= KdfParameters.Production;
        if (kdf.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(kdf));

        byte[] salt = RandomNumberGenerator.GetBytes(KeystoreCrypto.SaltSize);
        byte[] nonce = RandomNumberGenerator.GetBytes(KeystoreCrypto.NonceSize);
        byte[] plaintext = SecretPayload(wallet);
        byte[] key = KeystoreCrypto.DeriveKey(passphrase, salt, kdf);
        try
        {
            byte[] associatedData = KeystoreCrypto.AssociatedData(KeystoreFile.CurrentVersion, kdf);
            byte[] ciphertext = new byte[plaintext.Length];
            byte[] tag = new byte[KeystoreCrypto.TagSize];
            using (var aes = new AesGcm(key, KeystoreCrypto.TagSize))
                aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

            byte[] checksum = KeystoreCrypto.Checksum(associatedData, salt, nonce, tag, ciphertext);
            var file = new KeystoreFile(KeystoreFile.CurrentVersion, kdf, salt, nonce, tag, ciphertext, checksum);
            AtomicFile.WritePrivate(path, file.ToJson(), overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Decrypts a keystore. Throws <see cref="WrongPassphraseException"/> when the passphrase is wrong and
    /// <see cref="KeystoreFormatException"/> when the file is malformed or corrupted.
    /// </summary>
    public static HdWallet Load(string path, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(passphrase);
        KeystoreFile file = KeystoreFile.Parse(File.ReadAllBytes(path));

        byte[] associatedData = KeystoreCrypto.AssociatedData(file.Version, file.Kdf);
        byte[] checksum = KeystoreCrypto.Checksum(associatedData, file.Salt, file.Nonce, file.Tag, file.Ciphertext);
        if (!CryptographicOperations.FixedTimeEquals(checksum, file.Checksum))
            throw new KeystoreFormatException("keystore is corrupted (checksum mismatch); restore it from a backup or from the mnemonic");

        byte[] key = KeystoreCrypto.DeriveKey(passphrase, file.Salt, file.Kdf);
        byte[] plaintext = new byte[file.Ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(key, KeystoreCrypto.TagSize))
                aes.Decrypt(file.Nonce, file.Ciphertext, file.Tag, plaintext, associatedData);
            return WalletFromPayload(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            // The checksum matched, so the file is as written: the passphrase is wrong (or someone
            // deliberately altered the file and recomputed the checksum, which GCM still catches).
            throw new WrongPassphraseException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] SecretPayload(HdWallet wallet)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("mnemonic", wallet.Mnemonic);
            json.WriteString("bip39Passphrase", wallet.Bip39Passphrase);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static HdWallet WalletFromPayload(byte[] plaintext)
    {
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            JsonElement root = document.RootElement;
            string mnemonic = root.GetProperty("mnemonic").GetString() ?? throw new KeyNotFoundException("mnemonic");
            string bip39Passphrase = root.GetProperty("bip39Passphrase").GetString() ?? throw new KeyNotFoundException("bip39Passphrase");
            return HdWallet.FromMnemonic(mnemonic, bip39Passphrase);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidMnemonicException or ArgumentException)
        {
            throw new KeystoreFormatException($"keystore decrypted but its content is invalid: {e.Message}", e);
        }
    }
}
