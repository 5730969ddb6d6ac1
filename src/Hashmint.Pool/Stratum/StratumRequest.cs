using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Hashmint.Pool.Stratum;

/// <summary>
/// One line from a miner, read as a JSON-RPC request: an object with a string <c>method</c>, an optional <c>id</c>
/// (number or string, kept as its raw JSON for the reply; "null" otherwise) and optional <c>params</c> (an array, else
/// <c>default</c>). Owns the parsed document: dispose it when the line is handled.
/// </summary>
public sealed class StratumRequest : IDisposable
{
    private readonly JsonDocument _document;

    private StratumRequest(JsonDocument document, string method, string id, JsonElement parameters)
    {
        _document = document;
        Method = method;
        Id = id;
        Params = parameters;
    }

    public string Method { get; }
    public string Id { get; }
    public JsonElement Params { get; }

    /// <summary>Parses a line (without its newline); null with the reason when it is not a request.</summary>
    public static StratumRequest? TryParse(ReadOnlySequence<byte> line, out string? problem)
    {
        // JsonDocument does not check the text inside strings, JsonElement.GetString() throws on it: refuse invalid
        // UTF-8 for the whole line first (found by the stratum-line fuzz target).
        if (!IsUtf8(line)) { problem = "a line that is not UTF-8 text"; return null; }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException) { problem = "a line that is not JSON"; return null; }
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            doc.Dispose();
            problem = "a JSON line that is not a request (an object with a method)";
            return null;
        }
        string id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.Number or JsonValueKind.String ? idElement.GetRawText() : "null";
        var parameters = root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array ? p : default;
        problem = null;
        return new StratumRequest(doc, method.GetString()!, id, parameters);
    }

    private static bool IsUtf8(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment) return Utf8.IsValid(line.FirstSpan);
        return Utf8.IsValid(line.ToArray()); // a line split across pipe segments: rare, and bounded by MaxLineBytes
    }

    public void Dispose() => _document.Dispose();
}
