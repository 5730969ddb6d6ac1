namespace Hashmint.Wallet;

/// <summary>The real process environment and terminal. Prompts go to stderr so stdout stays clean for pipes.</summary>
public sealed class SystemPassphraseConsole : IPassphraseConsole
{
    public static SystemPassphraseConsole Instance { get; } = new();

    private SystemPassphraseConsole()
    {
    }

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public bool IsInteractive => !Console.IsInputRedirected;

    public ConsoleKeyInfo ReadKeyHidden() => Console.ReadKey(intercept: true);

    public void WritePrompt(string text) => Console.Error.Write(text);
}
