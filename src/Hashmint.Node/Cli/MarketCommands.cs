using System.CommandLine;
using System.Globalization;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint market list|delist|buy|show`: listings the chain executes, prices in HMT, royalties paid by consensus.</summary>
public static class MarketCommands
{
    public static Command Build()
    {
        var cmd = new Command("market", "Sell and buy tokens on the chain's own market: list, delist, buy (one or a sweep), show");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Delist());
        cmd.Subcommands.Add(Buy());
        cmd.Subcommands.Add(Show());
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

    private static Command Show()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = new Option<ulong?>("--token") { Description = "One token: its listing and its sales (default: the collection's floor, volume and cheapest listings)" };
        var cmd = new Command("show", "Show a collection's market (floor, volume, sales, cheapest listings) or one token's listing and sales") { collection, token };
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
                Console.WriteLine("sales:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"{path}/sales", ct)));
            }
            else
            {
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/market", ct)));
                Console.WriteLine("listings:");
                Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/collections/{id}/listings?limit=20", ct)));
            }
            return 0;
        });
        return cmd;
    }

    private static async Task<uint> NextHeightAsync(NodeClient client, CancellationToken ct) =>
        (await client.GetJsonAsync("api/v1/status", ct)).GetProperty("height").GetUInt32() + 1;

    private static async Task<System.Text.Json.JsonElement> ListingAsync(NodeClient client, string id, ulong tokenId, CancellationToken ct)
    {
        try { return await client.GetJsonAsync($"api/v1/collections/{id}/tokens/{tokenId}/listing", ct); }
        catch (NodeRefusedException e) when (e.Status == 404) { throw new CliException($"{id} #{tokenId} is not for sale ({e.Message})"); }
    }
}
