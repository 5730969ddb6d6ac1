using System.Text;
using System.Text.Json;

namespace Hashmint.Node.Api;

/// <summary>
/// Reads a request body carrying raw bytes as hex: plain text, or JSON {"hex": "..."}. A body past the limit is refused
/// with 413 before it is read whole (by Content-Length, or as soon as it grows past the limit). Memory grows with the
/// body actually sent, not with the limit: a ten-byte request costs no megabyte buffer.
/// </summary>
public static class RawHexBody
{
    public static async Task<(byte[]? Bytes, IResult? Error)> ReadAsync(HttpRequest request, int maxHexChars)
    {
        long limit = maxHexChars + 64L;
        if (request.ContentLength > limit) return (null, ApiErrors.TooLarge($"the body is {request.ContentLength} bytes; this call takes at most {limit}"));
        using var reader = new StreamReader(request.Body);
        var body = new StringBuilder((int)Math.Min(request.ContentLength ?? 4096, limit));
        var chunk = new char[4096];
        int read;
        try
        {
            while ((read = await reader.ReadAsync(chunk)) > 0)
            {
                if (body.Length + read > limit) return (null, ApiErrors.TooLarge($"the body exceeds {limit} characters"));
                body.Append(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiErrors.TooLarge("the request body is larger than the node accepts"));
        }
        var text = body.ToString().Trim();
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("hex", out var hexProp) || hexProp.ValueKind != JsonValueKind.String)
                    return (null, Bad("expected a JSON object with a string property \"hex\""));
                text = hexProp.GetString()!.Trim();
            }
            catch (JsonException) { return (null, Bad("the body is not valid JSON")); }
        }
        if (text.Length == 0) return (null, Bad("empty body: send the raw bytes as hex"));
        if (text.Length % 2 != 0) return (null, Bad("hex has an odd number of characters"));
        try { return (Convert.FromHexString(text), null); }
        catch (FormatException) { return (null, Bad("body is not valid hex")); }
    }

    private static IResult Bad(string detail) => ApiErrors.BadRequest(Ledger.RejectCodes.Malformed, detail);
}
