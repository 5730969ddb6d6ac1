using System.Net;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>
/// GET /api/v1/collections/{id}/tokens/{tokenId}/content: on-chain content anyone could have written is served so it
/// can do no harm — active types as downloads, every answer sandboxed and nosniff, text as UTF-8, bad types as bytes.
/// (That nothing runs in a real browser is <see cref="Security.UserContentBrowserTests"/>.)
/// </summary>
public sealed class ContentEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    public static TheoryData<string> Samples => [.. ContentSamples.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Content_is_served_with_a_safe_type_sandboxed_and_active_types_as_downloads(string name)
    {
        var sample = ContentSamples.Get(name);
        using var r = await f.Http.GetAsync(ContentSamples.ContentPath(name));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(sample.Data, await r.Content.ReadAsByteArrayAsync());
        Assert.Equal(sample.SentType, r.Content.Headers.ContentType?.ToString());

        var csp = ApiAssert.Header(r, "Content-Security-Policy")!;
        Assert.Contains("sandbox", csp.Split(';', StringSplitOptions.TrimEntries));
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("nosniff", ApiAssert.Header(r, "X-Content-Type-Options"));

        var disposition = r.Content.Headers.ContentDisposition;
        if (sample.Inline) Assert.True(disposition is null || disposition.DispositionType == "inline", $"{name} should display inline, got '{disposition}'");
        else
        {
            Assert.NotNull(disposition);
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal($"{ContentSamples.CollectionId}-{ContentSamples.TokenId(name)}", disposition.FileNameStar);
        }
        Assert.Contains("immutable", r.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Tokens_without_on_chain_content_have_none_to_serve()
    {
        using var block = await f.Http.GetAsync("api/v1/collections/blocks/tokens/1/content");
        await ApiAssert.Problem(block, HttpStatusCode.NotFound, "not-found");
        using var game = await f.Http.GetAsync($"api/v1/collections/{ApiFixture.GameCollection}/tokens/1/content");
        await ApiAssert.Problem(game, HttpStatusCode.NotFound, "not-found");
    }
}
