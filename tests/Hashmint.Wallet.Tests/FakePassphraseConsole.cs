namespace Hashmint.Wallet.Tests;

/// <summary>A scripted environment and keyboard for PassphraseSource tests.</summary>
internal sealed class FakePassphraseConsole(string? environmentValue, bool interactive, string typed = "") : IPassphraseConsole
{
    private readonly Queue<ConsoleKeyInfo> keys = new(typed.Select(ToKey));

    public List<string> Prompts { get; } = [];

    public string? GetEnvironmentVariable(string name) =>
        name == PassphraseSource.EnvironmentVariable ? environmentValue : null;

    public bool IsInteractive => interactive;

    public ConsoleKeyInfo ReadKeyHidden() => keys.Dequeue();

    public void WritePrompt(string text) => Prompts.Add(text);

    public bool AllKeysConsumed => keys.Count == 0;

    // '\n' stands for Enter and '\b' for Backspace in the scripted input.
    private static ConsoleKeyInfo ToKey(char c) => c switch
    {
        '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
        '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false),
        _ => new ConsoleKeyInfo(c, ConsoleKey.A, char.IsUpper(c), false, false),
    };
}
