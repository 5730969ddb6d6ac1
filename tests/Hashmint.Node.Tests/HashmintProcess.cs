using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Hashmint.Node.Tests;

/// <summary>Starts the real `hashmint` executable (built next to the tests) and collects its output.</summary>
public sealed partial class HashmintProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _sync = new();

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "hashmint.dll");

    private HashmintProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    /// <summary>Standard output and standard error, interleaved as they came.</summary>
    public string Output { get { lock (_sync) return _output.ToString(); } }
    public string StdOut { get { lock (_sync) return _stdout.ToString(); } }
    public string StdErr { get { lock (_sync) return _stderr.ToString(); } }

    public static HashmintProcess Start(IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Executable);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("HASHMINT_PASSPHRASE");
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi };
        var self = new HashmintProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (self._sync) { self._output.AppendLine(e.Data); self._stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (self._sync) { self._output.AppendLine(e.Data); self._stderr.AppendLine(e.Data); } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        using var p = Start(args, env);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill();
            throw new TimeoutException($"hashmint {string.Join(' ', args)} did not finish in {timeoutSeconds} s:\n{p.Output}");
        }
        return (p.ExitCode, p.Output);
    }

    /// <summary>Runs a command to completion (bounded), keeping standard output and standard error apart.</summary>
    public static async Task<CliRun> RunSplitAsync(IEnumerable<string> args, IDictionary<string, string>? env = null, int timeoutSeconds = 120)
    {
        using var p = Start(args, env);
        if (!await p.WaitForExitAsync(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            p.Kill();
            throw new TimeoutException($"hashmint {string.Join(' ', args)} did not finish in {timeoutSeconds} s:\n{p.Output}");
        }
        return new CliRun(string.Join(' ', args), p.ExitCode, p.StdOut, p.StdErr);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return false; }
        _process.WaitForExit(); // flushes redirected output
        return true;
    }

    public void Signal(int signal)
    {
        if (sys_kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGINT = 2;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int sys_kill(int pid, int sig);

    public void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>One finished run of the executable.</summary>
public sealed record CliRun(string Command, int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"hashmint {Command}\nexit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
