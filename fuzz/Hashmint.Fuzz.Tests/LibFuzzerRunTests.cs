using System.Diagnostics;
using System.Text;

namespace Hashmint.Fuzz.Tests;

/// <summary>
/// A bounded libFuzzer run of every target (fuzz/run TARGET SECONDS, from the seed corpus alone, seed 1): fails only
/// when libFuzzer finds a crash or a hang, and then names the saved input. HASHMINT_FUZZ_SECONDS sets the time per
/// target (default 2). scripts/test runs these after the other tests, so they do not compete for the cores.
/// </summary>
[Trait("Category", "LibFuzzer")]
public sealed class LibFuzzerRunTests(LibFuzzerRunTests.Prepared prepared) : IClassFixture<LibFuzzerRunTests.Prepared>
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("HASHMINT_FUZZ_SECONDS"), out var s) && s > 0 ? s : 2;

    [Theory]
    [MemberData(nameof(Repository.TargetNames), MemberType = typeof(Repository))]
    public void BoundedRunFindsNothing(string target)
    {
        Assert.True(prepared.ExitCode == 0, $"fuzz/run --prepare failed (toolchain, instrumentation or driver):\n{prepared.Output}");
        var (exitCode, output) = FuzzRun(TimeSpan.FromSeconds(Seconds + 120), "--no-build", "--fresh", "--seed", "1", target, Seconds.ToString());
        Assert.True(exitCode == 0, $"libFuzzer found something in {target} (replay: dotnet fuzz/Hashmint.Fuzz/bin/{Configuration}/net10.0/linux-x64/Hashmint.Fuzz.dll replay {target} <input>):\n{output}");
        Assert.Contains($"{target} ", output);
    }

    /// <summary>Installs what is missing, instruments the build under test and builds the driver, once for the class.</summary>
    public sealed class Prepared
    {
        public int ExitCode { get; }
        public string Output { get; }

        public Prepared() => (ExitCode, Output) = FuzzRun(TimeSpan.FromMinutes(10), "--prepare", "--no-build");
    }

    private static (int ExitCode, string Output) FuzzRun(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "fuzz", "run"));
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Configuration);
        foreach (var a in args) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"(killed after {limit.TotalSeconds:0} s)");
            return (-1, output.ToString());
        }
        process.WaitForExit(); // drains the output events
        lock (output) return (process.ExitCode, output.ToString());
    }
}
