using System.Security.Cryptography;
using System.Text;

namespace Hashmint.Node.Api;

/// <summary>Guards wallet and admin endpoints with the bearer token the node wrote into its data directory.</summary>
public sealed class TokenAuthFilter(string token) : IEndpointFilter
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? header = context.HttpContext.Request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.Ordinal)) return ApiErrors.Unauthorized();
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        // Constant time, so the token cannot be guessed byte by byte from response times.
        if (!CryptographicOperations.FixedTimeEquals(given, _expected)) return ApiErrors.Unauthorized();
        return await next(context);
    }
}
