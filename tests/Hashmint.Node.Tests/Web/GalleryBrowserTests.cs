using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// The gallery in a real browser: collection, land map and token pages render cleanly; filters narrow the grid; paging
/// holds while tokens are minted; the ownership proof verifies in the page (and a tampered one fails); the page's
/// sparse-Merkle module agrees with the node's proofs and the storage test vector.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class GalleryBrowserTests(WebNodeFixture web)
{
    private static async Task<ulong[]> TokenIdsAsync(IPage page) =>
        (await page.Locator("[data-grid] li[data-token]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.token)")).Select(ulong.Parse).ToArray();

    [Fact]
    public async Task Every_gallery_page_renders_without_console_errors()
    {
        var pages = new (string Path, string Name, string Expect)[]
        {
            ("/collections", "gallery-collections", "Web art"),
            ($"/collection/{WebChain.Art}", "gallery-collection-art", "Tokens"),
            ($"/collection/{WebChain.Land}", "gallery-collection-land", "parcels minted"),
            ($"/collection/{WebChain.Ai}", "gallery-collection-ai", "Web AI prints"),
            ("/collection/blocks", "gallery-collection-blocks", "one per block"),
            ($"/token/{WebChain.Art}/1", "gallery-token-art", "transferred"),
            ($"/token/{WebChain.Land}/3", "gallery-token-land", "Parcel"),
            ($"/token/{WebChain.Ai}/1", "gallery-token-ai", "AI-made"),
            ("/token/blocks/2", "gallery-token-block", "the reward of block"),
        };
        await using var probe = await web.NewPageAsync();
        foreach (var (path, name, expect) in pages)
        {
            var page = await probe.VisitAsync(path);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(expect);
            if (path.StartsWith("/token/", StringComparison.Ordinal))
                await Assertions.Expect(page.Locator("[data-proof][data-verified]")).ToHaveCountAsync(1);
            await ExplorerBrowserTests.AssertImagesHaveAltAsync(page, path);
            await probe.ShotAsync(name);
            Assert.True(probe.Errors.Count == 0, $"{path}: {string.Join("\n", probe.Errors)}");
        }
        // Land: the map links each minted parcel to its token and leaves the rest unminted.
        await probe.VisitAsync($"/collection/{WebChain.Land}");
        Assert.Equal(6, await probe.Page.Locator(".landmap a.parcel").CountAsync());
        Assert.Equal(8 * 5 - 6, await probe.Page.Locator(".landmap .parcel.free").CountAsync());
        // Rarity is explained by the proof of work.
        await probe.VisitAsync($"/token/{WebChain.Art}/2");
        var rarity = int.Parse(await probe.Page.Locator("[data-rarity]").GetAttributeAsync("data-rarity") ?? "0");
        if (rarity > 0) await Assertions.Expect(probe.Page.Locator("[data-rarity]")).ToContainTextAsync($"{rarity} extra zero bit");
        else await Assertions.Expect(probe.Page.Locator("[data-rarity]")).ToContainTextAsync("nothing to spare");
        Assert.Empty(probe.Errors);
    }

    /// <summary>The filter form submits on change only once gallery.js, loaded after the page, has bound it (bounded wait).</summary>
    private static Task GalleryScriptReadyAsync(IPage page) =>
        Assertions.Expect(page.Locator("form[data-autosubmit]").First).ToHaveAttributeAsync("data-ready", "yes", new() { Timeout = 30_000 });

    [Fact]
    public async Task Filters_and_sorting_narrow_the_grid()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync($"/collection/{WebChain.Art}");
        var all = await TokenIdsAsync(page);
        Assert.True(all.Length >= web.ArtTokens, $"{all.Length} tokens shown");
        Assert.Equal(all.OrderByDescending(i => i), all); // newest first

        // The tier menu submits itself (gallery.js) and the grid shows only that tier.
        var tiers = await page.Locator("select[name=tier] option").EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        Assert.NotEmpty(tiers);
        string tier = tiers[0];
        await GalleryScriptReadyAsync(page);
        await page.Locator("select[name=tier]").SelectOptionAsync(tier);
        await probe.ArrivedAtAsync(new Regex($"tier={tier}"), LoadState.DOMContentLoaded); // the rows, not every image
        var byTier = await TokenIdsAsync(page);
        Assert.NotEmpty(byTier);
        Assert.True(byTier.Length < all.Length || tiers.Length == 1);
        Assert.All(await page.Locator("[data-grid] li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.tier)"), t => Assert.Equal(tier, t));

        // A trait narrows it further: every token shown has it (checked against the API).
        var palette = await page.Locator("select[name=trait]").First.Locator("option").EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        string trait = palette[0];
        await GalleryScriptReadyAsync(page);
        await page.Locator("select[name=trait]").First.SelectOptionAsync(trait);
        await probe.ArrivedAtAsync(new Regex("trait="), LoadState.DOMContentLoaded);
        var byTrait = await TokenIdsAsync(page);
        Assert.NotEmpty(byTrait);
        Assert.True(byTrait.All(byTier.Contains));
        var (key, value) = (trait.Split(':')[0], trait.Split(':')[1]);
        foreach (var id in byTrait)
        {
            var token = await web.GetJsonAsync($"api/v1/collections/{WebChain.Art}/tokens/{id}");
            Assert.Equal(value, token.GetProperty("traits").GetProperty(key).GetString());
            Assert.Equal(tier, token.GetProperty("rarityTier").GetString());
        }
        Assert.Equal(byTrait.Length, int.Parse(await page.Locator("[data-count]").GetAttributeAsync("data-count") ?? "-1"));
        await probe.ImagesLoadedAsync(); // bounded: the picture shows the art
        await probe.ShotAsync("gallery-collection-filtered");

        // Rarest first: tiers never go up along the grid.
        await probe.VisitAsync($"/collection/{WebChain.Art}?sort=rarest");
        var ranks = (await page.Locator("[data-grid] li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.tier)"))
            .Select(t => Array.IndexOf(Hashmint.Node.Web.GalleryCatalog.TierNames, t)).ToArray();
        Assert.Equal(ranks.OrderByDescending(r => r), ranks);
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task Gallery_pages_stay_put_while_tokens_are_minted()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync($"/collection/{WebChain.Art}?limit=10");
        var first = await TokenIdsAsync(page);
        await page.Locator("nav.pager a[rel=next]").ClickAsync();
        // The rows are what this test reads: wait for the document, not for every image (seconds on a loaded machine).
        await probe.ArrivedAtAsync(new Regex("after="), LoadState.DOMContentLoaded);
        string second = page.Url;
        var ids = await TokenIdsAsync(page);
        Assert.Equal(first[^1] - 1, ids[0]);
        await web.Chain.MineTokensAsync(WebChain.Art, WebChain.User, 3, WebChain.UserKey);
        await web.Chain.GenerateAsync();
        await page.GotoAsync(second, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal(ids, await TokenIdsAsync(page));
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task The_ownership_proof_verifies_in_the_page_and_a_tampered_one_fails()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync($"/token/{WebChain.Art}/1");
        var proof = page.Locator("[data-proof]");
        await Assertions.Expect(proof).ToHaveAttributeAsync("data-verified", "yes");
        uint height = uint.Parse(await proof.GetAttributeAsync("data-height") ?? "0");
        await Assertions.Expect(page.Locator("[data-proof-result]")).ToContainTextAsync($"Verified in your browser against block {height}");
        await probe.ShotAsync("gallery-proof-verified");

        // One flipped bit anywhere (a sibling, the value, the root) and the same check fails.
        foreach (var attribute in new[] { "data-proof-bytes", "data-value", "data-root" })
        {
            await probe.VisitAsync($"/token/{WebChain.Art}/1");
            await Assertions.Expect(proof).ToHaveAttributeAsync("data-verified", "yes");
            await page.EvaluateAsync(@"([a]) => {
                const s = document.querySelector('[data-proof]');
                const hex = s.getAttribute(a);
                const i = a === 'data-proof-bytes' ? 10 : 4; // inside the first sibling, the owner, the root
                const flipped = (parseInt(hex[i], 16) ^ 1).toString(16);
                s.setAttribute(a, hex.slice(0, i) + flipped + hex.slice(i + 1));
            }", new object[] { attribute });
            await page.Locator("[data-proof-verify]").ClickAsync();
            await Assertions.Expect(proof).ToHaveAttributeAsync("data-verified", "no");
            await Assertions.Expect(page.Locator("[data-proof-result]")).ToContainTextAsync("Verification failed");
        }
        await probe.ShotAsync("gallery-proof-tampered");
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task The_page_proof_module_agrees_with_the_node_and_the_storage_test_vector()
    {
        await using var probe = await web.NewPageAsync();
        var page = await probe.VisitAsync("/mempool");
        string Js(string s) => JsonSerializer.Serialize(s);
        async Task<bool> Verify(string root, string stateKey, string? value, string proof) =>
            await page.EvaluateAsync<bool>($"import('/assets/smt.js').then(m => m.verifyStateProof({{ root: {Js(root)}, stateKey: {Js(stateKey)}, value: {(value is null ? "null" : Js(value))}, proof: {Js(proof)} }}))");
        static string Flip(string hex, int i) => hex[..i] + (Convert.ToInt32(hex[i].ToString(), 16) ^ 8).ToString("x") + hex[(i + 1)..];

        // Inclusion (an account with coins, a token) and non-inclusion (an account never used), as the node serves them.
        var rich = await web.GetJsonAsync($"api/v1/accounts/{WebChain.Address(WebChain.Miner)}");
        var empty = await web.GetJsonAsync($"api/v1/accounts/{WebChain.Address(WebChain.Id(WebChain.Key(99)))}");
        var token = await web.GetJsonAsync($"api/v1/collections/{WebChain.Art}/tokens/3");
        foreach (var (doc, root, present) in new[] { (rich, rich.GetProperty("stateRoot").GetString()!, true), (empty, empty.GetProperty("stateRoot").GetString()!, false),
                     (token, token.GetProperty("stateRoot").GetString()!, true) })
        {
            var p = doc.GetProperty("proof");
            string key = p.GetProperty("stateKey").GetString()!, proofHex = p.GetProperty("proof").GetString()!;
            string? value = p.GetProperty("value").ValueKind == JsonValueKind.Null ? null : p.GetProperty("value").GetString();
            Assert.Equal(present, value is not null);
            Assert.True(await Verify(root, key, value, proofHex), $"the node's proof of {key} does not verify in the page");
            Assert.False(await Verify(Flip(root, 0), key, value, proofHex));
            Assert.False(await Verify(root, Flip(key, key.Length - 1), value, proofHex));
            if (proofHex.Length > 6) Assert.False(await Verify(root, key, value, Flip(proofHex, 6)));
            // Claiming the opposite (absent when present, or some value when absent) fails too.
            Assert.False(await Verify(root, key, value is null ? "00" : null, proofHex));
            // A malformed proof is refused, not read past its end.
            await Assert.ThrowsAsync<PlaywrightException>(() => Verify(root, key, value, proofHex + "00"));
        }

        // docs/STORAGE.md's vector: keys 00.., 40.., 80.. with value hash 11..; a hand-made proof of 00.. gives its root.
        var ok = await page.EvaluateAsync<bool>(@"import('/assets/smt.js').then(async m => {
            const k = (b) => { const a = new Uint8Array(32); a[0] = b; return a; };
            const v = new Uint8Array(32).fill(0x11);
            const leaf = async (key) => m.sha256(new Uint8Array([0, ...key, ...v]));
            const root = m.hexToBytes('1bc838f766af826ab0874f27adfa2e1579060ea0454e2136799254ad41ba8d5f');
            const proof = { siblings: [await leaf(k(0x80)), await leaf(k(0x40))], leaf: { key: k(0), valueHash: v } };
            const absent = { siblings: [await leaf(k(0x80)), await leaf(k(0x40))], leaf: { key: k(0), valueHash: v } };
            return await m.verifyProof(root, k(0), v, proof)
                && !(await m.verifyProof(root, k(0), new Uint8Array(32).fill(0x12), proof))
                && await m.verifyProof(root, k(0x01), new Uint8Array(0), absent);
        })");
        Assert.True(ok, "the STORAGE.md test vector does not verify in the page");
        Assert.Empty(probe.Errors);
    }
}
