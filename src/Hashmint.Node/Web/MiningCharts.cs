using System.Globalization;
using Hashmint.Pool;

namespace Hashmint.Node.Web;

/// <summary>
/// The pool's charts on the mining page, drawn like the chain's (<see cref="SvgChart"/>) from the pool's per-minute
/// share history (<see cref="ShareHistory"/>): hash rate per complete minute (Σ accepted difficulty × 2^32 over the
/// seconds of the minute the pool ran) and accepted/rejected shares per minute (the current minute so far). Served at
/// /charts/pool/{kind}.svg; the page's URL carries the minute and the share counts (?at=), so a cached copy is right.
/// </summary>
public static class MiningCharts
{
    public const int DefaultMinutes = 60;
    public static readonly string[] Kinds = ["hashrate", "shares"];
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Changes whenever a chart would: a new minute, or a share accepted or rejected.</summary>
    public static string Version(PoolStats stats) =>
        $"{stats.Clock.GetUtcNow().ToUnixTimeSeconds() / 60}-{stats.SharesAccepted}-{stats.SharesRejected}";

    private static string Clock(double unix) => DateTimeOffset.FromUnixTimeSeconds((long)unix).UtcDateTime.ToString("HH:mm", C);

    /// <summary>The chart's SVG and a sentence saying what it shows (the image's alternative text).</summary>
    public static (string Svg, string Summary) Render(PoolStats stats, string kind, int minutes = DefaultMinutes)
    {
        minutes = Math.Clamp(minutes, 10, ShareHistory.DefaultMinutes - 1);
        if (kind == "hashrate")
        {
            // Complete minutes only (the current one would be a guess from a few seconds), and none from before the pool started.
            var run = stats.History.Recent(minutes).Where(m => m.Seconds > 0).ToList();
            var points = run.Select(m => (X: (double)m.Start.ToUnixTimeSeconds(), Y: m.HashesPerSecond)).ToList();
            string summary = run.Count == 0
                ? "Pool hash rate per minute: no complete minute yet since the pool started."
                : $"Pool hash rate per minute (accepted share difficulty × 2^32 over the minute), {Clock(points[0].X)} to {Clock(points[^1].X + 60)} UTC: "
                  + $"last minute {Fmt.HashRate(points[^1].Y)}, highest {Fmt.HashRate(points.Max(p => p.Y))}, "
                  + $"average {Fmt.HashRate(run.Sum(m => m.Difficulty) * HashRateWindow.HashesPerDifficulty / Math.Max(1, run.Sum(m => m.Seconds)))}.";
            return (SvgChart.Line("Pool hash rate (from shares)", points, Fmt.HashRate, summary, "#7ee787", xLabel: Clock,
                empty: "no complete minute yet since the pool started"), summary);
        }
        // Every minute of the window, so a bar's place is its time (minutes before the pool started are empty).
        var shares = stats.History.Recent(minutes, includeCurrent: true);
        long accepted = shares.Sum(m => m.Accepted), rejected = shares.Sum(m => m.Rejected);
        var started = stats.History.Started;
        string since = started > shares[0].Start ? $" (the pool started at {Clock(started.ToUnixTimeSeconds())})" : "";
        string what = accepted + rejected == 0
            ? $"Shares per minute: none in the last {minutes} minutes{since}."
            : $"Shares per minute, {Clock(shares[0].Start.ToUnixTimeSeconds())} to now (UTC){since}: {Fmt.Int(accepted)} accepted and {Fmt.Int(rejected)} rejected; "
              + $"busiest minute {Fmt.Int(shares.Max(m => m.Accepted + m.Rejected))} shares.";
        var bars = shares.Select(m => ((double)m.Start.ToUnixTimeSeconds(), (double)m.Accepted, (double)m.Rejected)).ToList();
        return (SvgChart.Bars("Shares per minute", bars, ("accepted", "#7ee787"), ("rejected", "#ff7b72"), Clock, v => Fmt.Si(v), what,
            $"no shares in the last {minutes} minutes"), what);
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/charts/pool/{kind}.svg", (HttpContext context, IServiceProvider services, string kind, int? minutes) =>
        {
            if (!Kinds.Contains(kind) || services.GetService<PoolComposition>() is not { } pool) return Results.NotFound();
            var (svg, _) = Render(pool.Stats, kind, minutes ?? DefaultMinutes);
            // ?at= names the minute and the share counts; a minute's cache is enough (a restarted pool starts its counts again).
            context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("at") ? "public, max-age=60" : "no-cache";
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        }).ExcludeFromDescription();
    }
}
