using System.Globalization;
using System.Text.RegularExpressions;
using Hashmint.Core.Primitives;
using Hashmint.Pool.Stratum;
using Hashmint.Pool.Tests.Support;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// The mining page in a real browser against the web node, which runs a pool: it renders without console errors, every
/// command it shows is one the pool's login parser reads and the pool itself authorizes, shares mined through the pool
/// (with the pool tests' stock-miner client) show in the per-miner lookup — reached with the keyboard, and without
/// JavaScript — and a block found through the pool reaches an open page over the event stream.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MiningBrowserTests(WebNodeFixture web)
{
    // An address of its own, so no other test's shares are counted in its lookup.
    private static readonly byte[] MinerKey = WebChain.Key(0x31);
    private static string MinerAddress => WebChain.Address(WebChain.Id(MinerKey));

    [Fact]
    public async Task Every_command_on_the_mining_page_is_one_the_pool_parses_and_authorizes()
    {
        string html = await web.Node.Http.GetStringAsync($"mining?address={MinerAddress}");
        var commands = MiningPageTests.Cpuminer().Matches(WebUtilityDecode(html));
        Assert.True(commands.Count >= 2, "the page shows a command for the chain's blocks and for web-art");
        var collections = new List<string?>();
        foreach (Match m in commands)
        {
            Assert.Equal(("127.0.0.1", web.PoolPort.ToString(CultureInfo.InvariantCulture)), (m.Groups["host"].Value, m.Groups["port"].Value));
            string user = m.Groups["user"].Value, password = m.Groups["password"].Value;
            Assert.True(MinerLogin.TryParse(user, password, WebChain.Net.AddressPrefix, out var login, out var problem), problem);
            Assert.Equal(MinerAddress, login.Address);
            collections.Add(login.Collection);
            await using var client = await StratumTestClient.ConnectAsync(web.PoolPort);
            await client.SubscribeAsync();
            var auth = await client.AuthorizeAsync(user, password);
            Assert.True(auth["result"]?.GetValue<bool>() == true, $"{user} {password}: {auth.ToJsonString()}");
        }
        Assert.Contains(null, collections);
        Assert.Contains(WebChain.Art, collections);
    }

    private static string WebUtilityDecode(string html) => System.Net.WebUtility.HtmlDecode(html);

    [Fact]
    public async Task The_mining_page_shows_the_pool_and_the_lookup_shows_shares_mined_through_it()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync("/mining");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Mining");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"stratum+tcp://127.0.0.1:{web.PoolPort}");
        await Assertions.Expect(page.Locator("#project-web-art")).ToContainTextAsync("nft=web-art");
        await Assertions.Expect(page.Locator("html[data-live=on]")).ToHaveCountAsync(1);
        await ExplorerBrowserTests.AssertImagesHaveAltAsync(page, "/mining");
        Assert.Equal(2, await page.Locator("img[src^='/charts/pool/']").CountAsync());

        // A stock miner: one share accepted (it is a block: regtest's target is trivial, so the pool's difficulty is the
        // network's), then one refused as too weak on the next job.
        string user = MinerAddress + ".rig1";
        await using var miner = await StratumTestClient.ConnectAsync(web.PoolPort);
        var job = await miner.LoginAsync(user);
        uint before = await web.HeightAsync();
        var accepted = await miner.SubmitAsync(user, job, miner.MineBlock(job));
        Assert.True(accepted["result"]?.GetValue<bool>() == true, accepted.ToJsonString());
        // The open page hears of the pool's block (pool-block on the event stream) and re-renders its live part.
        await Assertions.Expect(page.Locator("#found-h + table")).ToContainTextAsync((before + 1).ToString("#,0", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#found-h + table")).ToContainTextAsync(".rig1");
        // The clean job on the new tip (a refresh of the old job may come first: skipped, boundedly).
        bool clean = false;
        for (int i = 0; i < 10 && !clean; i++) clean = (await miner.NextNotificationAsync("mining.notify"))["params"]![8]!.GetValue<bool>();
        Assert.True(clean, "no clean job after the block");
        var job2 = miner.Job!;
        Assert.NotEqual(job.JobId, job2.JobId);
        var weak = miner.Mine(job2, v => v > StratumTestClient.TargetOfBits(job2.NBits));
        var refused = await miner.SubmitAsync(user, job2, weak);
        Assert.Equal(23, refused["error"]![0]!.GetValue<int>());

        // The lookup, with the keyboard: the labelled box, type, Enter.
        await page.GetByLabel("Your payout address").FocusAsync();
        await page.Keyboard.TypeAsync(MinerAddress);
        await page.Keyboard.PressAsync("Enter");
        await probe.ArrivedAtAsync(new Regex(@"/mining\?address=" + Regex.Escape(MinerAddress)));
        await probe.ImagesLoadedAsync();
        await Assertions.Expect(page.Locator("[data-miner=accepted]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-miner=rejected]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-reason=low-difficulty]")).ToContainTextAsync("low-difficulty 1");
        await Assertions.Expect(page.Locator("#workers tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#workers tbody tr")).ToContainTextAsync("rig1");
        await Assertions.Expect(page.Locator("#workers tbody tr td").Nth(1)).ToHaveTextAsync("yes");
        // The commands now carry this address.
        await Assertions.Expect(page.Locator("#project-blocks pre[data-miner=cpuminer]")).ToContainTextAsync($"-u {MinerAddress}.rig1 -p x");
        // The shares chart says what it shows, in its alternative text.
        var alt = await page.Locator("img[src^='/charts/pool/shares.svg']").GetAttributeAsync("alt");
        Assert.Matches(@"\d+ accepted and \d+ rejected", alt);
        await ExplorerBrowserTests.AssertImagesHaveAltAsync(page, "/mining?address=…");
        await probe.ShotAsync("mining-lookup");
        Assert.True(probe.Errors.Count == 0, string.Join("\n", probe.Errors));

        // The same without JavaScript.
        await using var plain = await web.NewPageAsync(javaScript: false);
        var noJs = await plain.VisitAsync($"/mining?address={MinerAddress}", "mining-lookup-no-js");
        await Assertions.Expect(noJs.Locator("[data-miner=accepted]")).ToHaveTextAsync("1");
        await Assertions.Expect(noJs.Locator("#workers tbody tr")).ToContainTextAsync("rig1");
        await Assertions.Expect(noJs.Locator("#pool-h")).ToHaveCountAsync(1);
        Assert.True(plain.Errors.Count == 0, string.Join("\n", plain.Errors));

        // On a phone: one column, nothing wider than the screen (commands wrap, tables scroll in their own box).
        await using var phone = await web.NewPageAsync(width: 390, height: 844);
        await phone.VisitAsync($"/mining?address={MinerAddress}", "mining-phone");
        int overflow = await phone.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"/mining is {overflow} px wider than a 390 px screen");

        // A bad address: one line on the page, status 400, no stack trace.
        var response = await noJs.GotoAsync("/mining?address=rm1bogus");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(noJs.Locator("main [role=alert]")).ToHaveCountAsync(1);
        await Assertions.Expect(noJs.Locator("main [role=alert]")).ToContainTextAsync("That is not an address of this network");
        await Assertions.Expect(noJs.Locator("main")).Not.ToContainTextAsync("Exception");
        await plain.ShotAsync("mining-bad-address");
    }
}
