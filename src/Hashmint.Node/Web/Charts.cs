using System.Globalization;
using System.Text;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;

namespace Hashmint.Node.Web;

/// <summary>
/// Hash rate and difficulty over the last blocks, drawn as SVG on the server (served at /charts/{kind}.svg and shown
/// through &lt;img&gt; with a text alternative). Rendered once per tip and kind, so a page view costs a lookup.
/// </summary>
public sealed class Charts(LedgerFacade ledger)
{
    public const int DefaultWindow = 120;
    /// <summary>Blocks averaged for one hash-rate point (their work over the time they took).</summary>
    public const int RateSpan = 10;

    private readonly object _sync = new();
    private readonly Dictionary<(string, int), (Hash256 Tip, string Svg, string Summary)> _cache = [];

    public static readonly string[] Kinds = ["hashrate", "difficulty"];

    /// <summary>The chart's SVG and a one-sentence description of it, for the tip's last <paramref name="window"/> blocks.</summary>
    public (string Svg, string Summary) Render(string kind, int window = DefaultWindow)
    {
        var tip = ledger.Tip;
        lock (_sync)
            if (_cache.TryGetValue((kind, window), out var c) && c.Tip == tip.Hash) return (c.Svg, c.Summary);
        var (svg, summary) = kind == "hashrate" ? HashRate(tip.Height, window) : Difficulty(tip.Height, window);
        lock (_sync) _cache[(kind, window)] = (tip.Hash, svg, summary);
        return (svg, summary);
    }

    private List<ChainPoint> Points(uint tipHeight, int count)
    {
        var list = new List<ChainPoint>(count);
        long from = Math.Max(0, (long)tipHeight - count + 1);
        for (long h = from; h <= tipHeight; h++)
            if (ledger.BlockAt((uint)h) is { } p) list.Add(p);
        return list;
    }

    private (string, string) Difficulty(uint tip, int window)
    {
        var points = Points(tip, window).Select(p => (X: (double)p.Height, Y: CompactTarget.Difficulty(p.Header.Bits))).ToList();
        string summary = points.Count == 0 ? "no blocks yet"
            : $"Difficulty over blocks {points[0].X:0} to {points[^1].X:0}: from {Fmt.Difficulty(points[0].Y)} to {Fmt.Difficulty(points[^1].Y)} (lowest {Fmt.Difficulty(points.Min(p => p.Y))}, highest {Fmt.Difficulty(points.Max(p => p.Y))}).";
        return (SvgChart.Line("Difficulty", points, Fmt.Difficulty, summary, "#ffb454"), summary);
    }

    /// <summary>Estimated network hash rate: the work of the last <see cref="RateSpan"/> blocks over the seconds they took.</summary>
    public static double EstimateRate(IReadOnlyList<ChainPoint> points, int i, int span = RateSpan)
    {
        // Genesis is left out: its time is fixed in the chain's parameters, not when anyone mined it.
        int j = Math.Max(points[0].Height == 0 ? 1 : 0, i - span);
        if (i <= j) return 0;
        double work = 0;
        for (int k = j + 1; k <= i; k++) work += CompactTarget.Difficulty(points[k].Header.Bits) * 4294967296.0;
        double seconds = Math.Max(1, (double)points[i].Header.Time - points[j].Header.Time);
        return work / seconds;
    }

    /// <summary>The network's hash rate now, estimated as the charts do (the work of the last <see cref="RateSpan"/> blocks over their time).</summary>
    public double NetworkRate()
    {
        var recent = Points(ledger.Tip.Height, RateSpan + 1);
        return recent.Count > 1 ? EstimateRate(recent, recent.Count - 1) : 0;
    }

    private (string, string) HashRate(uint tip, int window)
    {
        var all = Points(tip, window + RateSpan);
        var points = new List<(double X, double Y)>();
        // The window's blocks, each with the RateSpan blocks before it when the chain has them (fewer near genesis, which
        // is left out: the first point is block 2, the work of one block over the time since block 1).
        int start = Math.Max(all.Count > 0 && all[0].Height == 0 ? 2 : 1, all.Count - window);
        for (int i = start; i < all.Count; i++) points.Add((all[i].Height, EstimateRate(all, i)));
        string summary = points.Count == 0 ? "not enough blocks yet to estimate the hash rate"
            : $"Estimated hash rate over blocks {points[0].X:0} to {points[^1].X:0} (work of {RateSpan} blocks over their time): now {Fmt.HashRate(points[^1].Y)}, highest {Fmt.HashRate(points.Max(p => p.Y))}.";
        return (SvgChart.Line("Hash rate (estimated)", points, Fmt.HashRate, summary, "#5cc8ff"), summary);
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/charts/{kind}.svg", (HttpContext context, Charts charts, string kind, int? window) =>
        {
            if (!Kinds.Contains(kind)) return Results.NotFound();
            int w = Math.Clamp(window ?? DefaultWindow, 10, 2000);
            var (svg, _) = charts.Render(kind, w);
            // The URL carries the tip it was asked for (?at=), so a cached copy is right for as long as the URL is used.
            context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("at") ? "public, max-age=3600" : "no-cache";
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        }).ExcludeFromDescription();
    }
}

/// <summary>A small line-and-area chart in SVG: title, four labelled grid lines, height labels, the line.</summary>
public static class SvgChart
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Line(string title, IReadOnlyList<(double X, double Y)> points, Func<double, string> yLabel, string description, string colour,
        int width = 640, int height = 220, Func<double, string>? xLabel = null, string empty = "not enough blocks yet")
    {
        xLabel ??= x => Math.Round(x).ToString("#,0", C);
        const int left = 70, right = 16, top = 30, bottom = 28;
        double pw = width - left - right, ph = height - top - bottom;
        var s = new StringBuilder(4096);
        s.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(description)}\">");
        s.Append($"<title>{Esc(title)}</title><desc>{Esc(description)}</desc>");
        s.Append("<style>text{font:12px system-ui,-apple-system,'Segoe UI',sans-serif;fill:#a7abb3}.t{font-size:14px;font-weight:600;fill:#e8e8ea}.g{stroke:#2a2f38;stroke-width:1}</style>");
        s.Append(C, $"<rect width=\"{width}\" height=\"{height}\" rx=\"8\" fill=\"#161a20\"/>");
        s.Append(C, $"<text class=\"t\" x=\"{left}\" y=\"20\">{Esc(title)}</text>");
        if (points.Count == 0)
        {
            s.Append(C, $"<text x=\"{left}\" y=\"{top + ph / 2:0}\">{Esc(empty)}</text></svg>");
            return s.ToString();
        }
        double minX = points[0].X, maxX = points[^1].X;
        double maxY = points.Max(p => p.Y), minY = 0;
        if (maxY <= 0) maxY = 1;
        maxY *= 1.1;
        if (maxX <= minX) maxX = minX + 1;
        double X(double x) => left + (x - minX) / (maxX - minX) * pw;
        double Y(double y) => top + ph - (y - minY) / (maxY - minY) * ph;
        for (int i = 0; i <= 4; i++)
        {
            double v = minY + (maxY - minY) * i / 4;
            double y = Y(v);
            s.Append(C, $"<line class=\"g\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            s.Append(C, $"<text x=\"{left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Esc(yLabel(v))}</text>");
        }
        // Height labels at both ends, and in the middle when it is a height of its own (not 11, 12, 12 on two blocks).
        double mid = Math.Round((minX + maxX) / 2);
        var ticks = mid > Math.Round(minX) && mid < Math.Round(maxX) ? new[] { (minX, "start"), (mid, "middle"), (maxX, "end") } : new[] { (minX, "start"), (maxX, "end") };
        foreach (var (x, anchor) in ticks)
            s.Append(C, $"<text x=\"{X(x):0.#}\" y=\"{height - 8}\" text-anchor=\"{anchor}\">{Esc(xLabel(x))}</text>");
        var line = new StringBuilder();
        foreach (var (x, y) in points) line.Append(C, $"{X(x):0.##},{Y(y):0.##} ");
        string path = line.ToString().TrimEnd();
        s.Append(C, $"<polygon fill=\"{colour}\" fill-opacity=\"0.15\" points=\"{X(minX):0.##},{Y(0):0.##} {path} {X(points[^1].X):0.##},{Y(0):0.##}\"/>");
        s.Append(C, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"{path}\"/>");
        if (points.Count == 1) s.Append(C, $"<circle cx=\"{X(points[0].X):0.##}\" cy=\"{Y(points[0].Y):0.##}\" r=\"4\" fill=\"{colour}\"/>"); // a line needs two
        return s.Append("</svg>").ToString();
    }

    /// <summary>
    /// Stacked bars, one per X (two series: <paramref name="lower"/> below, <paramref name="upper"/> on top), with a legend;
    /// the same frame, grid and labels as <see cref="Line"/>.
    /// </summary>
    public static string Bars(string title, IReadOnlyList<(double X, double Lower, double Upper)> bars, (string Name, string Colour) lower, (string Name, string Colour) upper,
        Func<double, string> xLabel, Func<double, string> yLabel, string description, string empty, int width = 640, int height = 220)
    {
        const int left = 70, right = 16, top = 30, bottom = 28;
        double pw = width - left - right, ph = height - top - bottom;
        var s = new StringBuilder(8192);
        s.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(description)}\">");
        s.Append($"<title>{Esc(title)}</title><desc>{Esc(description)}</desc>");
        s.Append("<style>text{font:12px system-ui,-apple-system,'Segoe UI',sans-serif;fill:#a7abb3}.t{font-size:14px;font-weight:600;fill:#e8e8ea}.g{stroke:#2a2f38;stroke-width:1}</style>");
        s.Append(C, $"<rect width=\"{width}\" height=\"{height}\" rx=\"8\" fill=\"#161a20\"/>");
        s.Append(C, $"<text class=\"t\" x=\"{left}\" y=\"20\">{Esc(title)}</text>");
        // The legend, right-aligned on the title's line.
        double lx = width - right;
        foreach (var (name, colour) in new[] { upper, lower })
        {
            s.Append(C, $"<text x=\"{lx:0.#}\" y=\"20\" text-anchor=\"end\">{Esc(name)}</text>");
            lx -= name.Length * 6.5 + 6;
            s.Append(C, $"<rect x=\"{lx - 10:0.#}\" y=\"11\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
            lx -= 24;
        }
        if (bars.Count == 0 || bars.All(b => b.Lower + b.Upper <= 0))
        {
            s.Append(C, $"<text x=\"{left}\" y=\"{top + ph / 2:0}\">{Esc(empty)}</text></svg>");
            return s.ToString();
        }
        // Counts: the top of the scale a multiple of 4, so the four grid lines fall on whole numbers.
        double maxY = Math.Ceiling(bars.Max(b => b.Lower + b.Upper) * 1.1 / 4) * 4;
        double Y(double y) => top + ph - y / maxY * ph;
        for (int i = 0; i <= 4; i++)
        {
            double v = maxY * i / 4, y = Y(v);
            s.Append(C, $"<line class=\"g\" x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            s.Append(C, $"<text x=\"{left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Esc(yLabel(v))}</text>");
        }
        double slot = pw / bars.Count, bw = Math.Max(1, slot * 0.8);
        for (int i = 0; i < bars.Count; i++)
        {
            var (_, lo, up) = bars[i];
            double x = left + i * slot + (slot - bw) / 2;
            if (lo > 0) s.Append(C, $"<rect x=\"{x:0.##}\" y=\"{Y(lo):0.##}\" width=\"{bw:0.##}\" height=\"{Y(0) - Y(lo):0.##}\" fill=\"{lower.Colour}\"/>");
            if (up > 0) s.Append(C, $"<rect x=\"{x:0.##}\" y=\"{Y(lo + up):0.##}\" width=\"{bw:0.##}\" height=\"{Y(lo) - Y(lo + up):0.##}\" fill=\"{upper.Colour}\"/>");
        }
        s.Append(C, $"<text x=\"{left}\" y=\"{height - 8}\" text-anchor=\"start\">{Esc(xLabel(bars[0].X))}</text>");
        s.Append(C, $"<text x=\"{width - right}\" y=\"{height - 8}\" text-anchor=\"end\">{Esc(xLabel(bars[^1].X))}</text>");
        return s.Append("</svg>").ToString();
    }

    private static string Esc(string t) => System.Net.WebUtility.HtmlEncode(t);
}
