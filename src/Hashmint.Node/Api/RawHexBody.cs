using System.Text.Json;

namespace Hashmint.Node.Api;

/// <summary>Reads a request body carrying raw bytes as hex: either plain text, or JSON {"hex": "..."}.</summary>
public static class RawHexBody
{
    public static async Task<(byte[]? Bytes, string? Error)> ReadAsync(HttpRequest request, int maxHexChars)
    {
        using var reader = new StreamReader(request.Body);
        var buffer = new char[maxHexChars + 64];
        int total = 0, read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
            if (total >= buffer.Length) return (null, $"body exceeds {maxHexChars} hex characters");
        }
        var text = new string(buffer, 0, total).Trim();
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("hex", out var hexProp) || hexProp.ValueKind != JsonValueKind.String)
                    return (null, "expected a JSON object with a string property \"hex\"");
                text = hexProp.GetString()!.Trim();
            }
            catch (JsonException e) { return (null, $"invalid JSON: {e.Message}"); }
        }
        if (text.Length == 0) return (null, "empty body: send the raw bytes as hex");
        if (text.Length % 2 != 0) return (null, "hex has an odd number of characters");
        try { return (Convert.FromHexString(text), null); }
        catch (FormatException) { return (null, "body is not valid hex"); }
    }
}
