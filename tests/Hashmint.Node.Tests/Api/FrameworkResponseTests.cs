using System.Net;
using System.Text.Json;
using Hashmint.Node.Api;
using Hashmint.Node.Tests.Api.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hashmint.Node.Tests.Api;

/// <summary>
/// Answers the framework gives rather than an endpoint — unknown routes, wrong methods — are problems with a code and a
/// detail like every other error (every response of these clients is also checked by <see cref="ResponseChecks"/>).
/// </summary>
public sealed class FrameworkResponseTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("api/v1/nope")]
    [InlineData("api/v1")]
    [InlineData("api/v2/status")]
    [InlineData("api/v1/blocks/1/raw/more")]
    [InlineData("nope.html")]
    [InlineData("api/v1/collections/blocks/tokens/1/image.jpg")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var r = await f.Http.GetAsync(path);
        await ApiAssert.Problem(r, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("DELETE", "api/v1/status")]
    [InlineData("PUT", "api/v1/transactions")]
    [InlineData("GET", "api/v1/admin/generate")]
    [InlineData("PATCH", "api/v1/blocks/1")]
    [InlineData("POST", "api/v1/accounts/rm1abc")]
    [InlineData("DELETE", "api/v1/collections/blocks")]
    [InlineData("POST", "")]
    public async Task A_wrong_method_is_a_405_problem(string method, string path)
    {
        using var r = await f.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("") });
        await ApiAssert.Problem(r, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.NotEmpty(r.Content.Headers.Allow);
    }

    [Fact]
    public async Task Endpoint_problems_carry_a_title_type_and_status()
    {
        using var r = await f.Http.GetAsync("api/v1/blocks/nope");
        var problem = await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-block-id");
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.StartsWith("https://", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(408, "request-timeout")]
    [InlineData(413, "too-large")]
    [InlineData(431, "headers-too-large")]
    [InlineData(400, "bad-request")]
    public async Task The_frameworks_request_errors_become_problems_with_their_own_code(int status, string code)
    {
        // What Kestrel throws at a body read (too slow, too large...): the exception handler turns it into a problem.
        var handler = new BadRequestExceptionHandler(f.Node.App.Services.GetRequiredService<IProblemDetailsService>());
        var context = new DefaultHttpContext { RequestServices = f.Node.App.Services };
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(context, new BadHttpRequestException("Reading the request body failed.", status), CancellationToken.None));
        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = new StreamReader(context.Response.Body).ReadToEnd();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        ApiAssert.NoInternals(body, $"a {status} from the framework");
    }

    [Fact]
    public async Task The_gallery_openapi_and_metrics_are_served()
    {
        using var gallery = await f.Http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, gallery.StatusCode);
        Assert.Equal("text/html", gallery.Content.Headers.ContentType?.MediaType);
        var html = await gallery.Content.ReadAsStringAsync();
        Assert.Contains(ContentSamples.CollectionId, html);
        // The only scripts are the explorer's own modules from /assets: nothing inline, nothing from user content.
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script\\b[^>]*>(.*?)</script>",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, m =>
        {
            Assert.Matches("src=\"/assets/[a-z0-9-]+\\.js(\\?[^\"]*)?\"", m.Value);
            Assert.True(string.IsNullOrWhiteSpace(m.Groups[1].Value), $"inline script: {m.Value}");
        });
        using var metrics = await f.Http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains($"hashmint_chain_height {f.Ledger.Tip.Height}", await metrics.Content.ReadAsStringAsync());
    }
}
