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
public sealed class ArtImages(LedgerFacade ledger)
{
    // The seed of each token asked for, for the tip it was read at: most image requests then take no ledger lock.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, ulong), (Hashmint.Core.Primitives.Hash256 Tip, Hashmint.Core.Primitives.Hash256 Seed)> _seeds = new();

    private Hashmint.Core.Primitives.Hash256? SeedOf(string collection, ulong id)
    {
        var tip = ledger.Tip.Hash;
        if (_seeds.TryGetValue((collection, id), out var known) && known.Tip == tip) return known.Seed;
        if (_seeds.Count > 100_000) _seeds.Clear();
        var (at, token) = ledger.ReadState(view => (view.Tip.Hash, view.GetToken(collection, id)));
        if (token is null) return null;
        _seeds[(collection, id)] = (at, token.Seed);
        return token.Seed;
    }

    /// <summary>Thumbnail and full sizes: a fixed set, so the image cache holds a few entries per token, not one per pixel count.</summary>
    public static readonly int[] Sizes = [64, 128, 256, 512, 1024, 2048];

    public static string SeedTag(Hashmint.Core.Primitives.Hash256 seed) => seed.ToHexInternal()[..16];

    public static void Map(WebApplication app)
    {
        app.MapGet("/art/{collection}/{tokenId}.png", async (HttpContext context, ArtImages art, ImageCache images, string collection, string tokenId,
            int? size, string? seed, CancellationToken ct) =>
        {
            int s = size ?? 512;
            if (!Sizes.Contains(s)) return Results.BadRequest($"size is one of {string.Join(", ", Sizes)}");
            if (!Hashmint.Core.Nft.CollectionIds.IsValid(collection) || tokenId.Length > 20 || !ulong.TryParse(tokenId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id))
                return Results.NotFound();
            if (art.SeedOf(collection, id) is not { } tokenSeed) return Results.NotFound();
            string tag = SeedTag(tokenSeed);
            if (seed is not null && seed != tag) return Results.NotFound();
            var etag = new EntityTagHeaderValue($"\"{tag}-{s}\"");
            context.Response.Headers.CacheControl = seed is null ? "public, max-age=60" : "public, max-age=31536000, immutable";
            context.Response.Headers.ETag = etag.ToString();
            if (context.Request.Headers.IfNoneMatch.ToString() == etag.Tag.Value) return Results.StatusCode(StatusCodes.Status304NotModified);
            var png = await images.RenderAsync(tokenSeed, s, ct);
            return Results.File(png, "image/png");
        }).ExcludeFromDescription();
    }
}
