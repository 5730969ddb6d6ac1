namespace Hashmint.Wallet.Tests;

public class PassphraseSourceTests
{
    [Fact]
    public void EnvironmentVariableWinsWithoutPrompting()
    {
        var console = new FakePassphraseConsole("from-env", interactive: true, typed: "typed\n");
        Assert.Equal("from-env", new PassphraseSource(console).Get());
        Assert.Equal("from-env", new PassphraseSource(console).GetNew());
        Assert.Empty(console.Prompts);
    }

    [Fact]
    public void PromptsAtTheTerminalWhenTheVariableIsUnset()
    {
        var console = new FakePassphraseConsole(null, interactive: true, typed: "s3cret pass\n");
        Assert.Equal("s3cret pass", new PassphraseSource(console).Get("Unlock: "));
        Assert.Equal("Unlock: ", console.Prompts[0]);
        Assert.True(console.AllKeysConsumed);
    }

    [Fact]
    public void EmptyVariableCountsAsUnset()
    {
        var console = new FakePassphraseConsole("", interactive: true, typed: "typed\n");
        Assert.Equal("typed", new PassphraseSource(console).Get());
    }

    [Fact]
    public void BackspaceErasesAndControlKeysAreIgnored()
    {
        var console = new FakePassphraseConsole(null, interactive: true, typed: "abx\bc\t\n");
        Assert.Equal("abc", new PassphraseSource(console).Get());
    }

    [Fact]
    public void NoVariableAndNoTerminalIsAClearError()
    {
        var console = new FakePassphraseConsole(null, interactive: false);
        var error = Assert.Throws<PassphraseUnavailableException>(() => new PassphraseSource(console).Get());
        Assert.Contains("HASHMINT_PASSPHRASE", error.Message);
        Assert.Contains("interactive terminal", error.Message);
        Assert.Contains("never accepted as command-line arguments", error.Message);
    }

    [Fact]
    public void NewPassphraseMustBeTypedTwiceIdentically()
    {
        var matching = new FakePassphraseConsole(null, interactive: true, typed: "same\nsame\n");
        Assert.Equal("same", new PassphraseSource(matching).GetNew());

        var differing = new FakePassphraseConsole(null, interactive: true, typed: "one\ntwo\n");
        var error = Assert.Throws<PassphraseUnavailableException>(() => new PassphraseSource(differing).GetNew());
        Assert.Contains("do not match", error.Message);
    }

    [Fact]
    public void EmptyTypedPassphraseIsRejected()
    {
        var console = new FakePassphraseConsole(null, interactive: true, typed: "\n");
        Assert.Throws<PassphraseUnavailableException>(() => new PassphraseSource(console).Get());
    }
}
