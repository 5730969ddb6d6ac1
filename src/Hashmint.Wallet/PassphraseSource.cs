using System.Text;

namespace Hashmint.Wallet;

/// <summary>
/// Gets the keystore passphrase from the HASHMINT_PASSPHRASE environment variable, or else by asking at
/// the terminal without echo. Never from a command-line argument: those are visible to every user via
/// the process list and end up in shell history.
/// </summary>
public sealed class PassphraseSource(IPassphraseConsole console)
{
    public const string EnvironmentVariable = "HASHMINT_PASSPHRASE";

    public static PassphraseSource System { get; } = new(SystemPassphraseConsole.Instance);

    /// <summary>The passphrase to unlock an existing keystore.</summary>
    public string Get(string prompt = "Keystore passphrase: ")
    {
        if (FromEnvironment() is { } fromEnvironment)
            return fromEnvironment;
        EnsureInteractive();
        return Prompt(prompt);
    }

    /// <summary>A passphrase for a new keystore; when typed, it must be typed twice identically.</summary>
    public string GetNew(string prompt = "New keystore passphrase: ", string confirmPrompt = "Repeat passphrase: ")
    {
        if (FromEnvironment() is { } fromEnvironment)
            return fromEnvironment;
        EnsureInteractive();
        string first = Prompt(prompt);
        string second = Prompt(confirmPrompt);
        if (first != second)
            throw new PassphraseUnavailableException("the two passphrases do not match");
        return first;
    }

    private string? FromEnvironment()
    {
        string? value = console.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private void EnsureInteractive()
    {
        if (!console.IsInteractive)
            throw new PassphraseUnavailableException(
                $"no passphrase: set {EnvironmentVariable} or run in an interactive terminal to be prompted " +
                "(passphrases are never accepted as command-line arguments)");
    }

    private string Prompt(string prompt)
    {
        console.WritePrompt(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = console.ReadKeyHidden();
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                    typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        console.WritePrompt(Environment.NewLine);
        if (typed.Length == 0)
            throw new PassphraseUnavailableException("empty passphrase");
        return typed.ToString();
    }
}
