using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// An exhibition published on the chain (publish-exhibition) and shown: the works in the curator's order in a walkable
/// CSS 3D room, a plain grid on a small screen and without JavaScript; a revision replaces them; only the curator revises.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ExhibitionBrowserTests(WebNodeFixture web)
{
    private static PublishExhibitionOperation Show(string title, params (string, ulong)[] works) =>
        new("first-light", title, "Five works from three collections, hung by someone who owns none of them.\n\nWalk with the arrow keys.",
            works.Select(w => new ExhibitedWork(w.Item1, w.Item2)).ToList());

    private static readonly byte[] CuratorKey = WebChain.Key(7);

    [Fact]
    public async Task An_exhibition_is_published_shown_in_a_room_and_revised()
    {
        // The curator needs coins for the fee.
        await web.Chain.SendAsync(WebChain.MinerKey, new TransferOperation(WebChain.Id(CuratorKey), Amount.Coins(1)));
        await web.Chain.GenerateAsync();
        var works = new (string, ulong)[] { (WebChain.Art, 5), (WebChain.Land, 2), (WebChain.Ai, 1), (WebChain.Art, 2), ("blocks", 1) };
        string txid = await web.Chain.SendAsync(CuratorKey, Show("First light", works));
        await web.Chain.GenerateAsync();

        await using var probe = await web.NewPageAsync(width: 1280, height: 900);
        var page = await probe.VisitAsync("/exhibitions", "exhibition-list");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("First light");
        await page.Locator("a[href='/exhibition/first-light']").First.ClickAsync();
        await probe.ArrivedAtAsync(new Regex("/exhibition/first-light$"));
        await probe.ImagesLoadedAsync();

        // The room: every work framed, in the curator's order, and the keyboard walks.
        var room = page.Locator(".room");
        await Assertions.Expect(room).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-works]")).ToBeHiddenAsync(); // the room replaces the grid, not added above it
        Assert.Equal(works.Select(w => $"/token/{w.Item1}/{w.Item2}"),
            await page.Locator(".room .frame").EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('href'))"));
        string start = (await room.GetAttributeAsync("data-position"))!;
        await Assertions.Expect(room).ToBeFocusedAsync();
        await page.WaitForTimeoutAsync(400); // the frames' images settle before the picture is taken
        await probe.ShotAsync("exhibition-room");
        // Where the end wall's centre is, relative to the room's centre (px; after the 0.35 s transition settles).
        async Task<double> EndWallOffsetAsync()
        {
            await page.WaitForTimeoutAsync(500);
            return await page.EvaluateAsync<double>("() => { const r = document.querySelector('.room').getBoundingClientRect(), " +
                "e = document.querySelector('.surface.end:not(.entrance)').getBoundingClientRect(); return (e.left + e.right) / 2 - (r.left + r.right) / 2; }");
        }
        Assert.InRange(await EndWallOffsetAsync(), -5, 5); // looking down the corridor
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowRight");
        string moved = (await room.GetAttributeAsync("data-position"))!;
        Assert.NotEqual(start, moved);
        Assert.EndsWith(",15", moved); // turned 15 degrees
        // Turned right, the corridor's far end is seen to the left (it was drawn to the right: the room turned the other way).
        Assert.True(await EndWallOffsetAsync() < -20, "after turning right the end wall should be left of centre");
        await probe.ShotAsync("exhibition-room-turned");

        // Tab reaches the first frame: the camera stands in front of it, and the room box has not scrolled.
        await page.Keyboard.PressAsync("Tab");
        var first = page.Locator(".room .frame").First;
        await Assertions.Expect(first).ToBeFocusedAsync();
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(0, await room.EvaluateAsync<double>("r => r.scrollLeft + r.scrollTop"));
        var (frame, box) = (await first.BoundingBoxAsync(), await room.BoundingBoxAsync());
        Assert.True(frame is not null && box is not null && frame.X >= box.X && frame.X + frame.Width <= box.X + box.Width,
            $"the focused frame ({frame?.X}..{frame?.X + frame?.Width}) is inside the room ({box?.X}..{box?.X + box?.Width})");
        Assert.EndsWith(",-90", (await room.GetAttributeAsync("data-position"))!); // facing the left wall
        await probe.ShotAsync("exhibition-room-focused");

        // One button switches to the plain grid, with the same works in the same order.
        await page.Locator("[data-view=grid]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-works]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".room")).ToBeHiddenAsync();
        // Several works to a row on a wide screen (one card per row is the phone's layout).
        var tops = await page.Locator("[data-works] li").EvaluateAllAsync<double[]>("ls => ls.map(l => l.getBoundingClientRect().top)");
        Assert.True(tops.Distinct().Count() < tops.Length, $"one work per row on a 1280 px screen: {string.Join(", ", tops)}");
        Assert.Equal(works.Select(w => $"/token/{w.Item1}/{w.Item2}"),
            await page.Locator("[data-works] li > a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))"));
        await ExplorerBrowserTests.AssertImagesHaveAltAsync(page, "/exhibition/first-light");
        await probe.ShotAsync("exhibition-grid");

        // The transaction page says what the operation did.
        await probe.VisitAsync($"/tx/{txid}");
        await Assertions.Expect(page.Locator("ol.ops")).ToContainTextAsync("publish the exhibition 'first-light'");

        // A small screen and a reader without JavaScript get the grid.
        await using (var phone = await web.NewPageAsync(width: 390, height: 844))
        {
            await phone.VisitAsync("/exhibition/first-light", "exhibition-phone");
            await Assertions.Expect(phone.Page.Locator("[data-works]")).ToBeVisibleAsync();
            await Assertions.Expect(phone.Page.Locator(".room")).ToBeHiddenAsync();
            Assert.Empty(phone.Errors);
        }
        await using (var plain = await web.NewPageAsync(javaScript: false))
        {
            await plain.VisitAsync("/exhibition/first-light", "exhibition-no-js");
            Assert.Equal(works.Length, await plain.Page.Locator("[data-works] li").CountAsync());
            await Assertions.Expect(plain.Page.Locator(".room")).ToBeHiddenAsync();
        }

        // Someone else cannot take it over; the curator revises it, and the page shows the new order.
        ulong minerNonce = await web.Chain.NextNonceAsync(WebChain.Miner);
        var stranger = Transaction.CreateSigned(WebChain.Net.ChainId, WebChain.MinerKey, minerNonce, new Amount(100_000), 0,
            [Show("Taken", (WebChain.Art, 1))]);
        using (var body = new StringContent(Convert.ToHexStringLower(stranger.Encoded), Encoding.UTF8, "text/plain"))
        using (var refused = await web.Node.Http.PostAsync("api/v1/transactions", body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("not-curator", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        await web.Chain.SendAsync(CuratorKey, Show("First light, rehung", works.Reverse().ToArray()));
        await web.Chain.GenerateAsync();
        await probe.VisitAsync("/exhibition/first-light");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("First light, rehung");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("revision 2");
        Assert.Equal(works.Reverse().Select(w => $"/token/{w.Item1}/{w.Item2}"),
            await page.Locator(".room .frame").EvaluateAllAsync<string[]>("fs => fs.map(f => f.getAttribute('href'))"));
        Assert.Empty(probe.Errors);
    }
}
