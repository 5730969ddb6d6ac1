using Microsoft.AspNetCore.Diagnostics;

namespace Hashmint.Node.Web;

/// <summary>
/// A page's own status (404, 400) with its own body. A component that sets 404 itself gets an empty response from the
/// Razor component endpoint (it expects a re-execution to render a not-found page), so pages record the status here and
/// it is applied as the response starts, after the page has rendered; the API's problem status pages stay out of it.
/// </summary>
public static class WebStatus
{
    private const string Key = "hashmint-page-status";

    public static void Set(HttpContext context, int status)
    {
        context.Items[Key] = status;
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }

    public static IApplicationBuilder UsePageStatus(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            if (context.Items.TryGetValue(Key, out var s) && s is int status) context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
