using Hashmint.Node.Explorer;
using Hashmint.Node.Web.Components;
using Hashmint.Node.Web.Components.Parts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hashmint.Node.Web;

/// <summary>
/// The explorer and gallery: Razor components rendered on the server (static SSR: plain HTML, no WebAssembly, no
/// circuit), small JavaScript modules from /assets, live parts re-fetched from /fragments when the event stream says
/// something changed, charts at /charts. Pages read the chain through the ledger facade and the explorer index.
/// </summary>
public static class WebSetup
{
    /// <summary>The parts of pages that live.js refreshes: each one a component rendered alone.</summary>
    private static readonly Dictionary<string, Func<IResult>> Fragments = new(StringComparer.Ordinal)
    {
        ["stats"] = () => new RazorComponentResult<Stats>(),
        ["charts"] = () => new RazorComponentResult<ChartImages>(),
        ["blocks"] = () => new RazorComponentResult<LatestBlocks>(),
        ["mints"] = () => new RazorComponentResult<LatestMints>(),
        ["mempool"] = () => new RazorComponentResult<MempoolSummary>(),
        ["mempool-stats"] = () => new RazorComponentResult<MempoolSummary>(new { Count = 0 }),
    };

    public static void AddWeb(IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<ExplorerIndex>();
        services.AddHostedService<ExplorerIndexService>();
        services.AddSingleton<WebData>();
        services.AddSingleton<Charts>();
        services.AddSingleton<WebAssets>();
    }

    public static void MapWeb(WebApplication app)
    {
        app.UseAntiforgery();
        WebAssets.Map(app);
        Charts.Map(app);
        app.MapGet("/fragments/{name}", (string name) => Fragments.TryGetValue(name, out var f) ? f() : Results.NotFound()).ExcludeFromDescription();
        app.MapRazorComponents<App>();
    }
}

/// <summary>Catches the explorer index up with the chain when the node starts (it then follows each block).</summary>
public sealed class ExplorerIndexService(ExplorerIndex index) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(index.Sync, stoppingToken);
}
