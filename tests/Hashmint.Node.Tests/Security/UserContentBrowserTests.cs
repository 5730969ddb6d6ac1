using System.Collections.Concurrent;
using Hashmint.Node.Tests.Api.Support;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Security;

/// <summary>
/// "Nothing executed", proven in a real browser: headless Debian Chromium (Playwright) against a real node opens every
/// piece of hostile on-chain content directly, and the gallery page with the content framed, embedded and shown as
/// images; the scripts' side effects (title, window variable, requests to /pwned/...) must never be seen.
/// </summary>
public sealed class UserContentBrowserTests(ContentNodeFixture f) : IClassFixture<ContentNodeFixture>
{
    private string Url(string path) => $"http://127.0.0.1:{f.Node.Port}/{path}";

    private static async Task<(IPlaywright, IBrowser, IBrowserContext, ConcurrentQueue<string>)> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        context.SetDefaultTimeout(20_000);
        var requests = new ConcurrentQueue<string>();
        context.Request += (_, r) => requests.Enqueue(r.Url);
        return (playwright, browser, context, requests);
    }

    private static async Task AssertNothingRan(IPage page, IEnumerable<string> requests, string what)
    {
        var title = await page.TitleAsync();
        Assert.False(title.StartsWith("pwned", StringComparison.Ordinal), $"{what}: a script ran (title '{title}')");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
        foreach (var frame in page.Frames)
        {
            string inFrame;
            try { inFrame = await frame.EvaluateAsync<string>("() => typeof window.pwned + ' ' + document.title"); }
            catch (PlaywrightException) { continue; } // an error page the browser put in place of blocked content
            Assert.False(inFrame.Contains("pwned", StringComparison.Ordinal) && !inFrame.StartsWith("undefined", StringComparison.Ordinal),
                $"{what}: a script ran in frame {frame.Url} ({inFrame})");
            Assert.DoesNotContain("pwned-", inFrame);
        }
        var beacons = requests.Where(u => u.Contains("/pwned/", StringComparison.Ordinal)).ToList();
        Assert.True(beacons.Count == 0, $"{what}: a script sent {string.Join(", ", beacons)}");
    }

    [Fact]
    public async Task Opening_hostile_content_directly_downloads_it_or_shows_it_inert()
    {
        var (playwright, browser, context, requests) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;
        foreach (var sample in ContentSamples.All)
        {
            var page = await context.NewPageAsync();
            string url = Url(ContentSamples.ContentPath(sample.Name));
            if (sample.Active)
            {
                // An attachment: the browser saves it instead of rendering it, and the page stays blank.
                var download = await page.RunAndWaitForDownloadAsync(async () =>
                {
                    try { await page.GotoAsync(url); }
                    catch (PlaywrightException e) when (e.Message.Contains("Download is starting") || e.Message.Contains("ERR_ABORTED")) { }
                });
                Assert.Equal(url, download.Url);
                await download.CancelAsync();
                Assert.DoesNotContain("/content", page.Url);
            }
            else
            {
                var response = await page.GotoAsync(url);
                Assert.NotNull(response);
                Assert.Equal(200, response.Status);
                Assert.Equal(sample.SentType.Split(';')[0], await page.EvaluateAsync<string>("() => document.contentType"));
                Assert.Contains("sandbox", response.Headers["content-security-policy"]);
                if (sample.Name == "utf7") Assert.Contains("+ADw-script+AD4-", await page.InnerTextAsync("body"));
            }
            await AssertNothingRan(page, requests, $"opening {sample.Name}");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_gallery_with_hostile_content_framed_embedded_and_as_images_runs_none_of_it()
    {
        var (playwright, browser, context, requests) = await OpenAsync();
        using var _ = playwright;
        await using var __ = browser;
        await using var ___ = context;
        var page = await context.NewPageAsync();
        var urls = ContentSamples.All.Select(s => "/" + ContentSamples.ContentPath(s.Name)).ToArray();
        for (int attempt = 1; ; attempt++)
        {
            var response = await page.GotoAsync(Url("collection/" + ContentSamples.CollectionId), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            Assert.Equal(200, response!.Status);
            Assert.EndsWith("Hashmint gallery", await page.TitleAsync());
            Assert.Contains(ContentSamples.CollectionId, await page.ContentAsync());
            try
            {
                // The page refreshes itself every 10 s; stop that, then put every sample in a frame, an object and an image.
                await page.EvaluateAsync(@"urls => { window.stop(); return Promise.all(urls.map(u => new Promise(done => {
                    const frame = document.createElement('iframe'); frame.src = u; frame.onload = done; frame.onerror = done; document.body.appendChild(frame);
                    const object = document.createElement('object'); object.data = u; document.body.appendChild(object);
                    const image = document.createElement('img'); image.src = u; document.body.appendChild(image);
                    setTimeout(done, 4000);
                }))); }", urls);
                break;
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("context was destroyed")) { }
        }
        await AssertNothingRan(page, requests, "the gallery");
        Assert.EndsWith("Hashmint gallery", await page.TitleAsync());
        // The gallery's own image of the PNG sample did load: the page works, it is only the content that is inert.
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.images].some(i => i.src.endsWith('/tokens/" + ContentSamples.TokenId("png") + "/content') && i.naturalWidth > 0)"));
    }
}
