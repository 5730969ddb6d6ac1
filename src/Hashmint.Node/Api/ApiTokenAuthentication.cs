using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Api;

public sealed class ApiTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>The token the node wrote into its data directory (api-token, mode 0600).</summary>
    public string Token { get; set; } = "";
}

/// <summary>
/// The node's one credential: "Authorization: Bearer &lt;token&gt;" with the token from the data directory, compared in
/// constant time. Admin endpoints require it (RequireAuthorization); a missing or wrong token gets a 401 problem.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<ApiTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>
    /// Whether <paramref name="given"/> (trimmed) is the node's token, compared in constant time so it cannot be guessed
    /// byte by byte from response times; an empty token matches nothing. The API and the market pages' unlock share it.
    /// </summary>
    internal static bool Matches(string? given, string expected)
    {
        var expectedBytes = Encoding.UTF8.GetBytes(expected);
        return expectedBytes.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes((given ?? "").Trim()), expectedBytes);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        const string prefix = "Bearer ";
        if (header is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith(prefix, StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.Fail("not a bearer token"));
        if (!Matches(header[prefix.Length..], Options.Token))
            return Task.FromResult(AuthenticateResult.Fail("wrong token"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "node-admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiErrors.Unauthorized().ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiErrors.Problem(StatusCodes.Status403Forbidden, "Forbidden", "forbidden", "this token may not make this call").ExecuteAsync(Context);
}
