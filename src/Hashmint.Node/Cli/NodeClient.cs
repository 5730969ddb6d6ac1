using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>Talks to a running node, finding its URL and API token in the data directory.</summary>
public sealed class NodeClient : IDisposable
{
    private readonly HttpClient _http;

    public string BaseUrl { get; }
    public string Network { get; }

    private NodeClient(string baseUrl, string network, string? token)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        Network = network;
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static NodeClient FromDataDir(string dataDir)
    {
        var dir = new DataDirectory(dataDir);
        var info = dir.ReadNodeInfo() ?? throw new CliException($"no running node found in {dir.Path} (node.json is missing: start it with 'hashmint node' or 'hashmint devnet')");
        return new NodeClient(info.ApiUrl, info.Network, dir.ReadToken());
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.GetAsync(path.TrimStart('/'), ct));
        return await ReadJsonOrThrow(response, ct);
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.GetAsync(path.TrimStart('/'), ct));
        if (!response.IsSuccessStatusCode) await ReadJsonOrThrow(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<JsonElement> PostJsonAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.PostAsJsonAsync(path.TrimStart('/'), body, ct));
        return await ReadJsonOrThrow(response, ct);
    }

    public async Task<JsonElement> PostTextAsync(string path, string text, CancellationToken ct)
    {
        using var content = new StringContent(text, System.Text.Encoding.UTF8, "text/plain");
        using var response = await SendAsync(() => _http.PostAsync(path.TrimStart('/'), content, ct));
        return await ReadJsonOrThrow(response, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try { return await send(); }
        catch (HttpRequestException e) { throw new CliException($"cannot reach the node at {BaseUrl}: {e.Message}"); }
    }

    private static async Task<JsonElement> ReadJsonOrThrow(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement json;
        try { json = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { throw new CliException($"node answered {(int)response.StatusCode}: {text}"); }
        if (!response.IsSuccessStatusCode)
        {
            string code = json.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
            string detail = json.TryGetProperty("detail", out var d) ? d.GetString() ?? text : text;
            throw new CliException($"node refused ({(int)response.StatusCode} {code}): {detail}");
        }
        return json;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure to report to the user as one clear line, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);
