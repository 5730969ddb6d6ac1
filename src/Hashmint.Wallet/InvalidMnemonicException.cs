namespace Hashmint.Wallet;

/// <summary>The words are not a valid English BIP-39 mnemonic; the message says which rule failed.</summary>
public sealed class InvalidMnemonicException(string message) : FormatException(message);
