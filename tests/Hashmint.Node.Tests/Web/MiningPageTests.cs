using System.Net;
using System.Text.RegularExpressions;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Node.Web;
using Hashmint.Pool.Stratum;

namespace Hashmint.Node.Tests.Web;

/// <summary>The mining page without a browser: the commands it shows are what the pool parses; a node without a pool says how to start one.</summary>
public sealed partial class MiningPageTests
{
    [GeneratedRegex(@"minerd -a sha256d -o stratum\+tcp://(?<host>[^:\s]+):(?<port>\d+) -u (?<user>[^\s<]+) -p (?<password>[^\s<]+)")]
    internal static partial Regex Cpuminer();

    private static readonly string Address = WebChain.Address(WebChain.Id(WebChain.Key(0x42)));

    [Theory]
    [InlineData(null)]
    [InlineData("web-art")]
    public void The_username_and_password_the_page_shows_parse_with_the_pools_login_parser(string? collection)
    {
        var cmd = MiningCommands.For("127.0.0.1", 3333, Address, collection);
        Assert.True(MinerLogin.TryParse(cmd.Username, cmd.Password, ChainParams.Regtest.AddressPrefix, out var login, out var problem), problem);
        Assert.Equal(Address, login.Address);
        Assert.Equal(MiningCommands.Worker, login.Worker);
        Assert.Equal(collection, login.Collection);
        // The command line carries exactly those two, in cpuminer's flags.
        var m = Cpuminer().Match(cmd.Cpuminer);
        Assert.True(m.Success, cmd.Cpuminer);
        Assert.Equal((cmd.Username, cmd.Password), (m.Groups["user"].Value, m.Groups["password"].Value));
        Assert.Equal($"cgminer -o stratum+tcp://127.0.0.1:3333 -u {cmd.Username} -p {cmd.Password}", cmd.Cgminer);
        // Until an address is entered the page shows a placeholder, which the pool refuses (so nobody mines for a made-up account).
        var placeholder = MiningCommands.For("127.0.0.1", 3333, null, collection);
        Assert.False(MinerLogin.TryParse(placeholder.Username, placeholder.Password, ChainParams.Regtest.AddressPrefix, out _, out _));
    }

    [Fact]
    public void The_pool_charts_draw_each_complete_minute_and_say_what_they_show()
    {
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000); // a whole minute, 12:00 UTC... of some day
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(t0);
        var stats = new Hashmint.Pool.PoolStats(clock);
        var account = WebChain.Id(WebChain.Key(0x43));
        // Three minutes at difficulty 6, 12 and 3 a minute; two rejections in the second.
        foreach (var (minute, difficulty) in new[] { (0, 6.0), (1, 12.0), (2, 3.0) })
            stats.Accepted(new Hashmint.Pool.AcceptedShare(account, "rig1", difficulty, t0.AddMinutes(minute).AddSeconds(30), Hashmint.Pool.Jobs.JobKind.Block, null, false));
        stats.Rejected(new Hashmint.Pool.RejectedShare(account, "rig1", 23, "low-difficulty", t0.AddMinutes(1).AddSeconds(40)));
        stats.Rejected(new Hashmint.Pool.RejectedShare(account, "rig1", 21, "stale", t0.AddMinutes(1).AddSeconds(50)));
        clock.SetUtcNow(t0.AddMinutes(3).AddSeconds(10));

        var (svg, summary) = MiningCharts.Render(stats, "hashrate");
        var points = Regex.Match(svg, "<polyline [^>]*points=\"([^\"]*)\"").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, points.Length); // the three complete minutes since the pool started; the fourth is under way
        string clockOf(int minute) => t0.AddMinutes(minute).UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"{clockOf(0)} to {clockOf(3)} UTC", summary);
        Assert.Contains($"last minute {Fmt.HashRate(3 * Math.Pow(2, 32) / 60)}", summary);
        Assert.Contains($"highest {Fmt.HashRate(12 * Math.Pow(2, 32) / 60)}", summary);
        Assert.Contains($"average {Fmt.HashRate(21 * Math.Pow(2, 32) / 180)}", summary);
        Assert.Contains("<desc>Pool hash rate per minute", svg); // the SVG carries its own description

        var (bars, sharesSummary) = MiningCharts.Render(stats, "shares");
        Assert.Contains("3 accepted and 2 rejected; busiest minute 3 shares", sharesSummary);
        Assert.Equal(3 + 1, Regex.Matches(bars, "fill=\"#7ee787\"/>").Count); // a bar for each minute with accepted shares, and the legend's swatch
        Assert.Equal(1 + 1, Regex.Matches(bars, "fill=\"#ff7b72\"/>").Count); // the rejections all fell in one minute
    }

    [Fact]
    public async Task Without_a_pool_the_page_says_so_and_how_to_start_one_and_a_bad_address_is_a_400_with_one_line()
    {
        await using var node = await InProcessNode.StartAsync(ChainParams.Regtest, AccountId.None);
        using var page = await node.Http.GetAsync("mining");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("This node runs no mining pool", html);
        Assert.Contains("--pool-port", html);
        Assert.Contains("Blocks of regtest", html);
        Assert.DoesNotContain("minerd -a", html); // no command for a pool that is not there

        using var bad = await node.Http.GetAsync("mining?address=rm1nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        string badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Single(Regex.Matches(badHtml, "role=\"alert\""));
        Assert.Contains("That is not an address of this network", badHtml);
        Assert.DoesNotContain("Exception", badHtml);
        Assert.DoesNotContain(" at Hashmint.", badHtml);

        using var fine = await node.Http.GetAsync($"mining?address={Address}");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Contains("This node runs no pool, so it has no shares of anyone", await fine.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("charts/pool/hashrate.svg")).StatusCode);
    }
}
