using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hashmint.Node.Tests.Api.Support;

/// <summary>What every API answer must look like: problems with a code and a detail, the security headers, no internals.</summary>
public static partial class ApiAssert
{
    /// <summary>Asserts an RFC 7807 problem with this status and code, and returns its body.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode status, string code)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"expected {(int)status} {code}, got {(int)r.StatusCode}: {body}");
        var problem = ProblemShape(r, body);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>application/problem+json with a non-empty code and detail, and the status in the body.</summary>
    public static JsonElement ProblemShape(HttpResponseMessage r, string body)
    {
        Assert.True(r.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{(int)r.StatusCode} {r.RequestMessage?.RequestUri} is '{r.Content.Headers.ContentType}', not a problem: {body}");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(problem.TryGetProperty("code", out var code) && !string.IsNullOrWhiteSpace(code.GetString()), $"problem without a code: {body}");
        Assert.True(problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()), $"problem without a detail: {body}");
        Assert.Equal((int)r.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The protections every response carries (SecurityHeaders).</summary>
    public static void SecurityHeaders(HttpResponseMessage r)
    {
        string what = $"{(int)r.StatusCode} {r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}";
        Assert.True(Header(r, "X-Content-Type-Options") == "nosniff", $"{what}: no X-Content-Type-Options: nosniff");
        Assert.True(Header(r, "X-Frame-Options") is "DENY" or "SAMEORIGIN", $"{what}: no X-Frame-Options");
        Assert.True(!string.IsNullOrEmpty(Header(r, "Referrer-Policy")), $"{what}: no Referrer-Policy");
        Assert.True(!string.IsNullOrEmpty(Header(r, "Content-Security-Policy")), $"{what}: no Content-Security-Policy");
    }

    public static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) || r.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : null;

    /// <summary>No stack trace, exception or .NET type name in a body meant for clients.</summary>
    public static void NoInternals(string body, string what)
    {
        var m = Internals().Match(body);
        Assert.False(m.Success, $"{what} leaks internals ('{m.Value}'): {body[..Math.Min(body.Length, 600)]}");
    }

    [GeneratedRegex(@"Exception|\bat [A-Z]\w+\.|System\.[A-Z]|Microsoft\.[A-Z]|Hashmint\.[A-Z]|\.cs:line|Nullable`|\[\[|Int32")]
    private static partial Regex Internals();
}

/// <summary>
/// Checks every response of a test client: the security headers; and every error (4xx/5xx) is a problem with a code and
/// a detail that leaks nothing. A failure throws from the request itself, so no test can get a bad response past it.
/// </summary>
public sealed class ResponseChecks(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var r = await base.SendAsync(request, ct);
        ApiAssert.SecurityHeaders(r);
        if (r.Content.Headers.ContentType?.MediaType == "text/event-stream") return r;
        Assert.True((int)r.StatusCode < 500, $"{request.Method} {request.RequestUri} got {(int)r.StatusCode}");
        if ((int)r.StatusCode >= 400 || r.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            await r.Content.LoadIntoBufferAsync(ct);
            var body = await r.Content.ReadAsStringAsync(ct);
            ApiAssert.ProblemShape(r, body);
            ApiAssert.NoInternals(body, $"{(int)r.StatusCode} {request.Method} {request.RequestUri}");
        }
        return r;
    }
}
