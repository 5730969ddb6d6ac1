using System.Net;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>DNS-rebinding defence (HostFilter: foreign Host headers get 421 bad-host) and the headers every response carries.</summary>
public sealed class SecurityHeaderTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:39330")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.2")]
    [InlineData("0.0.0.0")]
    [InlineData("[::2]")]
    public async Task A_foreign_host_header_is_a_421_bad_host(string host)
    {
        foreach (var path in new[] { "api/v1/status", "", "openapi/v1.json", "api/v1/collections/blocks/tokens/1/image.png?size=16" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var r = await f.Http.SendAsync(request);
            var problem = await ApiAssert.Problem(r, HttpStatusCode.MisdirectedRequest, "bad-host");
            Assert.Contains("host", problem.GetProperty("detail").GetString());
        }
        // Admin calls are refused for the host before the token is even looked at.
        using var admin = new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/generate") { Content = new StringContent("{\"count\":1}") };
        admin.Headers.Host = host;
        using var refused = await f.Admin.SendAsync(admin);
        await ApiAssert.Problem(refused, HttpStatusCode.MisdirectedRequest, "bad-host");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("localhost:39330")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:1234")]
    [InlineData("[::1]")]
    [InlineData("[::1]:39330")]
    public async Task Loopback_hosts_pass(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/status");
        request.Headers.Host = host;
        using var r = await f.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    public static TheoryData<string, string> Responses => new()
    {
        { "GET", "api/v1/status" },
        { "GET", "" },
        { "GET", "openapi/v1.json" },
        { "GET", "metrics" },
        { "GET", "api/v1/blocks/1/raw" },
        { "GET", "api/v1/collections/blocks/tokens/1/image.png?size=16" },
        { "GET", $"api/v1/collections/{ContentSamples.CollectionId}/tokens/1/content" },
        { "GET", "api/v1/nope" },
        { "DELETE", "api/v1/status" },
        { "GET", "api/v1/blocks/x" },
        { "POST", "api/v1/admin/mining" },
        { "POST", "api/v1/transactions" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_nosniff_frame_referrer_and_content_security_policies(string method, string path)
    {
        using var client = f.Client(check: false);
        using var r = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new StringContent("zz") });
        ApiAssert.SecurityHeaders(r);
        Assert.Equal("nosniff", ApiAssert.Header(r, "X-Content-Type-Options"));
        Assert.Equal("DENY", ApiAssert.Header(r, "X-Frame-Options"));
        Assert.Equal("no-referrer", ApiAssert.Header(r, "Referrer-Policy"));
        var csp = ApiAssert.Header(r, "Content-Security-Policy")!;
        Assert.Contains("frame-ancestors", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.DoesNotContain("script-src 'unsafe-inline'", csp);
        Assert.Null(ApiAssert.Header(r, "Server"));
    }

    [Fact]
    public async Task The_gallery_page_may_run_no_inline_script_and_api_answers_may_load_nothing()
    {
        using var page = await f.Http.GetAsync("");
        var pageCsp = ApiAssert.Header(page, "Content-Security-Policy")!;
        Assert.Contains("script-src 'self'", pageCsp);
        Assert.Contains("object-src 'none'", pageCsp);
        using var api = await f.Http.GetAsync("api/v1/status");
        Assert.StartsWith("default-src 'none'", ApiAssert.Header(api, "Content-Security-Policy"));
    }
}
