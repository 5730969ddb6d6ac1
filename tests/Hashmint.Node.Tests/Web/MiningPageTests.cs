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
