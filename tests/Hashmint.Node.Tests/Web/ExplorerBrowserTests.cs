using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// The explorer in a real browser (Debian's Chromium through Playwright) against a real regtest node: every page renders
/// without a console error and with alternative text on every image, the search box finds each kind of identifier,
/// paging does not move while blocks arrive, live parts follow the event stream, and the pages read without JavaScript.
/// Screenshots of every page go to the test output's screenshots/ folder.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ExplorerBrowserTests(WebNodeFixture web)
{
    internal static async Task AssertImagesHaveAltAsync(IPage page, string where)
    {
        int missing = await page.Locator("img:not([alt])").CountAsync();
        Assert.True(missing == 0, $"{where}: {missing} image(s) without alt text");
        // Every image that should show did load (a broken image has naturalWidth 0).
        var broken = await page.EvaluateAsync<string[]>("[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)");
        Assert.True(broken.Length == 0, $"{where}: broken images {string.Join(", ", broken)}");
    }

    [Fact]
    public async Task Every_explorer_page_renders_without_console_errors()
    {
        var tip = await web.TipHashAsync();
        string address = WebChain.Address(WebChain.User);
        // Other tests mine blocks: this one makes its own pending transaction.
        string pending = await web.Chain.SendAsync(WebChain.UserKey, new Hashmint.Ledger.Operations.TransferOperation(WebChain.Miner, Hashmint.Core.Primitives.Amount.Coins(1)));
        var pages = new (string Path, string Name, string Expect)[]
        {
            ("/", "explorer-home", "Latest blocks"),
            ("/blocks", "explorer-blocks", "Blocks"),
            ($"/block/{tip}", "explorer-block", "Block "),
            ("/block/2", "explorer-block-2", "Block 2"),
            ($"/tx/{web.TransferTxid}", "explorer-tx-transfer", "send 5 HMT"),
            ($"/tx/{web.TokenTransferTxid}", "explorer-tx-token", "send web-art #1"),
            ($"/tx/{pending}", "explorer-tx-pending", "pending"),
            ($"/address/{address}", "explorer-address", "Holdings"),
            ("/mempool", "explorer-mempool", "Mempool"),
        };
        await using var probe = await web.NewPageAsync();
        foreach (var (path, name, expect) in pages)
        {
            var page = await probe.VisitAsync(path);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(expect);
            await AssertImagesHaveAltAsync(page, path);
            await probe.ShotAsync(name);
            Assert.True(probe.Errors.Count == 0, $"{path}: {string.Join("\n", probe.Errors)}");
        }
        // The transaction page says in words what each operation does (the handlers' Describe).
        await probe.VisitAsync($"/tx/{web.TransferTxid}");
        await Assertions.Expect(probe.Page.Locator("ol.ops")).ToContainTextAsync($"send 5 HMT to {WebChain.Address(WebChain.User)}");
        // A block's page lists its transactions with links.
        var txBlock = (await web.GetJsonAsync($"api/v1/transactions/{web.TransferTxid}")).GetProperty("height").GetUInt32();
        await probe.VisitAsync($"/block/{txBlock}");
        await Assertions.Expect(probe.Page.Locator($"a[href='/tx/{web.TransferTxid}']")).ToBeVisibleAsync();
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task Unknown_things_get_a_not_found_page()
    {
        await using var probe = await web.NewPageAsync();
        var response = await probe.Page.GotoAsync("/block/999999");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(probe.Page.Locator("h1")).ToHaveTextAsync("Not found");
        await probe.ShotAsync("explorer-not-found");
        response = await probe.Page.GotoAsync("/search?q=no-such-thing-here");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(probe.Page.Locator("main [role=status]")).ToContainTextAsync("no-such-thing-here");
        await probe.ShotAsync("explorer-search-nothing");
    }

    [Fact]
    public async Task The_search_box_finds_each_kind_of_identifier()
    {
        var tip = await web.TipHashAsync();
        string address = WebChain.Address(WebChain.User);
        var cases = new (string Query, string Url)[]
        {
            ("2", "/block/2"),
            (tip, $"/block/{tip}"),
            (web.TransferTxid, $"/tx/{web.TransferTxid}"),
            (web.PendingTxid, $"/tx/{web.PendingTxid}"),
            (address, $"/address/{address}"),
            (WebChain.Art, $"/collection/{WebChain.Art}"),
            ($"{WebChain.Art} #3", $"/token/{WebChain.Art}/3"),
            ("web-land#2", $"/token/{WebChain.Land}/2"),
        };
        await using var probe = await web.NewPageAsync();
        foreach (var (query, url) in cases)
        {
            await probe.VisitAsync("/mempool");
            // With the keyboard only: focus the box, type, Enter.
            await probe.Page.Locator("#q").FocusAsync();
            await probe.Page.Keyboard.TypeAsync(query);
            await probe.Page.Keyboard.PressAsync("Enter");
            await probe.ArrivedAtAsync(new Regex(Regex.Escape(url) + "$"));
        }
    }

    [Fact]
    public async Task The_keyboard_reaches_the_search_box_and_the_skip_link()
    {
        await using var probe = await web.NewPageAsync();
        await probe.VisitAsync("/");
        await probe.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await probe.Page.EvaluateAsync<string>("document.activeElement.textContent"));
        for (int i = 0; i < 12; i++)
        {
            if (await probe.Page.EvaluateAsync<string>("document.activeElement.id") == "q") return;
            await probe.Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail("Tab never reached the search box");
    }

    [Fact]
    public async Task Block_and_activity_pages_stay_put_while_blocks_arrive()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync("/blocks?limit=5");
        async Task<string[]> Heights() => await page.Locator("table.list tbody tr td:first-child").AllInnerTextsAsync() is var t ? t.ToArray() : [];
        var first = await Heights();
        await page.Locator("a[rel=next]").ClickAsync();
        await probe.ArrivedAtAsync(new Regex(@"/blocks\?before=\d+&limit=5$"));
        string secondUrl = page.Url;
        var second = await Heights();
        Assert.Equal(long.Parse(first[^1].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) - 1,
            long.Parse(second[0].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));

        // Blocks arrive (and with them activity for the miner); the same page links show the same rows.
        await web.Chain.GenerateAsync(3);
        await page.GotoAsync(secondUrl);
        Assert.Equal(second, await Heights());

        string miner = WebChain.Address(WebChain.Miner);
        await page.GotoAsync($"/address/{miner}");
        var activityNext = await page.Locator("#activity ~ nav a[rel=next]").GetAttributeAsync("href");
        Assert.NotNull(activityNext);
        await page.GotoAsync(activityNext!);
        var before = await page.Locator("#activity ~ table tbody tr").AllInnerTextsAsync();
        await web.Chain.GenerateAsync(2);
        await page.GotoAsync(activityNext!);
        Assert.Equal(before, await page.Locator("#activity ~ table tbody tr").AllInnerTextsAsync());
        await probe.ShotAsync("explorer-address-activity-page-2");
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task The_home_page_follows_new_blocks_over_the_event_stream()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync("/");
        await Assertions.Expect(page.Locator("html[data-live=on]")).ToHaveCountAsync(1);
        var hashes = await web.Chain.GenerateAsync();
        uint height = await web.HeightAsync();
        await Assertions.Expect(page.Locator("[data-live='/fragments/blocks'] tbody tr").First).ToContainTextAsync(height.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"[data-live='/fragments/blocks'] a[href='/block/{hashes[^1]}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("footer [data-tip-height]")).ToHaveTextAsync(height.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"img[src*='at={hashes[^1]}']")).ToHaveCountAsync(2);
        await AssertImagesHaveAltAsync(page, "/ after a block");
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task Pages_read_without_javascript()
    {
        await using var probe = await web.NewPageAsync(javaScript: false);
        var page = await probe.VisitAsync("/");
        Assert.True(await page.Locator("[data-live='/fragments/blocks'] tbody tr").CountAsync() >= 5);
        await Assertions.Expect(page.Locator(".stats")).ToContainTextAsync("Height");
        await probe.VisitAsync($"/address/{WebChain.Address(WebChain.User)}");
        await Assertions.Expect(page.Locator("main .stats")).ToContainTextAsync("Balance");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Activity");
        await probe.ShotAsync("explorer-address-no-js");
        var small = await web.NewPageAsync(width: 390, height: 844);
        foreach (var (path, shot) in new[] { ("/", "explorer-home-phone"), ($"/address/{WebChain.Address(WebChain.User)}", "explorer-address-phone"),
                     ($"/collection/{WebChain.Art}", "gallery-collection-phone"), ($"/token/{WebChain.Art}/1", "gallery-token-phone") })
        {
            await small.VisitAsync(path, shot);
            // One column: nothing wider than the screen (a wide table scrolls inside its own box, the page does not).
            int overflow = await small.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 390 px screen");
        }
        await small.DisposeAsync();
    }
}
