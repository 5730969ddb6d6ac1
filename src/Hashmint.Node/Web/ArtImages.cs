using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Node.Hosting;
using Microsoft.Net.Http.Headers;

namespace Hashmint.Node.Web;

/// <summary>
/// The gallery's pictures: /art/{collection}/{token}.png?size=N&amp;seed=S, a token's neural art at one of the grid
/// sizes. The art is a function of the seed, and the URL names the seed (its first 16 hex digits), so the answer for a
/// URL never changes: immutable caching for a year, an ETag, and 304 without rendering. A seed that is no longer the
/// token's (a reorganisation re-minted it) is a 404, never someone else's picture under an immutable URL.
/// </summary>
public static class ArtImages
{
    /// <summary>Thumbnail and full sizes: a fixed set, so the image cache holds a few entries per token, not one per pixel count.</summary>
    public static readonly int[] Sizes = [64, 128, 256, 512, 1024, 2048];

    public static string SeedTag(Hashmint.Core.Primitives.Hash256 seed) => seed.ToHexInternal()[..16];

    public static void Map(WebApplication app)
    {
        app.MapGet("/art/{collection}/{tokenId}.png", async (HttpContext context, LedgerFacade ledger, ImageCache images, string collection, string tokenId,
            int? size, string? seed, CancellationToken ct) =>
        {
            int s = size ?? 512;
            if (!Sizes.Contains(s)) return Results.BadRequest($"size is one of {string.Join(", ", Sizes)}");
            if (!Hashmint.Core.Nft.CollectionIds.IsValid(collection) || tokenId.Length > 20 || !ulong.TryParse(tokenId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id))
                return Results.NotFound();
            var token = ledger.ReadState(view => view.GetToken(collection, id));
            if (token is null) return Results.NotFound();
            string tag = SeedTag(token.Seed);
            if (seed is not null && seed != tag) return Results.NotFound();
            var etag = new EntityTagHeaderValue($"\"{tag}-{s}\"");
            context.Response.Headers.CacheControl = seed is null ? "public, max-age=60" : "public, max-age=31536000, immutable";
            context.Response.Headers.ETag = etag.ToString();
            if (context.Request.Headers.IfNoneMatch.ToString() == etag.Tag.Value) return Results.StatusCode(StatusCodes.Status304NotModified);
            var png = await images.RenderAsync(token.Seed, s, ct);
            return Results.File(png, "image/png");
        }).ExcludeFromDescription();
    }
}
