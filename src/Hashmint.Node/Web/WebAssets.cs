using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Hashmint.Node.Web;

/// <summary>
/// The pages' static files (JavaScript modules, the style sheet, the icon), embedded in the executable and served at
/// /assets/{name} with a content ETag: revalidated on every use (a conditional request answered 304), so a new build
/// is picked up at once while unchanged files cost no transfer. Nothing to install or copy beside the binary.
/// </summary>
public sealed class WebAssets
{
    private readonly FrozenDictionary<string, Asset> _assets;

    public sealed record Asset(string Name, byte[] Bytes, string ContentType, string ETag);

    public WebAssets()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("web/", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            string name = resource["web/".Length..].Replace('\\', '/');
            string etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"";
            assets[name] = new Asset(name, bytes, TypeOf(name), etag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _assets.Keys;

    public Asset? Find(string name) => _assets.GetValueOrDefault(name);

    private static string TypeOf(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/assets/{*name}", (HttpContext context, WebAssets assets, string name) =>
        {
            if (assets.Find(name) is not { } a) return Results.NotFound();
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache";
            headers.ETag = a.ETag;
            if (context.Request.Headers.IfNoneMatch.ToString() == a.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(a.Bytes, a.ContentType);
        }).ExcludeFromDescription();
    }
}
