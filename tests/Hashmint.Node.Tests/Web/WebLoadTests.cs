using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Hashmint.Core.Transactions;

namespace Hashmint.Node.Tests.Web;

/// <summary>Runs only under scripts/web-load (HASHMINT_WEB_LOAD=1): a load measurement, not a check the suite repeats.</summary>
public sealed class LoadFactAttribute : FactAttribute
{
    public LoadFactAttribute()
    {
        // Skipped in ./scripts/test on purpose: performance is measured (scripts/web-load runs wrk through this test and
        // the figures go to docs/PERFORMANCE.md), never asserted as a timed test in the suite, where it would be flaky.
        if (Environment.GetEnvironmentVariable("HASHMINT_WEB_LOAD") != "1") Skip = "a load measurement: run scripts/web-load";
    }
}

/// <summary>
/// wrk on loopback against a real regtest node holding a proof-of-work collection of 1,000 tokens: p95 latency of the
/// collection page and of a token page at 200 connections, and cached images per second. Writes the figures to
/// $HASHMINT_WEB_LOAD_OUT (default: the test output's web-load.txt).
/// </summary>
[Trait("Category", "Load")]
public sealed class WebLoadTests
{
    private static readonly string Report = Environment.GetEnvironmentVariable("HASHMINT_WEB_LOAD_OUT") ?? Path.Combine(AppContext.BaseDirectory, "web-load.txt");

    [LoadFact]
    public async Task Collection_token_and_image_pages_under_200_connections()
    {
        using var tmp = new TempDir();
        await using var node = await RunningNode.StartAsync(tmp.Sub("node"), "node", "--payout", WebChain.Address(WebChain.Miner));
        var chain = new WebChain(node);
        await chain.GenerateAsync(3);
        await chain.SendAsync(WebChain.MinerKey, new Hashmint.Ledger.Operations.CreateCollectionOperation(WebChain.ArtCollection()));
        await chain.GenerateAsync();
        var sw = Stopwatch.StartNew();
        for (int done = 0; done < 1000; done += 200)
        {
            await chain.MineTokensAsync(WebChain.Art, done % 400 == 0 ? WebChain.Miner : WebChain.User, 200, WebChain.MinerKey);
            await chain.GenerateAsync();
        }
        var setup = sw.Elapsed;
        string baseUrl = $"http://127.0.0.1:{node.Port}";
        var token = await node.Http.GetStringAsync($"api/v1/collections/{WebChain.Art}/tokens/500");
        string seed = Regex.Match(token, "\"seed\":\"([0-9a-f]{16})").Groups[1].Value;

        var lua = Path.Combine(tmp.Path, "p95.lua");
        var unique = Path.Combine(tmp.Path, "unique.lua");
        // Every request a new URL (an ignored query value): no page cache, the full render each time.
        await File.WriteAllTextAsync(unique, "local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, wrk.path .. (wrk.path:find('?', 1, true) and '&' or '?') .. 'n=' .. n)\nend\n" +
            "done = function(summary, latency, requests)\n" +
            "  io.write(string.format(\"P95_MS %.2f\\nP50_MS %.2f\\nP99_MS %.2f\\nREQS %d\\nERRS %d\\nSECS %.2f\\n\", latency:percentile(95) / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration / 1e6))\nend\n");
        await File.WriteAllTextAsync(lua, "done = function(summary, latency, requests)\n" +
            "  io.write(string.format(\"P95_MS %.2f\\nP50_MS %.2f\\nP99_MS %.2f\\nREQS %d\\nERRS %d\\nSECS %.2f\\n\", latency:percentile(95) / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration / 1e6))\nend\n");
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"setup: 1,000 proof-of-work tokens mined and confirmed in {setup.TotalSeconds:0} s");
        foreach (var (name, path, script) in new[]
                 {
                     ("collection page (1,000 tokens, 48 shown)", $"/collection/{WebChain.Art}", lua),
                     ("collection page, rendered every time (no page cache)", $"/collection/{WebChain.Art}", unique),
                     ("token page, rendered every time (no page cache)", $"/token/{WebChain.Art}/500", unique),
                     ("collection page, filtered by tier, rarest first", $"/collection/{WebChain.Art}?tier=common&sort=rarest", lua),
                     ("token page (art, traits, proof, history)", $"/token/{WebChain.Art}/500", lua),
                     ("cached image, 256 px", $"/art/{WebChain.Art}/500.png?size=256&seed={seed}", lua),
                 })
        {
            // Warm: render once (and the image cache), then measure.
            await node.Http.GetAsync(path.TrimStart('/'));
            string loadBefore = LoadAverage();
            var (code, output) = await RunAsync("wrk", $"-t2 -c200 -d10s --timeout 5s -s {script} {baseUrl}{path}");
            Assert.True(code == 0, $"wrk failed: {output}");
            double Value(string key) => double.Parse(Regex.Match(output, key + @" ([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
            double reqs = Value("REQS"), secs = Value("SECS");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{name}: {reqs / secs:0} req/s, p50 {Value("P50_MS"):0.0} ms, p95 {Value("P95_MS"):0.0} ms, p99 {Value("P99_MS"):0.0} ms, errors {Value("ERRS"):0}   [{path}]   load average {loadBefore} before, {LoadAverage()} after");
            Assert.Equal(0, Value("ERRS"));
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemTotal()}; wrk -t2 -c200 -d10s runs on the same cores as the node");
        await File.WriteAllTextAsync(Report, report.ToString());
        Console.WriteLine(report);
    }

    /// <summary>The 1-, 5- and 15-minute load averages (the machine is shared: a number means little without them).</summary>
    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string MemTotal() =>
        File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } l
            ? $"{long.Parse(Regex.Match(l, @"\d+").Value, CultureInfo.InvariantCulture) / 1024.0 / 1024:0.0} GiB" : "memory unknown";

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static async Task<(int, string)> RunAsync(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
