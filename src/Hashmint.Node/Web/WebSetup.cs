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

    /// <summary>The page routes whose forms post (docs/WEB.md): the market, a collection's page, a token's page.</summary>
    public static readonly HashSet<string> PostRoutes = new(StringComparer.Ordinal) { "/market", "/collection/{Id}", "/token/{Collection}/{TokenId}" };

    public static void AddWeb(IServiceCollection services)
    {
        services.AddRazorComponents();
        // Pages are the same for everyone until the chain or the mempool moves: rendered once, served from memory,
        // dropped on every block and transaction (PageCache) and after a few seconds at most (their "ago" times).
        // Never cached: the mining page (the pool's shares change it, and neither blocks nor transactions need to arrive),
        // the market page (its unlock form carries a visitor's antiforgery token) and any page seen unlocked (its forms
        // carry that visitor's tokens and name their wallet).
        services.AddOutputCache(o => o.AddPolicy(PageCache.Policy, b => b.Expire(TimeSpan.FromSeconds(5)).Tag(PageCache.Tag)
            .With(c => !c.HttpContext.Request.Path.StartsWithSegments("/mining") && !c.HttpContext.Request.Path.StartsWithSegments("/market")
                && !c.HttpContext.Request.Cookies.ContainsKey(Market.MarketSessions.CookieName))));
        services.AddSingleton<Market.MarketSessions>();
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
        // A form post to a page must come from the node's own pages (docs/WEB.md, "Acting from the pages"): checked before
        // antiforgery, the session and the component see it.
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                && !Market.MarketSessions.IsSameOrigin(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("refused: a form post must come from this node's own pages (same origin)\n");
            }
            return next(context);
        });
        app.UseAntiforgery();
        WebAssets.Map(app);
        Charts.Map(app);
        MiningCharts.Map(app);
        ArtImages.Map(app);
        app.MapGet("/fragments/{name}", (string name) => Fragments.TryGetValue(name, out var f) ? f() : Results.NotFound()).ExcludeFromDescription();
        // The pages read with GET and HEAD; exactly the market's pages also take POST (their forms: unlock, lock and the
        // market actions, each with an antiforgery token). Any other method, or POST elsewhere, is the API's 405 problem
        // with an Allow header, never the framework's bare antiforgery 400.
        app.MapRazorComponents<App>().CacheOutput(PageCache.Policy).Add(endpoint =>
        {
            foreach (var old in endpoint.Metadata.OfType<HttpMethodMetadata>().ToList()) endpoint.Metadata.Remove(old);
            bool posts = endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && PostRoutes.Contains(route);
            endpoint.Metadata.Add(new HttpMethodMetadata(posts ? [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post] : [HttpMethods.Get, HttpMethods.Head]));
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
