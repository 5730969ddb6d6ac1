using System.Net;
using System.Text;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>
/// A plain server-rendered gallery at `/`: chain status and the newest tokens of every collection with their art.
/// No script, so it works in any browser and in `curl`; the full explorer and marketplace are a later milestone.
/// </summary>
public static class GalleryPage
{
    public static void Map(WebApplication app) =>
        app.MapGet("/", (NodeService node, string? collection) => Results.Content(Render(node, collection), "text/html; charset=utf-8"))
            .ExcludeFromDescription();

    private static string Render(NodeService node, string? only)
    {
        var tip = node.Chain.Tip;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hashmint gallery</title><style>")
            .Append("body{font-family:system-ui,sans-serif;background:#101216;color:#e8e8ea;margin:2rem}a{color:#8fd3ff}")
            .Append(".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:1rem}")
            .Append(".card{background:#1b1e24;border-radius:8px;padding:.5rem}.card img{width:100%;border-radius:6px;display:block}")
            .Append(".meta{font-size:.8rem;color:#a7abb3;margin-top:.3rem}.tier{font-weight:600;color:#ffd27a}</style></head><body>");
        html.Append($"<h1>Hashmint {Enc(node.Options.Network.Name)}</h1><p>Height <b>{tip.Height}</b> · tip <code>{Enc(tip.Hash.ToString()[..16])}…</code> · ")
            .Append($"difficulty {CompactTarget.Difficulty(tip.Header.Bits):0.####} · mempool {node.Mempool.Count} · miner {NodeRunnerRate(node)} · ")
            .Append("<a href=\"/api/v1/status\">status</a> · <a href=\"/openapi/v1.json\">API</a></p>");
        foreach (var c in node.Nfts.Collections(0, 50))
        {
            if (only is not null && c.Id != only) continue;
            html.Append($"<h2><a href=\"/?collection={Enc(c.Id)}\">{Enc(c.Definition.Name)}</a> <small>({Enc(c.Id)}, {c.Supply} tokens, mint: {Enc(c.Definition.MintPolicy.ToString())})</small></h2><div class=\"grid\">");
            ulong from = c.Minted > 24 ? c.Minted - 24 : 0;
            foreach (var (id, token) in node.Nfts.Tokens(c.Id, (int)Math.Min(from, int.MaxValue), 24).Reverse())
            {
                string url = $"/api/v1/collections/{Enc(c.Id)}/tokens/{id}";
                html.Append($"<div class=\"card\"><a href=\"{url}\"><img loading=\"lazy\" src=\"{url}/image.png?size=256\" alt=\"{Enc(c.Id)} #{id}\"></a>")
                    .Append($"<div class=\"meta\">#{id} · <span class=\"tier\">{MintProof.TierName(token.Rarity)}</span> · block {token.MintedHeight}<br>")
                    .Append($"{Enc(token.Owner.ToAddress(node.Options.Network.AddressPrefix)[..14])}…</div></div>");
            }
            html.Append("</div>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string NodeRunnerRate(NodeService node) => Cli.NodeRunner.FormatRate(node.Miner.HashesPerSecond);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
