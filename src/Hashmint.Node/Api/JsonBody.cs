using System.Text.Json;

namespace Hashmint.Node.Api;

/// <summary>
/// Strict reading of small JSON request bodies (admin calls): an object, size-limited, only known properties, each of
/// the right type, required ones present; every refusal says which property and why.
/// </summary>
public sealed class JsonBody
{
    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    public static async Task<(JsonBody? Body, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, params string[] known)
    {
        if (request.ContentLength > maxBytes) return (null, ApiErrors.TooLarge($"the body is {request.ContentLength} bytes; this call takes at most {maxBytes}"));
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes) return (null, ApiErrors.TooLarge($"the body exceeds {maxBytes} bytes"));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiErrors.TooLarge("the request body is larger than the node accepts"));
        }
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            root = doc.RootElement.Clone();
        }
        catch (JsonException) { return (null, Bad("the body is not valid JSON, or it repeats a property")); }
        if (root.ValueKind != JsonValueKind.Object) return (null, Bad("the body must be a JSON object"));
        foreach (var p in root.EnumerateObject())
            if (!known.Contains(p.Name, StringComparer.Ordinal))
                return (null, Bad($"unknown property '{Cut(p.Name)}' (this call takes: {string.Join(", ", known)})"));
        return (new JsonBody(root), null);
    }

    public bool TryBool(string name, bool required, out bool value, out IResult? error)
    {
        value = false;
        error = null;
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            if (required) error = Bad($"'{name}' is required (true or false)");
            return !required;
        }
        if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { error = Bad($"'{name}' must be true or false"); return false; }
        value = e.GetBoolean();
        return true;
    }

    public bool TryInt(string name, int min, int max, out int? value, out IResult? error)
    {
        value = null;
        error = null;
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v) || v < min || v > max)
        {
            error = Bad($"'{name}' must be a whole number {min}..{max}");
            return false;
        }
        value = v;
        return true;
    }

    public bool TryString(string name, int maxLength, out string? value, out IResult? error)
    {
        value = null;
        error = null;
        if (!_root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.String || e.GetString()!.Length > maxLength) { error = Bad($"'{name}' must be a string of at most {maxLength} characters"); return false; }
        value = e.GetString();
        return true;
    }

    private static IResult Bad(string detail) => ApiErrors.BadRequest("bad-body", detail);
    private static string Cut(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
