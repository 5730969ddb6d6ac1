using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Tests.Security;
using Hashmint.Wallet;
using Microsoft.Playwright;

namespace Hashmint.Node.Tests.Web;

[CollectionDefinition(Name)]
public sealed class MarketWebCollection : ICollectionFixture<MarketNodeFixture>
{
    public const string Name = "market-web";
}

/// <summary>
/// A regtest node whose data directory holds a wallet (the node's own, passphrase <see cref="Passphrase"/>), a collection with a
/// 5 % royalty, tokens held by a seller and by the wallet, and market objects put there through the API: a Dutch listing
/// (token 3), an auction (token 4), an offer for the wallet's token 5. One headless Chromium.
/// </summary>
public sealed class MarketNodeFixture : IAsyncLifetime
{
    public const string Passphrase = "market-pages";
    public const string Col = "mk-art";
    public static readonly byte[] SellerKey = WebChain.Key(21);
    public static readonly byte[] RoyaltyKey = WebChain.Key(22);
    public static AccountId Seller => WebChain.Id(SellerKey);
    public static AccountId Royalty => WebChain.Id(RoyaltyKey);

    private readonly TempDir _tmp = new();
    public HdWallet Wallet { get; } = HdWallet.Create(12);
    public AccountId WalletAccount => WebChain.Id(Wallet.GetSecretKey(0));
    public string WalletAddress => WebChain.Address(WalletAccount);
    public RunningNode Node { get; private set; } = null!;
    public WebChain Chain { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => $"http://127.0.0.1:{Node.Port}";

    public static CollectionDefinition Collection() => new(Col, "Market art", "MKT", CollectionKind.Art, 100, 500, [new RoyaltySplit(Royalty, 500)],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);

    private static MintOperation Mint(AccountId to, int n) => new(Col, to, TokenContent.None, [new("edition", n.ToString(System.Globalization.CultureInfo.InvariantCulture))], null, null);

    public async Task InitializeAsync()
    {
        var browser = Task.Run(async () => { Playwright = await Microsoft.Playwright.Playwright.CreateAsync(); return await Chromium.LaunchAsync(Playwright); });
        string dir = _tmp.Sub("node");
        Node = await RunningNode.StartAsync(dir, "node", "--payout", WebChain.Address(WebChain.Miner));
        Keystore.Save(Path.Combine(dir, "wallet.json"), Wallet, Passphrase, KdfParameters.Test);
        Chain = new WebChain(Node);
        await Chain.GenerateAsync(3);
        await Chain.SendAsync(WebChain.MinerKey, new TransferOperation(Seller, Amount.Coins(5)), new TransferOperation(WalletAccount, Amount.Coins(20)),
            new CreateCollectionOperation(Collection()));
        await Chain.GenerateAsync();
        await Chain.SendAsync(WebChain.MinerKey, Mint(Seller, 1), Mint(Seller, 2), Mint(Seller, 3), Mint(Seller, 4), Mint(WalletAccount, 5));
        await Chain.GenerateAsync();
        uint next = await HeightAsync() + 1;
        await Chain.SendAsync(SellerKey, new ListOperation(Col, 3, ListingTerms.Dutch(Amount.Coins(4), Amount.Coins(1), next, next + 300)),
            new StartAuctionOperation(Col, 4, Amount.Coins(1), next + 400, 500, 0),
            new MakeOfferOperation(OfferTarget.ForToken(Col, 5), Amount.Coins(1), 1, 0));
        await Chain.GenerateAsync();
        Browser = await browser;
    }

    public async Task<uint> HeightAsync() => (await Node.StatusAsync()).GetProperty("height").GetUInt32();

    public async Task<JsonElement> GetJsonAsync(string path) => JsonSerializer.Deserialize<JsonElement>(await Node.Http.GetStringAsync(path));

    public async Task<ulong> BalanceAsync(AccountId a) => (await GetJsonAsync($"api/v1/accounts/{WebChain.Address(a)}")).GetProperty("balanceUnits").GetUInt64();

    public async Task<ulong> NextNonceAsync(AccountId a) => (await GetJsonAsync($"api/v1/accounts/{WebChain.Address(a)}")).GetProperty("nextNonce").GetUInt64();

    public async Task<ProbedPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.SetDefaultNavigationTimeout(20_000);
        return new ProbedPage(context, page);
    }

    /// <summary>Unlocks the pages in this browser context through the unlock form, coming back to <paramref name="returnTo"/>.</summary>
    public async Task UnlockAsync(ProbedPage probe, string returnTo)
    {
        var page = await probe.VisitAsync($"/market?return={Uri.EscapeDataString(returnTo)}");
        await page.GetByLabel("API token").FillAsync(Node.Token);
        await page.GetByLabel("Wallet passphrase").FillAsync(Passphrase);
        await page.Locator("[data-unlock]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-lock]")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Node is not null) await Node.DisposeAsync();
        _tmp.Dispose();
    }
}

/// <summary>
/// The market in the browser: pages, the unlock, the CSRF and same-origin refusals, a purchase and a bid made in the page
/// and seen on the chain, countdowns in blocks.
/// </summary>
[Collection(MarketWebCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class MarketBrowserTests(MarketNodeFixture m)
{
    private const string Col = MarketNodeFixture.Col;

    [Fact]
    public async Task Market_pages_render_locked_and_unlocked_with_no_console_error()
    {
        uint tip = await m.HeightAsync();
        var auction = await m.GetJsonAsync($"api/v1/collections/{Col}/tokens/4/auction");
        var dutch = await m.GetJsonAsync($"api/v1/collections/{Col}/tokens/3/listing");

        await using var probe = await m.NewPageAsync();
        var page = await probe.VisitAsync("/market", "market");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Market");
        await Assertions.Expect(page.Locator($"[data-listing-row='{Col}/3']")).ToContainTextAsync($"{dutch.GetProperty("price").GetString()} HMT now");
        await Assertions.Expect(page.Locator($"[data-auction-row='{Col}/4'] [data-countdown]")).ToHaveTextAsync($"ends in {auction.GetProperty("endHeight").GetUInt32() - tip} blocks");
        await Assertions.Expect(page.Locator("[data-offers] [data-offer]")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-listing-row='{Col}/3'] img")).ToHaveAttributeAsync("alt", new Regex("Market art #3"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !i.alt && !i.closest('.brand')).map(i => i.src)"));
        await probe.VisitAsync($"/collection/{Col}", "market-collection");
        await Assertions.Expect(page.Locator("#market [data-locked]")).ToBeVisibleAsync();
        page = await probe.VisitAsync($"/token/{Col}/4", "market-token-auction-locked");
        await Assertions.Expect(page.Locator("#market [data-countdown]")).ToHaveTextAsync($"ends in {auction.GetProperty("endHeight").GetUInt32() - tip} blocks");
        await Assertions.Expect(page.Locator("#market form[data-action]")).ToHaveCountAsync(0); // locked: no action is offered
        await Assertions.Expect(page.Locator("#market [data-locked] a")).ToHaveTextAsync("Unlock to act");

        await m.UnlockAsync(probe, $"/token/{Col}/3");
        await probe.ArrivedAtAsync(new Regex($"/token/{Col}/3$"));
        await probe.ImagesLoadedAsync();
        await Assertions.Expect(page.Locator("#market [data-dutch]")).ToHaveTextAsync(DutchText(dutch, tip));
        await Assertions.Expect(page.Locator("#market form[data-action='buy'] [data-cli]"))
            .ToHaveTextAsync($"hashmint market buy --collection {Col} --token 3 --max-price {dutch.GetProperty("price").GetString()} --datadir {m.Node.DataDir}");
        await probe.ShotAsync("market-token-dutch-unlocked");
        await probe.VisitAsync($"/token/{Col}/5", "market-token-own-unlocked"); // the wallet's own token: list, auction, accept
        foreach (var action in new[] { "list", "auction", "accept" })
            await Assertions.Expect(page.Locator($"#market form[data-action='{action}']")).ToHaveCountAsync(1);
        await probe.VisitAsync($"/collection/{Col}", "market-collection-unlocked");
        await Assertions.Expect(page.Locator("#market form[data-action='offer']")).ToHaveCountAsync(1);

        // Every control in the page is labelled; the keyboard reaches the forms' buttons.
        string[] unlabelled = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.textContent || '').trim()).map(e => e.outerHTML)");
        Assert.Empty(unlabelled);
        string[] noAlt = await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src)");
        Assert.Empty(noAlt);
        await page.Locator("#market form[data-action='offer'] input[name='Form.Price']").FocusAsync();
        for (int i = 0; i < 4; i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Make offer", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));

        // Reading needs no JavaScript: the countdown is the server's.
        await using var plain = await m.NewPageAsync(javaScript: false);
        var p2 = await plain.VisitAsync($"/token/{Col}/4", "market-token-nojs");
        await Assertions.Expect(p2.Locator("#market [data-countdown]")).ToHaveTextAsync($"ends in {auction.GetProperty("endHeight").GetUInt32() - await m.HeightAsync()} blocks");

        Assert.Empty(probe.Errors);
        Assert.Empty(plain.Errors);
    }

    [Fact]
    public async Task Without_unlocking_no_action_works()
    {
        ulong nonceBefore = await m.NextNonceAsync(m.WalletAccount);
        string origin = m.BaseUrl;
        var path = $"token/{Col}/3";

        // A visitor who never unlocked: the page offers no form, and a forged buy (even with a valid antiforgery pair) is refused.
        using var stranger = Client();
        string unlockPage = await stranger.GetStringAsync("market");
        Assert.DoesNotContain("data-action=\"buy\"", await stranger.GetStringAsync(path));
        using (var r = await PostAsync(stranger, path, origin, Buy(AntiforgeryOf(unlockPage))))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); // no such form on a locked page

        // A wrong token unlocks nothing.
        using (var r = await PostAsync(stranger, "market", origin, Unlock(AntiforgeryOf(unlockPage), "not-the-token")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("wrong API token", await r.Content.ReadAsStringAsync());
            Assert.DoesNotContain(r.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("hashmint-market=", StringComparison.Ordinal));
        }

        // Unlocked over plain HTTP, as the form does.
        using var owner = Client(out var jar);
        string form = await owner.GetStringAsync("market");
        string session;
        using (var r = await PostAsync(owner, "market", origin, Unlock(AntiforgeryOf(form), m.Node.Token)))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            var cookie = Assert.Single(r.Headers.GetValues("Set-Cookie"), v => v.StartsWith("hashmint-market=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            session = cookie["hashmint-market=".Length..cookie.IndexOf(';')];
        }
        string tokenPage = await owner.GetStringAsync(path);
        Assert.Contains("data-action=\"buy\"", tokenPage);
        string antiforgery = AntiforgeryOf(tokenPage);

        using (var r = await PostAsync(owner, path, origin, Buy(null)))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); // no antiforgery token
        using (var r = await PostAsync(owner, path, "http://evil.example", Buy(antiforgery)))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); // another site's form
        using (var r = await PostAsync(owner, path, origin, Buy(antiforgery), secFetchSite: "cross-site"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await PostAsync(owner, path, null, Buy(antiforgery)))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); // no Origin at all

        // The same request done right reaches the action (a bad price here, so nothing is bought): the refusals above were the checks'.
        using (var r = await PostAsync(owner, path, origin, Buy(antiforgery, price: "lots")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            string body = await r.Content.ReadAsStringAsync();
            Assert.Contains("the most to pay must be a positive amount of HMT", body);
            Assert.Contains("value=\"lots\"", body); // the form keeps what was typed
        }

        // Lock ends the session on the server: the old cookie, sent again, opens nothing.
        using (var r = await PostAsync(owner, path, origin, WithToken(antiforgery, new() { ["_handler"] = "market-lock" })))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        jar.Add(new Uri(m.BaseUrl), new System.Net.Cookie("hashmint-market", session));
        Assert.DoesNotContain("data-action=\"buy\"", await owner.GetStringAsync(path));
        using (var r = await PostAsync(owner, path, origin, Buy(antiforgery)))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(nonceBefore, await m.NextNonceAsync(m.WalletAccount));
    }

    [Fact]
    public async Task A_purchase_made_in_the_page_appears_on_chain()
    {
        await m.Chain.SendAsync(MarketNodeFixture.SellerKey, new ListOperation(Col, 1, ListingTerms.Fixed(Amount.Coins(2))));
        await m.Chain.GenerateAsync();
        ulong sellerBefore = await m.BalanceAsync(MarketNodeFixture.Seller), royaltyBefore = await m.BalanceAsync(MarketNodeFixture.Royalty);

        await using var probe = await m.NewPageAsync();
        await m.UnlockAsync(probe, $"/token/{Col}/1");
        var page = probe.Page;
        await probe.ArrivedAtAsync(new Regex($"/token/{Col}/1$"));
        await Assertions.Expect(page.Locator("#market [data-price]")).ToHaveTextAsync("2 HMT");
        var buy = page.Locator("#market form[data-action='buy']");
        await Assertions.Expect(buy.Locator("[data-cli]")).ToContainTextAsync($"hashmint market buy --collection {Col} --token 1 --max-price 2 ");
        await buy.GetByRole(AriaRole.Button, new() { Name = "Buy" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-sent]")).ToBeVisibleAsync();
        Assert.Contains("sent=", page.Url);
        await probe.ShotAsync("market-token-bought-pending");

        await m.Chain.GenerateAsync();
        var token = await m.GetJsonAsync($"api/v1/collections/{Col}/tokens/1");
        Assert.Equal(m.WalletAddress, token.GetProperty("owner").GetString());
        Assert.Equal(Amount.Coins(2).Units - Amount.Coins(2).Units * 500 / 10_000, await m.BalanceAsync(MarketNodeFixture.Seller) - sellerBefore);
        Assert.Equal(Amount.Coins(2).Units * 500 / 10_000, await m.BalanceAsync(MarketNodeFixture.Royalty) - royaltyBefore);
        var sales = await m.GetJsonAsync($"api/v1/collections/{Col}/tokens/1/sales");
        Assert.Equal(m.WalletAddress, sales.GetProperty("items")[0].GetProperty("buyer").GetString());

        await probe.VisitAsync($"/token/{Col}/1", "market-token-bought");
        await Assertions.Expect(page.Locator("#market [data-listing-none]")).ToBeVisibleAsync();
        Assert.Empty(probe.Errors);
    }

    [Fact]
    public async Task A_form_whose_listing_went_away_meanwhile_says_so_in_a_line_on_the_page()
    {
        await m.Chain.SendAsync(WebChain.MinerKey, new MintOperation(Col, MarketNodeFixture.Seller, TokenContent.None, [new("edition", "6")], null, null));
        await m.Chain.GenerateAsync();
        await m.Chain.SendAsync(MarketNodeFixture.SellerKey, new ListOperation(Col, 6, ListingTerms.Fixed(Amount.Coins(1))));
        await m.Chain.GenerateAsync();

        await using var probe = await m.NewPageAsync();
        await m.UnlockAsync(probe, $"/token/{Col}/6");
        var page = probe.Page;
        await probe.ArrivedAtAsync(new Regex($"/token/{Col}/6$"));
        var buy = page.Locator("#market form[data-action='buy']");
        await Assertions.Expect(buy).ToBeVisibleAsync();

        // The seller delists while the page is open; then the buyer presses Buy on the page as it was.
        await m.Chain.SendAsync(MarketNodeFixture.SellerKey, new DelistOperation(Col, 6));
        await m.Chain.GenerateAsync();
        await buy.GetByRole(AriaRole.Button, new() { Name = "Buy" }).ClickAsync();
        var gone = page.Locator("#market [data-action-gone='market-buy'] [data-error]");
        await Assertions.Expect(gone).ToContainTextAsync("no longer offered");
        await Assertions.Expect(page.Locator("#market [data-listing-none]")).ToBeVisibleAsync(); // the page as it is now
        await Assertions.Expect(page.Locator("#market form[data-action='buy']")).ToHaveCountAsync(0);
        await probe.ShotAsync("market-token-stale-form");
        Assert.Empty(probe.Errors); // no 400
    }

    [Fact]
    public async Task A_bid_from_the_page_shows_up_and_the_countdown_follows_the_blocks()
    {
        uint next = await m.HeightAsync() + 1;
        await m.Chain.SendAsync(MarketNodeFixture.SellerKey, new StartAuctionOperation(Col, 2, Amount.Coins(1), next + 20, 500, 0));
        await m.Chain.GenerateAsync();
        uint end = next + 20, tip = await m.HeightAsync();

        await using var probe = await m.NewPageAsync();
        await m.UnlockAsync(probe, $"/token/{Col}/2");
        var page = probe.Page;
        await probe.ArrivedAtAsync(new Regex($"/token/{Col}/2$"));
        var countdown = page.Locator("#market [data-countdown]");
        await Assertions.Expect(countdown).ToHaveTextAsync($"ends in {end - tip} blocks");
        var bid = page.Locator("#market form[data-action='bid']");
        await Assertions.Expect(bid.GetByLabel("Bid (HMT)")).ToHaveValueAsync("1");
        // Below the reserve: the ledger refuses, the page says why in one line and keeps the value typed.
        await bid.GetByLabel("Bid (HMT)").FillAsync("0.5");
        await bid.GetByRole(AriaRole.Button, new() { Name = "Bid" }).ClickAsync();
        await Assertions.Expect(bid.Locator("[data-error]")).ToContainTextAsync("(bid-too-low)");
        await Assertions.Expect(bid.GetByLabel("Bid (HMT)")).ToHaveValueAsync("0.5");
        await probe.ShotAsync("market-token-bid-refused");
        await Assertions.Expect(page.Locator("html[data-market='ready']")).ToHaveCountAsync(1); // market.js follows the fields and blocks
        await bid.GetByLabel("Bid (HMT)").FillAsync("1.5");
        // The CLI line follows what is typed (market.js), with the words the server gives it.
        await Assertions.Expect(bid.Locator("[data-cli]")).ToHaveTextAsync($"hashmint market bid --collection {Col} --token 2 --amount 1.5 --datadir {m.Node.DataDir}");
        await bid.GetByRole(AriaRole.Button, new() { Name = "Bid" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-sent]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html[data-live='on']")).ToHaveCountAsync(1); // following the event stream

        await m.Chain.GenerateAsync();
        // The countdown moves with the block, over the event stream, without a reload.
        await Assertions.Expect(countdown).ToHaveTextAsync($"ends in {end - tip - 1} blocks");
        var auction = await m.GetJsonAsync($"api/v1/collections/{Col}/tokens/2/auction");
        Assert.Equal(m.WalletAddress, auction.GetProperty("topBidder").GetString());
        Assert.Equal("1.5", auction.GetProperty("topBid").GetString());
        Assert.Equal(end - tip - 1, auction.GetProperty("blocksLeft").GetInt64());

        await probe.VisitAsync($"/token/{Col}/2", "market-token-bid");
        await Assertions.Expect(page.Locator("#market [data-bid]")).ToContainTextAsync("1.5 HMT");
        await Assertions.Expect(page.Locator($"#market [data-bid] a[href='/address/{m.WalletAddress}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#market [data-min-bid]")).ToHaveTextAsync(auction.GetProperty("minimumBid").GetString() + " HMT");
        Assert.Empty(probe.Errors);
    }

    private static string DutchText(JsonElement listing, uint tip)
    {
        var terms = ListingTerms.Dutch(Amount.Coins(4), Amount.Coins(1), listing.GetProperty("startHeight").GetUInt32(), listing.GetProperty("endHeight").GetUInt32());
        return $"{terms.PriceAt(tip + 1)} HMT now, {terms.PriceAt(tip + 2)} HMT at the next block";
    }

    private HttpClient Client() => Client(out _);

    private HttpClient Client(out CookieContainer jar) => new(new HttpClientHandler { CookieContainer = jar = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = new Uri(m.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30),
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static string AntiforgeryOf(string html) => WebUtility.HtmlDecode(AntiforgeryField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no antiforgery token in the page"));

    private static Dictionary<string, string> Buy(string? antiforgery, string price = "4") => WithToken(antiforgery, new()
    {
        ["_handler"] = "market-buy", ["Form.Action"] = "buy", ["Form.Return"] = $"/token/{Col}/3#market", ["Form.Collection"] = Col, ["Form.Token"] = "3", ["Form.Price"] = price,
    });

    private static Dictionary<string, string> Unlock(string antiforgery, string token) => WithToken(antiforgery, new()
    {
        ["_handler"] = "market-unlock", ["Form.Action"] = "unlock", ["Form.Return"] = "/market", ["Form.ApiToken"] = token, ["Form.Passphrase"] = MarketNodeFixture.Passphrase,
    });

    private static Dictionary<string, string> WithToken(string? antiforgery, Dictionary<string, string> fields)
    {
        if (antiforgery is not null) fields["__RequestVerificationToken"] = antiforgery;
        return fields;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? origin, Dictionary<string, string> fields, string secFetchSite = "same-origin")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null) req.Headers.Add("Origin", origin);
        if (origin is not null) req.Headers.Add("Sec-Fetch-Site", secFetchSite);
        return await client.SendAsync(req);
    }
}
