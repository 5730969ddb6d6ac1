using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Hashmint.Node.Tests.Web;

/// <summary>The server-drawn charts on the web node's chain, which is short (a few blocks, as a new devnet's is).</summary>
[Collection(WebCollection.Name)]
public sealed partial class ChartTests(WebNodeFixture web)
{
    [GeneratedRegex("<polyline [^>]*points=\"([^\"]*)\"")]
    private static partial Regex Polyline();

    [Fact]
    public async Task The_hash_rate_chart_draws_every_block_after_the_first_on_a_short_chain()
    {
        string svg = await web.Node.Http.GetStringAsync("charts/hashrate.svg");
        uint tip = (await web.Node.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/status")).GetProperty("height").GetUInt32();
        Assert.True(tip >= 3, $"the web chain has {tip} blocks");
        // One point per block from height 2 (the first with a block before it that is not genesis) to the tip: not one lone point.
        var points = Polyline().Match(svg).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(points.Length, (int)tip - 1 - 1, (int)tip - 1); // a block may arrive between the two reads
        Assert.DoesNotMatch(@">(\d+)</text><text[^>]*>\1</text>", svg); // no height label written twice
    }
}
