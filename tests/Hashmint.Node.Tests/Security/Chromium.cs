using System.Diagnostics;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Security;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium), driven by Playwright, which never downloads a browser of its own here.
/// Missing, it is installed with apt-get once (scripts/test does the same before the suite runs); if that fails the
/// test fails with the reason — a browser test never skips silently.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path)) return;
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path)) return;
            var log = new System.Text.StringBuilder();
            foreach (var args in new[] { "install -y -q --no-install-recommends chromium", "update -q", "install -y -q --no-install-recommends chromium" })
            {
                if (File.Exists(Path)) break;
                var (code, output) = await RunAsync("apt-get", args, TimeSpan.FromMinutes(10));
                log.AppendLine($"$ apt-get {args} → {code}").AppendLine(output.Length > 2000 ? output[^2000..] : output);
            }
            if (!File.Exists(Path))
                throw new InvalidOperationException($"Chromium is not installed at {Path} and 'apt-get install chromium' did not install it " +
                                                    $"(run the tests as root on Debian, or install the 'chromium' package first):\n{log}");
        }
        finally { Install.Release(); }
    }

    private static async Task<(int, string)> RunAsync(string file, string args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { return (-1, $"{file} could not start: {e.Message}"); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { p.Kill(entireProcessTree: true); return (-1, $"{file} {args} timed out after {timeout}"); }
            return (p.ExitCode, await stdout + await stderr);
        }
    }

    /// <summary>Headless Chromium with the flags a root container needs, no GPU and no background traffic.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        await EnsureInstalledAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            Timeout = 60_000,
        });
    }
}
