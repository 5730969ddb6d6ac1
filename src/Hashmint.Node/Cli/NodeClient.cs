using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>Talks to a running node's API: found through a data directory's node.json, or at a URL given with --node.</summary>
public sealed class NodeClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly bool _hasToken;

    public string BaseUrl { get; }

    public NodeClient(string baseUrl, string? token)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = RequestTimeout };
        _hasToken = token is not null;
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The node running in a data directory, with the directory's API token.</summary>
    public static NodeClient FromDataDir(string dataDir)
    {
        var dir = new DataDirectory(dataDir);
        var info = dir.ReadNodeInfo() ?? throw new CliException($"no running node found in {dir.Path} (node.json is missing: start it with 'hashmint node' or 'hashmint devnet', or pass --node URL)");
        return new NodeClient(info.ApiUrl, dir.ReadToken());
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.GetAsync(path.TrimStart('/'), ct), ct);
        return await ReadJsonOrThrow(response, ct);
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.GetAsync(path.TrimStart('/'), ct), ct);
        if (!response.IsSuccessStatusCode) await ReadJsonOrThrow(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<JsonElement> PostJsonAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await SendAsync(() => _http.PostAsJsonAsync(path.TrimStart('/'), body, ct), ct);
        return await ReadJsonOrThrow(response, ct);
    }

    public async Task<JsonElement> PostTextAsync(string path, string text, CancellationToken ct)
    {
        using var content = new StringContent(text, System.Text.Encoding.UTF8, "text/plain");
        using var response = await SendAsync(() => _http.PostAsync(path.TrimStart('/'), content, ct), ct);
        return await ReadJsonOrThrow(response, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        try { return await send(); }
        catch (HttpRequestException e) { throw new CliException($"cannot reach the node at {BaseUrl}: {e.Message.TrimEnd('.')} (is it running? 'hashmint status' checks)"); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"the node at {BaseUrl} did not answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    private async Task<JsonElement> ReadJsonOrThrow(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new NodeRefusedException(401, "unauthorized", _hasToken
                ? $"the node at {BaseUrl} refused the API token (401): give this node's own api-token with --api-token-file PATH or HASHMINT_API_TOKEN"
                : $"the node at {BaseUrl} wants its API token for this (401): pass --api-token-file PATH (the node's <datadir>/api-token) or set HASHMINT_API_TOKEN");
        JsonElement json;
        try { json = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException)
        {
            string shown = text.Length > 200 ? text[..200] + "…" : text;
            throw new CliException($"the node at {BaseUrl} answered {(int)response.StatusCode} with something that is not JSON: {shown.ReplaceLineEndings(" ")}");
        }
        if (!response.IsSuccessStatusCode)
        {
            string code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            string detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : text;
            throw new NodeRefusedException((int)response.StatusCode, code, $"node refused ({(int)response.StatusCode} {code}): {detail}");
        }
        return json;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure to report to the user as one clear line, exit code 1.</summary>
public class CliException(string message) : Exception(message);

/// <summary>A command line that cannot mean anything (conflicting or ignored options): one line, exit code 2.</summary>
public sealed class UsageException(string message) : CliException(message);

/// <summary>The node answered with an error: its HTTP status and the stable code from its problem response.</summary>
public sealed class NodeRefusedException(int status, string code, string message) : CliException(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
