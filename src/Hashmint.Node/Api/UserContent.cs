using Microsoft.Net.Http.Headers;

namespace Hashmint.Node.Api;

/// <summary>
/// Serving on-chain content that anyone could have written. Every answer carries nosniff and a sandboxing content
/// security policy (no script runs, the document gets an opaque origin, so it can never read the API); types that can
/// be active in a browser (HTML, SVG, XML, JavaScript, PDF...) go out as downloads; a declared type that is not a valid
/// media type is served as bytes. Passive types (images, audio, video, plain text, JSON) display inline.
/// </summary>
public static class UserContent
{
    public const string SandboxPolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

    /// <summary>For answers that never change (on-chain content, art drawn from a seed): cache them for good.</summary>
    public const string ImmutableCache = "public, max-age=31536000, immutable";

    private static readonly HashSet<string> Passive = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
        "audio/mpeg", "audio/ogg", "audio/wav", "audio/webm", "audio/flac",
        "video/mp4", "video/webm", "video/ogg",
        "text/plain", "text/csv", "application/json", "model/gltf-binary", "model/gltf+json", "application/octet-stream",
    };

    /// <summary>The media type to send (the declared one when it parses, else application/octet-stream) and whether it is inline-safe.</summary>
    public static (string ContentType, bool Inline) Classify(string declared)
    {
        if (!MediaTypeHeaderValue.TryParse(declared, out var parsed) || parsed.MediaType.Value is not { } type || declared.Any(char.IsControl))
            return ("application/octet-stream", false);
        bool inline = Passive.Contains(type) && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        // Text types are sent as UTF-8 whatever they declared: a charset like UTF-7 must not turn text into markup.
        string sent = type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ? $"{type}; charset=utf-8" : type;
        return (sent, inline);
    }

    public static IResult Serve(HttpContext context, byte[] data, string declaredType, string fileName)
    {
        var (type, inline) = Classify(declaredType);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = SandboxPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = ImmutableCache; // on-chain content never changes
        if (!inline) headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        return Results.File(data, type);
    }
}
