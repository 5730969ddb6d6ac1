namespace Hashmint.Wallet;

/// <summary>The keystore is intact but the passphrase does not decrypt it.</summary>
public sealed class WrongPassphraseException() : Exception("wrong passphrase (keystore could not be decrypted)");

/// <summary>The keystore file is malformed, truncated, corrupted or of an unknown format or version.</summary>
public sealed class KeystoreFormatException(string message, Exception? inner = null) : Exception(message, inner);
