using System.Diagnostics;

namespace Hashmint.Storage.Tests;

/// <summary>
/// Runs Hashmint.Storage.CrashWriter (built next to this assembly) as a separate process and
/// follows its output: "ready" once the store is open, "committed n" after each written batch.
/// </summary>
public sealed class CrashWriterProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errors = [];
    private long _lastCommitted;

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_errors) _errors.Add(e.Data);
        };
    }

    /// <summary>The highest batch number the writer reported as written (0 before any).</summary>
    public long LastCommitted => Interlocked.Read(ref _lastCommitted);

    public static CrashWriterProcess Start(string mode, string directory)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hashmint.Storage.CrashWriter.dll"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(directory);
        var writer = new CrashWriterProcess(new Process { StartInfo = start });
        writer._process.Start();
        writer._process.BeginOutputReadLine();
        writer._process.BeginErrorReadLine();
        return writer;
    }

    public void WaitUntilReady()
    {
        var finished = Task.WhenAny(_ready.Task, _process.WaitForExitAsync()).Wait(StartTimeout);
        if (!_ready.Task.IsCompleted)
            throw new InvalidOperationException($"the crash writer did not become ready (finished: {finished}); stderr: {Errors()}");
    }

    /// <summary>Bounded polling until the writer has reported <paramref name="count"/> batches.</summary>
    public async Task WaitForCommitsAsync(long count)
    {
        var clock = Stopwatch.StartNew();
        while (LastCommitted < count)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the crash writer exited early; stderr: {Errors()}");
            if (clock.Elapsed > StartTimeout) throw new TimeoutException($"only {LastCommitted} of {count} batches after {StartTimeout}");
            await Task.Delay(1);
        }
    }

    /// <summary>SIGKILL: no managed or native shutdown code runs in the writer.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void CloseInputAndWaitForExit()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(StartTimeout)) throw new TimeoutException("the holding process did not exit");
        Assert.Equal(0, _process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        if (line == "ready") _ready.TrySetResult();
        else if (line.StartsWith("committed ", StringComparison.Ordinal)) Interlocked.Exchange(ref _lastCommitted, long.Parse(line.AsSpan(10)));
    }

    private string Errors()
    {
        lock (_errors) return string.Join(Environment.NewLine, _errors);
    }

    /// <summary>The dotnet host running these tests (the CLI names it in DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
