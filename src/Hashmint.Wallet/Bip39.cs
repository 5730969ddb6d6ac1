using NBitcoin;

namespace Hashmint.Wallet;

/// <summary>BIP-39 mnemonics (English word list): entropy to words, words to the 64-byte seed.</summary>
public static class Bip39
{
    private static readonly int[] ValidWordCounts = [12, 15, 18, 21, 24];

    public static string EntropyToMnemonic(ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length is not (16 or 20 or 24 or 28 or 32))
            throw new ArgumentException($"entropy must be 16, 20, 24, 28 or 32 bytes, got {entropy.Length}", nameof(entropy));
        return new Mnemonic(Wordlist.English, entropy.ToArray()).ToString();
    }

    /// <summary>
    /// Returns the mnemonic in canonical form (lowercase, single spaces) after checking word count,
    /// every word, and the checksum; throws <see cref="InvalidMnemonicException"/> naming the problem.
    /// </summary>
    public static string Normalize(string mnemonic)
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        string[] words = mnemonic.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (Array.IndexOf(ValidWordCounts, words.Length) < 0)
            throw new InvalidMnemonicException($"invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got {words.Length}");
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = words[i].ToLowerInvariant();
            if (!IsEnglishWord(words[i]))
                throw new InvalidMnemonicException($"invalid mnemonic: word {i + 1} ('{words[i]}') is not in the BIP-39 English word list");
        }
        string canonical = string.Join(' ', words);
        if (!new Mnemonic(canonical, Wordlist.English).IsValidChecksum)
            throw new InvalidMnemonicException("invalid mnemonic: checksum mismatch (a word is wrong or words are out of order)");
        return canonical;
    }

    /// <summary>
    /// PBKDF2-HMAC-SHA512 seed; the optional passphrase (the "25th word") selects a different wallet. Throws
    /// <see cref="ArgumentException"/> for a passphrase this build cannot put in NFKD form (see <see cref="IsEnglishWord"/>).
    /// </summary>
    public static byte[] MnemonicToSeed(string mnemonic, string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var words = new Mnemonic(Normalize(mnemonic), Wordlist.English);
        try
        {
            return words.DeriveSeed(passphrase);
        }
        catch (PlatformNotSupportedException)
        {
            throw new ArgumentException("the BIP-39 passphrase has characters that this build cannot normalize (NFKD)", nameof(passphrase));
        }
    }

    // NBitcoin compares NFKD forms. With invariant globalization (this build) the runtime cannot normalize, so NBitcoin
    // uses its own table, which throws PlatformNotSupportedException for characters outside it (Cyrillic, Hangul,
    // emoji, private use...). No English word has any of them.
    private static bool IsEnglishWord(string word)
    {
        try
        {
            return Wordlist.English.WordExists(word, out _);
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }
}
