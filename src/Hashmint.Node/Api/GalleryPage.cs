using System.Net;
using System.Text;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>
/// A plain server-rendered gallery at `/`: chain status and the newest tokens of every collection with their art.
/// No script, so it works in any browser and in `curl`; the full explorer and marketplace are a later milestone.
/// On-chain images (SVG included) are shown through &lt;img&gt;, where no script of theirs can run.
/// </summary>
public static class GalleryPage
{
    private const int TokensPerCollection = 24;

    public static void Map(WebApplication app) =>
        app.MapGet("/", (LedgerFacade ledger, BlockMiner miner, string? collection) =>
                Results.Content(Render(ledger, miner, collection), "text/html; charset=utf-8"))
            .ExcludeFromDescription();

    private static string Render(LedgerFacade ledger, BlockMiner miner, string? only)
    {
        var tip = ledger.Tip;
        string hrp = ledger.Network.AddressPrefix;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hashmint gallery</title><style>")
            .Append("body{font-family:system-ui,sans-serif;background:#101216;color:#e8e8ea;margin:2rem}a{color:#8fd3ff}")
            .Append(".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:1rem}")
            .Append(".card{background:#1b1e24;border-radius:8px;padding:.5rem}.card img{width:100%;border-radius:6px;display:block}")
            .Append(".meta{font-size:.8rem;color:#a7abb3;margin-top:.3rem}.tier{font-weight:600;color:#ffd27a}</style></head><body>");
        html.Append($"<h1>Hashmint {Enc(ledger.Network.Name)}</h1><p>Height <b>{tip.Height}</b> · tip <code>{Enc(tip.Hash.ToString()[..16])}…</code> · ")
            .Append($"difficulty {CompactTarget.Difficulty(tip.Header.Bits):0.####} · mempool {ledger.MempoolStats.Count} · miner {StatusLineService.FormatRate(miner.HashesPerSecond)} · ")
            .Append("<a href=\"/api/v1/status\">status</a> · <a href=\"/openapi/v1.json\">API</a></p>");
        foreach (var kv in ledger.ScanState([NftKeys.CollectionPrefix], null, reverse: false, 50))
        {
            var c = CollectionState.Decode(kv.Value);
            if (only is not null && c.Id != only) continue;
            html.Append($"<h2><a href=\"/?collection={Enc(c.Id)}\">{Enc(c.Definition.Name)}</a> <small>({Enc(c.Id)}, {c.Supply} tokens, mint: {Enc(Kebab(c.Definition.MintPolicy))})</small></h2><div class=\"grid\">");
            var prefix = NftKeys.TokensOf(c.Id);
            foreach (var t in ledger.ScanState(prefix, null, reverse: true, TokensPerCollection))
            {
                ulong id = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(t.Key.AsSpan(prefix.Length));
                var token = TokenState.Decode(t.Value);
                string url = $"/api/v1/collections/{Enc(c.Id)}/tokens/{id}";
                string image = token.Content is OnChainContent { MimeType: var mime } && mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                    ? $"{url}/content" : $"{url}/image.png?size=256";
                html.Append($"<div class=\"card\"><a href=\"{url}\"><img loading=\"lazy\" src=\"{image}\" alt=\"{Enc(c.Id)} #{id}\"></a>")
                    .Append($"<div class=\"meta\">#{id} · <span class=\"tier\">{MintProof.TierName(token.Rarity)}</span> · block {token.MintedHeight}<br>")
                    .Append($"{Enc(token.Owner.ToAddress(hrp)[..14])}…</div></div>");
            }
            html.Append("</div>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Kebab(Enum value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
