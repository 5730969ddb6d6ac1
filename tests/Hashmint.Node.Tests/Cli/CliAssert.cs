namespace Hashmint.Node.Tests.Cli;

/// <summary>What every CLI failure must look like: one "error: ..." line on stderr, a non-zero exit code, no .NET internals.</summary>
internal static class CliAssert
{
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>The run failed with exactly one line on stderr, starting "error: " and containing every fragment.</summary>
    public static string OneLineError(CliRun run, int? exitCode, params string[] fragments)
    {
        Assert.True(run.ExitCode != 0, $"expected a failure:\n{run}");
        if (exitCode is { } code) Assert.True(run.ExitCode == code, $"expected exit code {code}:\n{run}");
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{run}");
        Assert.True(lines[0].StartsWith("error: ", StringComparison.Ordinal), $"expected 'error: ...':\n{run}");
        NoInternals(run);
        foreach (var fragment in fragments) Assert.True(lines[0].Contains(fragment, StringComparison.Ordinal), $"expected '{fragment}' in the error:\n{run}");
        return lines[0];
    }

    /// <summary>No stack frame, .NET type name or unhandled-exception banner anywhere in the output.</summary>
    public static void NoInternals(CliRun run)
    {
        foreach (var text in new[] { run.StdOut, run.StdErr })
        {
            Assert.False(text.Contains("   at ", StringComparison.Ordinal), $"stack frame in the output:\n{run}");
            Assert.False(text.Contains("System.", StringComparison.Ordinal), $".NET type name in the output:\n{run}");
            Assert.False(text.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase), $"unhandled exception:\n{run}");
            Assert.False(text.Contains("Exception:", StringComparison.Ordinal), $"exception text in the output:\n{run}");
        }
    }

    public static void Succeeded(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        NoInternals(run);
    }

    /// <summary>A file that exists but cannot be read, also by root: mode 000 where that stops us, else /proc/self/mem (EIO at offset 0).</summary>
    public static string UnreadableFile(TempDir tmp)
    {
        string path = tmp.Sub("unreadable.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            using var _ = File.OpenRead(path);
            return "/proc/self/mem"; // root reads anything: use a file whose read fails for everyone
        }
        catch (UnauthorizedAccessException) { return path; }
    }

    /// <summary>A path whose directory exists but where no file can be created, also by root.</summary>
    public static string UnwritablePath(TempDir tmp, string name)
    {
        string dir = tmp.Sub("readonly");
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            File.WriteAllText(Path.Combine(dir, "probe"), "x");
            File.Delete(Path.Combine(dir, "probe"));
            return Path.Combine("/sys", name); // root writes anywhere but sysfs
        }
        catch (UnauthorizedAccessException) { return Path.Combine(dir, name); }
    }
}
