using Hashmint.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Api;

/// <summary>
/// Answers only requests whose Host is one this node serves: loopback names, the host it listens on, and any configured
/// extra names. A DNS-rebinding page (evil.example resolving to 127.0.0.1) sends its own name and gets a 421 problem.
/// </summary>
public static class HostFilter
{
    public static IApplicationBuilder UseHostFilter(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<NodeOptions>>().Value;
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]", "::1" };
        allowed.Add(options.ApiHost.Contains(':') && !options.ApiHost.StartsWith('[') ? $"[{options.ApiHost}]" : options.ApiHost);
        foreach (var h in options.AllowedHosts) allowed.Add(h);
        bool any = options.AllowedHosts.Contains("*");
        return app.Use(async (context, next) =>
        {
            var host = context.Request.Host;
            // The in-process test server has no Host header; real HTTP/1.1 requests always carry one.
            if (any || !host.HasValue || allowed.Contains(host.Host)) { await next(context); return; }
            await ApiErrors.Problem(StatusCodes.Status421MisdirectedRequest, "Misdirected request", "bad-host",
                $"this node does not serve the host '{Cut(host.Host)}': use 127.0.0.1 or localhost, or start it with --allowed-host").ExecuteAsync(context);
        });
    }

    private static string Cut(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
