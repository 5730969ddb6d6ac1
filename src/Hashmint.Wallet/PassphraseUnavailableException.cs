namespace Hashmint.Wallet;

/// <summary>No passphrase could be obtained: the variable is unset and there is no terminal to ask, or the entries did not match.</summary>
public sealed class PassphraseUnavailableException(string message) : InvalidOperationException(message);
