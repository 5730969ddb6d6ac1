namespace Hashmint.Wallet;

/// <summary>What <see cref="PassphraseSource"/> needs from the process: environment and terminal (replaceable in tests).</summary>
public interface IPassphraseConsole
{
    string? GetEnvironmentVariable(string name);

    /// <summary>True when standard input is an interactive terminal (not redirected from a file or pipe).</summary>
    bool IsInteractive { get; }

    /// <summary>Reads one key without echoing it.</summary>
    ConsoleKeyInfo ReadKeyHidden();

    /// <summary>Writes prompt text where the user sees it but it does not mix with program output.</summary>
    void WritePrompt(string text);
}
