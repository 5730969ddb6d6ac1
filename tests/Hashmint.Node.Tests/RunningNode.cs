using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests;

/// <summary>A `hashmint node` process on a free loopback port, with an HTTP client for its API.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    public HashmintProcess Process { get; }
    public HttpClient Http { get; }
    public string DataDir { get; }
    public int Port { get; }

    private RunningNode(HashmintProcess process, string dataDir, int port)
    {
        Process = process;
        DataDir = dataDir;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Token => File.ReadAllText(Path.Combine(DataDir, "api-token")).Trim();

    public static async Task<RunningNode> StartAsync(string dataDir, string command = "node", params string[] extra)
    {
        int port = HashmintProcess.FreePort();
        var args = new List<string> { command, "--datadir", dataDir, "--api-port", port.ToString() };
        if (command == "node") args.AddRange(["--network", "regtest", "--quiet"]);
        if (command == "devnet" && !extra.Contains("--pool-port")) args.AddRange(["--pool-port", HashmintProcess.FreePort().ToString()]); // never the fixed default: tests run side by side
        args.AddRange(extra);
        var process = HashmintProcess.Start(args);
        var node = new RunningNode(process, dataDir, port);
        await node.WaitUntilAsync(async () => (await node.TryStatusAsync()) is not null, TimeSpan.FromSeconds(60), "API to answer");
        return node;
    }

    public async Task<JsonElement?> TryStatusAsync()
    {
        try
        {
            using var r = await Http.GetAsync("api/v1/status");
            return r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (HttpRequestException) { return null; }
    }

    public async Task<JsonElement> StatusAsync() => await TryStatusAsync() ?? throw new InvalidOperationException("status failed:\n" + Process.Output);

    /// <summary>Polls (every 200 ms) until the condition holds; fails with the node's output after the timeout.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited) throw new InvalidOperationException($"hashmint exited ({Process.ExitCode}) while waiting for {what}:\n{Process.Output}");
            if (await condition()) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}:\n{Process.Output}");
    }

    public async Task<JsonElement> AdminPostAsync(string path, object body)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var r = await Http.SendAsync(req);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{path} failed: {json}");
        return json;
    }

    public Task<JsonElement> GenerateAsync(int count, string? address = null) => AdminPostAsync("api/v1/admin/generate", new { count, address });

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task<int> StopAsync()
    {
        Process.Signal(HashmintProcess.SIGTERM);
        if (!await Process.WaitForExitAsync(TimeSpan.FromSeconds(60))) throw new TimeoutException("node did not stop on SIGTERM:\n" + Process.Output);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            try { Process.Signal(HashmintProcess.SIGTERM); await Process.WaitForExitAsync(TimeSpan.FromSeconds(30)); }
            catch (InvalidOperationException) { }
        }
        Process.Dispose();
    }
}
