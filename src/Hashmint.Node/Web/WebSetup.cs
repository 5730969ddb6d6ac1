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
        ["pool"] = () => new RazorComponentResult<PoolNow>(),
    };

    public static void AddWeb(IServiceCollection services)
    {
        services.AddRazorComponents();
        // Pages are the same for everyone until the chain or the mempool moves: rendered once, served from memory,
        // dropped on every block and transaction (PageCache) and after a few seconds at most (their "ago" times).
        // The mining page is not cached: the pool's shares change it, and neither blocks nor transactions need to arrive.
        services.AddOutputCache(o => o.AddPolicy(PageCache.Policy, b => b.Expire(TimeSpan.FromSeconds(5)).Tag(PageCache.Tag)
            .With(c => !c.HttpContext.Request.Path.StartsWithSegments("/mining"))));
        services.AddSingleton<PageCache>();
        services.AddSingleton<ExplorerIndex>();
        services.AddHostedService<ExplorerIndexService>();
        services.AddSingleton<WebData>();
        services.AddSingleton<Charts>();
        services.AddSingleton<GalleryCatalog>();
        services.AddSingleton<ArtImages>();
        services.AddSingleton<WebAssets>();
    }

    public static void MapWeb(WebApplication app)
    {
        app.Services.GetRequiredService<PageCache>();
        app.UsePageStatus();
        app.UseOutputCache();
        app.UseAntiforgery();
        WebAssets.Map(app);
        Charts.Map(app);
        MiningCharts.Map(app);
        ArtImages.Map(app);
        app.MapGet("/fragments/{name}", (string name) => Fragments.TryGetValue(name, out var f) ? f() : Results.NotFound()).ExcludeFromDescription();
        // The pages are read-only (no forms post to them): GET and HEAD only, so any other method is the API's 405
        // problem with an Allow header, never the framework's bare antiforgery 400.
        app.MapRazorComponents<App>().CacheOutput(PageCache.Policy).Add(endpoint =>
        {
            foreach (var old in endpoint.Metadata.OfType<HttpMethodMetadata>().ToList()) endpoint.Metadata.Remove(old);
            endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        });
    }
}

/// <summary>Drops every cached page when the chain or the mempool changes.</summary>
public sealed class PageCache
{
    public const string Policy = "pages";
    public const string Tag = "chain";

    public PageCache(Hashmint.Ledger.LedgerFacade ledger, Microsoft.AspNetCore.OutputCaching.IOutputCacheStore store)
    {
        void Evict() => _ = store.EvictByTagAsync(Tag, CancellationToken.None).AsTask();
        ledger.ChainUpdated += _ => Evict();
        ledger.TransactionAccepted += _ => Evict();
    }
}

/// <summary>Catches the explorer index up with the chain when the node starts (it then follows each block).</summary>
public sealed class ExplorerIndexService(ExplorerIndex index) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(index.Sync, stoppingToken);
}
