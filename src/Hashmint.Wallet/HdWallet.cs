using System.Security.Cryptography;
using Hashmint.Crypto;
using NBitcoin;

namespace Hashmint.Wallet;

/// <summary>
/// A hierarchical deterministic wallet: one BIP-39 mnemonic yields every account key along
/// m/44'/9339'/0'/0/i (BIP-44 layout, coin type 9339 for Hashmint). Immutable and thread-safe.
/// </summary>
public sealed class HdWallet
{
    public const int CoinType = 9339;
    public const string AccountChainPath = "m/44'/9339'/0'/0";

    private readonly ExtKey accountChain;

    private HdWallet(string mnemonic, string bip39Passphrase)
    {
        Mnemonic = mnemonic;
        Bip39Passphrase = bip39Passphrase;
        byte[] seed = Bip39.MnemonicToSeed(mnemonic, bip39Passphrase);
        try
        {
            accountChain = Bip32.CreateMaster(seed).Derive(Bip32.ParsePath(AccountChainPath));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The mnemonic in canonical form (lowercase words separated by single spaces).</summary>
    public string Mnemonic { get; }

    /// <summary>The optional BIP-39 passphrase; the keystore must keep it to rebuild the same keys.</summary>
    internal string Bip39Passphrase { get; }

    /// <summary>A new wallet from 128 (12 words) or 256 (24 words) bits of system randomness.</summary>
    public static HdWallet Create(int words = 24)
    {
        int entropyBytes = words switch
        {
            12 => 16,
            24 => 32,
            _ => throw new ArgumentOutOfRangeException(nameof(words), words, "a new wallet has 12 or 24 words"),
        };
        byte[] entropy = RandomNumberGenerator.GetBytes(entropyBytes);
        try
        {
            return FromEntropy(entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }

    public static HdWallet FromEntropy(ReadOnlySpan<byte> entropy, string bip39Passphrase = "") =>
        new(Bip39.EntropyToMnemonic(entropy), bip39Passphrase);

    /// <summary>
    /// Restores a wallet; throws <see cref="InvalidMnemonicException"/> if the words are not a valid mnemonic, and
    /// <see cref="ArgumentException"/> if the BIP-39 passphrase has characters this build cannot normalize (NFKD).
    /// </summary>
    public static HdWallet FromMnemonic(string words, string bip39Passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(bip39Passphrase);
        return new HdWallet(Bip39.Normalize(words), bip39Passphrase);
    }

    public static string PathOf(int index) => $"{AccountChainPath}/{CheckIndex(index)}";

    public byte[] GetSecretKey(int index) => accountChain.Derive((uint)CheckIndex(index)).PrivateKey.ToBytes();

    /// <summary>The 32-byte x-only (BIP-340) public key for the account at <paramref name="index"/>.</summary>
    public byte[] GetPublicKey(int index)
    {
        byte[] secretKey = GetSecretKey(index);
        try
        {
            return Schnorr.GetXOnlyPublicKey(secretKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretKey);
        }
    }

    public string GetAddress(int index, string hrp) => Address.Encode(hrp, GetPublicKey(index));

    // Never print the mnemonic by accident (logs, debugger, string interpolation).
    public override string ToString() => $"HdWallet({Mnemonic.Split(' ').Length} words)";

    private static int CheckIndex(int index) =>
        index >= 0 ? index : throw new ArgumentOutOfRangeException(nameof(index), index, "account index must be 0..2147483647");
}
