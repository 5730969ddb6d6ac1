using System.Buffers.Binary;
using System.Net;
using Hashmint.Art;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/collections/{id}/tokens/{tokenId}/image.png: the art, its ETag and cache headers, 304s and size bounds.</summary>
public sealed class ImageEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private const string Url = "api/v1/collections/blocks/tokens/1/image.png";

    private static (int Width, int Height) Size(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    [Fact]
    public async Task The_image_is_the_seeds_art_as_png_with_an_etag_and_an_immutable_cache_header()
    {
        using var r = await f.Http.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/png", r.Content.Headers.ContentType?.MediaType);
        var png = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal((512, 512), Size(png)); // the default size
        var seed = f.Ledger.BlockAt(1)!.Hash.ToArray();
        Assert.Equal(CppnArt.RenderPng(seed, 512), png);

        var etag = r.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        var cache = r.Headers.CacheControl;
        Assert.NotNull(cache);
        Assert.True(cache.Public, $"Cache-Control is '{cache}'");
        Assert.True(cache.MaxAge >= TimeSpan.FromDays(365), $"Cache-Control is '{cache}'");
        Assert.Contains("immutable", cache.Extensions.Select(e => e.Name));

        // Another size is another representation: another tag.
        using var small = await f.Http.GetAsync(Url + "?size=64");
        Assert.NotEqual(etag.Tag, small.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task If_None_Match_with_the_etag_is_a_304_without_a_body()
    {
        using var first = await f.Http.GetAsync(Url + "?size=32");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, Url + "?size=32");
        again.Headers.IfNoneMatch.Add(etag);
        using var r = await f.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, r.StatusCode);
        Assert.Empty(await r.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, r.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, Url + "?size=32");
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"something-else\""));
        using var full = await f.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(2048)]
    public async Task Sizes_16_to_2048_render_at_that_size(int size)
    {
        var png = await f.Http.GetByteArrayAsync($"{Url}?size={size}");
        Assert.Equal((size, size), Size(png));
    }

    [Theory]
    [InlineData("15", "bad-size")]
    [InlineData("2049", "bad-size")]
    [InlineData("0", "bad-size")]
    [InlineData("-512", "bad-size")]
    [InlineData("abc", "bad-parameter")]
    [InlineData("1e3", "bad-parameter")]
    [InlineData("99999999999999", "bad-parameter")]
    public async Task A_size_outside_16_to_2048_or_not_a_number_is_a_400(string size, string code)
    {
        using var r = await f.Http.GetAsync($"{Url}?size={size}");
        var problem = await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
        Assert.Contains("size", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_token_of_every_collection_has_art()
    {
        foreach (var url in new[]
        {
            $"api/v1/collections/{ContentSamples.CollectionId}/tokens/1/image.png?size=16",
            $"api/v1/collections/{ApiFixture.GameCollection}/tokens/1/image.png?size=16",
        })
        {
            using var r = await f.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(PngSignature, (await r.Content.ReadAsByteArrayAsync())[..8]);
        }
    }
}
