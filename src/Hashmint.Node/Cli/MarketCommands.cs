using System.CommandLine;
using System.Globalization;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint market list|delist|buy|offer|accept|cancel|auction|bid|show|activity`: listings the chain executes, prices in HMT, royalties paid by consensus.</summary>
public static class MarketCommands
{
    public static Command Build()
    {
        var cmd = new Command("market", "Sell and buy tokens on the chain's own market: list, delist, buy (one or a sweep), offer, accept, cancel, auction, bid, show, activity");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Delist());
        cmd.Subcommands.Add(Buy());
        cmd.Subcommands.Add(Offer());
        cmd.Subcommands.Add(Accept());
        cmd.Subcommands.Add(Cancel());
        cmd.Subcommands.Add(Auction());
        cmd.Subcommands.Add(Bid());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(Activity());
        return cmd;
    }

    private static Option<ulong> TokenId(string description = "Token id") => new("--token") { Description = description, Required = true };

    private static Option<uint?> Height(string name, string description) => new Option<uint?>(name) { Description = description, HelpName = "height" }.Range(1u, uint.MaxValue);

    private static Command List()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var price = WalletCommands.CoinsOption("--price", "Price in HMT; with --end-price, the Dutch listing's start price", positive: true);
        price.Required = true;
        var expiry = Height("--expiry", "Last height at which the listing can be bought (default: never expires); not for Dutch listings");
        var endPrice = WalletCommands.CoinsOption("--end-price", "Makes it a Dutch listing: the price falls each block from --price to this (needs --end-height)", positive: true);
        var startHeight = Height("--start-height", "Dutch: height from which the price falls (default: the next block)");
        var endHeight = Height("--end-height", "Dutch: height at which the price reaches --end-price; the listing ends after it");
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("list", "List one of your tokens (or one you operate) at a fixed price, or at a falling Dutch price")
            { collection, token, price, expiry, endPrice, startHeight, endHeight, fee };
        var target = NodeTarget.AddTo(cmd, "market list", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            bool dutch = r.Given(endPrice);
            if (dutch && r.Given(expiry)) r.AddError("--expiry goes with fixed-price listings (a Dutch listing ends after its --end-height)");
            if (dutch && !r.Given(endHeight)) r.AddError("--end-price needs --end-height (where the price reaches it)");
            if (!dutch && (r.Given(endHeight) || r.Given(startHeight))) r.AddError("--start-height and --end-height go with --end-price (a Dutch listing)");
            if (dutch && r.Value(price) is { } start && r.Value(endPrice) is { } end && end >= start)
                r.AddError($"--end-price {end} must be below --price {start} (a Dutch price falls)");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var p = result.GetValue(price)!.Value;
            ListingTerms terms;
            if (result.GetValue(endPrice) is { } end)
            {
                uint next = await NextHeightAsync(node.Client, ct);
                uint from = result.GetValue(startHeight) ?? next;
                uint to = result.GetValue(endHeight)!.Value;
                if (to <= from) throw new UsageException($"--end-height {to} must be after the start height {from}");
                if (to < next) throw new UsageException($"--end-height {to} has passed: the next block is {next}");
                terms = ListingTerms.Dutch(p, end, from, to);
            }
            else terms = ListingTerms.Fixed(p, result.GetValue(expiry) ?? 0);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new ListOperation(result.GetValue(collection)!, result.GetValue(token), terms)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Delist()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("delist", "Withdraw your listing of a token") { collection, token, fee };
        var target = NodeTarget.AddTo(cmd, "market delist", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new DelistOperation(result.GetValue(collection)!, result.GetValue(token))], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Buy()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var tokens = new Option<ulong[]>("--token")
        {
            Description = "Token id; repeat to sweep several listings in one all-or-nothing transaction (up to 64)", Required = true,
            AllowMultipleArgumentsPerToken = true, HelpName = "id",
        };
        tokens.CustomParser = r =>
        {
            var ids = new List<ulong>();
            foreach (var t in r.Tokens)
            {
                if (ulong.TryParse(t.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)) ids.Add(id);
                else r.AddError($"--token: '{t.Value}' is not a whole number (0..{ulong.MaxValue})");
            }
            if (ids.Count > 64) r.AddError($"--token: at most 64 tokens in one sweep, not {ids.Count}");
            if (ids.Distinct().Count() != ids.Count) r.AddError("--token: a token is given twice");
            return [.. ids];
        };
        var maxPrice = WalletCommands.CoinsOption("--max-price", "The most you pay for each token, in HMT (default: its price in the next block, as the node shows it)", positive: true);
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("buy", "Buy listed tokens: the price of the including block is paid, the royalties go to the collection's recipients") { collection, tokens, maxPrice, fee };
        var target = NodeTarget.AddTo(cmd, "market buy", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string id = result.GetValue(collection)!;
            var ops = new List<Operation>();
            foreach (ulong tokenId in result.GetValue(tokens)!)
            {
                Amount max;
                if (result.GetValue(maxPrice) is { } given) max = given;
                else
                {
                    var listing = await ListingAsync(node.Client, id, tokenId, ct);
                    max = new Amount(listing.GetProperty("priceUnits").GetUInt64());
                }
                ops.Add(new BuyOperation(id, tokenId, max));
            }
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync(ops, result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Offer()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = new Option<ulong?>("--token") { Description = "Offer for this one token (default: any token of the collection)" };
        var trait = new Option<string?>("--trait")
        {
            Description = "Only tokens with this trait, TRAIT=VALUE: rarity=rare, attr:KEY=VALUE, loot:item=NAME or loot:STAT=N", HelpName = "trait=value",
        };
        var price = WalletCommands.CoinsOption("--price", "Price per token in HMT (held in escrow until the offer is filled, cancelled or expires)", positive: true);
        price.Required = true;
        var quantity = new Option<uint?>("--quantity") { Description = $"How many tokens, 1..{MakeOfferOperation.MaxQuantity} (default 1); not with --token" }.Range(1u, MakeOfferOperation.MaxQuantity);
        var expiry = Height("--expiry", "Last height at which the offer can be accepted (default: never expires)");
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("offer", "Offer coins for a token, for any token of a collection, or for any token with a trait (escrowed now)")
            { collection, token, trait, price, quantity, expiry, fee };
        var target = NodeTarget.AddTo(cmd, "market offer", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            if (r.Given(token) && r.Given(trait)) r.AddError("give --token or --trait, not both (an offer is for one token, or for any token with the trait)");
            if (r.Given(token) && r.Given(quantity)) r.AddError("--quantity goes with offers for any token (an offer for one token buys it once)");
            if (r.Value(trait) is { } t && ParseTrait(t) is null) r.AddError($"--trait: '{t}' is not TRAIT=VALUE with TRAIT rarity, attr:KEY, loot:item or loot:STAT");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string id = result.GetValue(collection)!;
            var offerTarget = result.GetValue(token) is { } tokenId ? OfferTarget.ForToken(id, tokenId)
                : result.GetValue(trait) is { } t && ParseTrait(t) is (string name, string value) ? OfferTarget.ForTrait(id, name, value)
                : OfferTarget.ForCollection(id);
            var op = new MakeOfferOperation(offerTarget, result.GetValue(price)!.Value, result.GetValue(quantity) ?? 1, result.GetValue(expiry) ?? 0);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([op], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    /// <summary>TRAIT=VALUE with a trait name the chain knows; null otherwise.</summary>
    internal static (string Trait, string Value)? ParseTrait(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) return null;
        var t = OfferTarget.ForTrait("x", text[..eq], text[(eq + 1)..]);
        return t.Problem() is null ? (t.Trait, t.Value) : null;
    }

    private static Option<ulong> OfferId() => new("--offer") { Description = "Offer id (from 'hashmint market show')", Required = true };

    private static Command Accept()
    {
        var offer = OfferId();
        var token = TokenId("The token you sell into the offer (yours, or one you are approved for or operate)");
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("accept", "Sell a token into an open offer: its escrowed price pays the royalties and then the owner") { offer, token, fee };
        var target = NodeTarget.AddTo(cmd, "market accept", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new AcceptOfferOperation(result.GetValue(offer), result.GetValue(token))], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Cancel()
    {
        var offer = new Option<ulong?>("--offer") { Description = "Cancel this offer of yours: what it still holds in escrow comes back" };
        var collection = CollectionCommands.CollectionId("--collection", "With --token: cancel your auction of that token (only before its first bid)", required: false);
        var token = new Option<ulong?>("--token") { Description = "The auctioned token (with --collection)" };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("cancel", "Cancel one of your offers (--offer), or an auction of yours that has no bid yet (--collection and --token)") { offer, collection, token, fee };
        var target = NodeTarget.AddTo(cmd, "market cancel", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            bool auction = r.Value(collection) is not null || r.Given(token);
            if (r.Given(offer) && auction) r.AddError("give --offer, or --collection and --token for an auction, not both");
            else if (!r.Given(offer) && !auction) r.AddError("say what to cancel: --offer ID, or --collection and --token for an auction");
            else if (auction && (r.Value(collection) is null || !r.Given(token))) r.AddError("an auction is cancelled with both --collection and --token");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            Operation op = result.GetValue(offer) is { } offerId
                ? new CancelOfferOperation(offerId)
                : new CancelAuctionOperation(result.GetValue(collection)!, result.GetValue(token)!.Value);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([op], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Auction()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var reserve = WalletCommands.CoinsOption("--reserve", "The least the first bid may be, in HMT", positive: true);
        reserve.Required = true;
        var blocks = new Option<uint?>("--blocks") { Description = $"How long it runs: it settles at the end of the block this many blocks after the next, 1..{StartAuctionOperation.MaxDurationBlocks}" }
            .Range(1u, StartAuctionOperation.MaxDurationBlocks);
        var endHeight = Height("--end-height", "Or: the height at whose end it settles");
        var increment = new Option<ushort>("--increment-bps") { Description = "Each bid beats the top bid by at least this many basis points, 0..10000 (default 500 = 5 %; at least one unit)", DefaultValueFactory = _ => 500 }
            .Range((ushort)0, (ushort)10_000);
        var extension = new Option<uint>("--extension") { Description = $"Anti-sniping: a bid in the last K blocks moves the end to K blocks after it, 0..{StartAuctionOperation.MaxExtensionBlocks} (default 0: off)" }
            .Range(0u, StartAuctionOperation.MaxExtensionBlocks);
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("auction", "Auction one of your tokens (English, bids escrowed); the chain settles it at its end height by itself")
            { collection, token, reserve, blocks, endHeight, increment, extension, fee };
        var target = NodeTarget.AddTo(cmd, "market auction", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            if (r.Given(blocks) == r.Given(endHeight)) r.AddError(r.Given(blocks) ? "give --blocks or --end-height, not both" : "say when it ends: --blocks N or --end-height H");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            uint next = await NextHeightAsync(node.Client, ct);
            uint end = result.GetValue(endHeight) ?? checked(next + result.GetValue(blocks)!.Value);
            if (end <= next) throw new UsageException($"--end-height {end} must be after the next block ({next})");
            var op = new StartAuctionOperation(result.GetValue(collection)!, result.GetValue(token), result.GetValue(reserve)!.Value, end,
                result.GetValue(increment), result.GetValue(extension));
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([op], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Bid()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var amount = WalletCommands.CoinsOption("--amount", "Your bid in HMT (default: the minimum next bid the node shows); escrowed until you are outbid (then refunded) or win", positive: true);
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("bid", "Bid on a running auction") { collection, token, amount, fee };
        var target = NodeTarget.AddTo(cmd, "market bid", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string id = result.GetValue(collection)!;
            ulong tokenId = result.GetValue(token);
            Amount bid;
            if (result.GetValue(amount) is { } given) bid = given;
            else
            {
                System.Text.Json.JsonElement auction;
                try { auction = await node.Client.GetJsonAsync($"api/v1/collections/{id}/tokens/{tokenId}/auction", ct); }
                catch (NodeRefusedException e) when (e.Status == 404) { throw new CliException($"{id} #{tokenId} is not being auctioned ({e.Message})"); }
                bid = new Amount(auction.GetProperty("minimumBidUnits").GetUInt64());
            }
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new BidOperation(id, tokenId, bid)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = new Option<ulong?>("--token") { Description = "One token: its listing, auction, offers and sales (default: the collection's floor, volume, cheapest listings, offers and auctions)" };
        var cmd = new Command("show", "Show a collection's market (floor, volume, sales, cheapest listings, offers) or one token's listing, auction, offers and sales") { collection, token };
        var target = NodeTarget.AddTo(cmd, "market show");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string id = result.GetValue(collection)!;
            if (result.GetValue(token) is { } tokenId)
            {
                string path = $"api/v1/collections/{id}/tokens/{tokenId}";
                await node.Client.GetJsonAsync(path, ct); // a missing collection or token is the node's 404, one line
                Console.WriteLine("listing:");
                try { Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"{path}/listing", ct))); }
                catch (NodeRefusedException e) when (e.Status == 404) { Console.WriteLine("  not listed"); }
                Console.WriteLine("auction:");
                try { Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"{path}/auction", ct))); }
                catch (NodeRefusedException e) when (e.Status == 404) { Console.WriteLine("  not auctioned"); }
                Console.WriteLine("offers:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"{path}/offers", ct)));
                Console.WriteLine("sales:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"{path}/sales", ct)));
            }
            else
            {
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/market", ct)));
                Console.WriteLine("listings:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/listings?limit=20", ct)));
                Console.WriteLine("offers:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/offers?limit=20", ct)));
                Console.WriteLine("auctions:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/auctions?limit=20", ct)));
            }
            return 0;
        });
        return cmd;
    }

    private static Command Activity()
    {
        var collection = CollectionCommands.CollectionId("--collection", "A collection's market activity", required: false);
        var token = new Option<ulong?>("--token") { Description = "Only this token of --collection" };
        var address = new Option<string?>("--address") { Description = "An account's market activity (as seller, buyer or bidder) instead of a collection's" };
        var kind = new Option<string?>("--kind") { Description = "Only these kinds, comma-separated: listed, delisted, sold, offer-made, offer-cancelled, offer-expired, bid, auction-started, auction-settled, auction-cancelled" };
        var limit = new Option<int?>("--limit") { Description = "Events per page (1..200, default 50)" }.Range(1, 200);
        var cursor = new Option<string?>("--cursor") { Description = "Older events: the cursor the previous page printed" };
        var cmd = new Command("activity", "Show market activity, newest first: listings, delistings, sales with royalties, offers, bids and auctions of a collection, a token or an account")
            { collection, token, address, kind, limit, cursor };
        var target = NodeTarget.AddTo(cmd, "market activity");
        cmd.Check(r =>
        {
            if (r.Given(address) && (r.Given(collection) || r.Given(token))) r.AddError("--address shows an account's activity in every collection: give --collection (and --token) or --address");
            else if (!r.Given(address) && !r.Given(collection)) r.AddError("give --collection (and maybe --token) or --address");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string path = result.GetValue(address) is { } a ? $"api/v1/accounts/{Uri.EscapeDataString(a)}/activity/market"
                : result.GetValue(token) is { } t ? $"api/v1/collections/{result.GetValue(collection)}/tokens/{t}/activity/market"
                : $"api/v1/collections/{result.GetValue(collection)}/activity/market";
            var query = new List<string>();
            if (result.GetValue(kind) is { } k) query.Add($"kind={Uri.EscapeDataString(k)}");
            if (result.GetValue(limit) is { } n) query.Add($"limit={n}");
            if (result.GetValue(cursor) is { } c) query.Add($"cursor={Uri.EscapeDataString(c)}");
            var page = await node.Client.GetJsonAsync(query.Count == 0 ? path : $"{path}?{string.Join('&', query)}", ct);
            var items = page.GetProperty("items");
            if (items.GetArrayLength() == 0) Console.WriteLine("no market activity");
            foreach (var e in items.EnumerateArray()) Console.WriteLine(ActivityLine(e));
            if (page.GetProperty("next").GetString() is { } next) Console.WriteLine($"older: --cursor {next}");
            return 0;
        });
        return cmd;
    }

    /// <summary>One event on one line: height, kind, token, price, who, and the transaction (or "block" for the chain's own end-of-block work).</summary>
    internal static string ActivityLine(System.Text.Json.JsonElement e)
    {
        static string? S(System.Text.Json.JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        var token = e.GetProperty("tokenId");
        string what = token.ValueKind == System.Text.Json.JsonValueKind.Number ? $"{S(e, "collection")} #{token.GetUInt64()}" : $"{S(e, "collection")} ({S(e, "offerKind")} offer)";
        var parts = new List<string> { e.GetProperty("height").GetUInt32().ToString(CultureInfo.InvariantCulture).PadLeft(7), (S(e, "kind") ?? "").PadRight(17), what };
        if (S(e, "price") is { } price) parts.Add($"{price} HMT");
        if (S(e, "royalty") is { } royalty) parts.Add($"royalty {royalty}");
        if (S(e, "via") is { } via) parts.Add($"via {via}");
        if (S(e, "reason") is { } reason) parts.Add(reason);
        if (S(e, "seller") is { } seller) parts.Add($"seller {seller}");
        if (S(e, "buyer") is { } buyer) parts.Add($"{(S(e, "kind") is "bid" ? "bidder" : "buyer")} {buyer}");
        if (e.TryGetProperty("offerId", out var offer) && offer.ValueKind == System.Text.Json.JsonValueKind.Number) parts.Add($"offer {offer.GetUInt64()}");
        parts.Add(S(e, "txid") is { } txid ? $"tx {txid}" : "by the chain at the block's end");
        return string.Join("  ", parts);
    }

    private static async Task<uint> NextHeightAsync(NodeClient client, CancellationToken ct) =>
        (await client.GetJsonAsync("api/v1/status", ct)).GetProperty("height").GetUInt32() + 1;

    private static async Task<System.Text.Json.JsonElement> ListingAsync(NodeClient client, string id, ulong tokenId, CancellationToken ct)
    {
        try { return await client.GetJsonAsync($"api/v1/collections/{id}/tokens/{tokenId}/listing", ct); }
        catch (NodeRefusedException e) when (e.Status == 404) { throw new CliException($"{id} #{tokenId} is not for sale ({e.Message})"); }
    }
}
