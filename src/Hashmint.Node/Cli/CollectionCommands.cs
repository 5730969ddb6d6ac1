using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint collection create|show|list`.</summary>
public static class CollectionCommands
{
    public static Command Build()
    {
        var cmd = new Command("collection", "Launch and inspect NFT collections");
        cmd.Subcommands.Add(Create());
        cmd.Subcommands.Add(Show());
        return cmd;
    }

    private static Command Create()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var id = new Option<string>("--id") { Description = "Slug: 3..32 of a-z, 0-9, '-'", Required = true };
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "Short symbol", Required = true };
        var kind = new Option<string>("--kind") { Description = "art, collectible, game-item or land", DefaultValueFactory = _ => "art" };
        var maxSupply = new Option<ulong>("--max-supply") { Description = "Most tokens ever minted", DefaultValueFactory = _ => 10_000 };
        var royalty = new Option<ushort>("--royalty-bps") { Description = "Royalty in basis points (≤ 5000)" };
        var splits = new Option<string[]>("--split") { Description = "Royalty recipient ADDRESS:BPS (repeat, up to 8; default: all to you)", AllowMultipleArgumentsPerToken = true };
        var transfer = new Option<string>("--transfer") { Description = "free or market-only", DefaultValueFactory = _ => "free" };
        var mint = new Option<string>("--mint") { Description = "creator, open or pow", DefaultValueFactory = _ => "creator" };
        var price = new Option<string?>("--price") { Description = "Open mint price in HMT" };
        var bits = new Option<string>("--bits") { Description = "pow: initial difficulty bits (hex)", DefaultValueFactory = _ => "1e020000" };
        var spacing = new Option<uint>("--spacing") { Description = "pow: wanted blocks between mints", DefaultValueFactory = _ => 5 };
        var halfLife = new Option<uint>("--half-life") { Description = "pow: retarget half-life in blocks", DefaultValueFactory = _ => 50 };
        var loot = new Option<string?>("--loot") { Description = "game-item: JSON loot table [{name, weight, stats:[{name,min,max}]}]" };
        var land = new Option<string?>("--land") { Description = "land: grid WIDTHxHEIGHT" };
        var fee = new Option<ulong?>("--fee") { Description = "Fee in base units" };
        var cmd = new Command("create", "Launch a collection (you become its creator)")
            { dataDir, network, id, name, symbol, kind, maxSupply, royalty, splits, transfer, mint, price, bits, spacing, halfLife, loot, land, fee };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var session = WalletSession.Open(p, dir);
            var kindValue = ParseEnum<CollectionKind>(result.GetValue(kind)!, "--kind");
            var mintValue = result.GetValue(mint) == "pow" ? MintPolicy.ProofOfWork : ParseEnum<MintPolicy>(result.GetValue(mint)!, "--mint");
            ushort bps = result.GetValue(royalty);
            var splitList = (result.GetValue(splits) ?? []).Select(s => ParseSplit(s, p.AddressPrefix)).ToList();
            if (bps > 0 && splitList.Count == 0) splitList.Add(new RoyaltySplit(session.Account, bps));
            var priceValue = Amount.Zero;
            if (mintValue == MintPolicy.Open && (result.GetValue(price) is not { } priceText || !Amount.TryParseCoins(priceText, out priceValue)))
                throw new CliException("--mint open needs --price in HMT");
            PowMintParams? pow = null;
            if (mintValue == MintPolicy.ProofOfWork)
            {
                if (!uint.TryParse(result.GetValue(bits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint b)) throw new CliException("--bits must be hex, e.g. 1e020000");
                pow = new PowMintParams(b, result.GetValue(spacing), result.GetValue(halfLife));
            }
            var def = new CollectionDefinition(result.GetValue(id)!, result.GetValue(name)!, result.GetValue(symbol)!, kindValue, result.GetValue(maxSupply), bps,
                splitList, ParseEnum<TransferPolicy>(result.GetValue(transfer)!, "--transfer"), mintValue, priceValue, pow,
                kindValue == CollectionKind.GameItem ? ParseLoot(result.GetValue(loot)) : null,
                kindValue == CollectionKind.Land ? ParseLand(result.GetValue(land)) : null);
            if (def.Problem() is { } problem) throw new CliException(problem);
            var txid = await session.SubmitAsync([new CreateCollectionOperation(def)], result.GetValue(fee), ct);
            Console.WriteLine(txid);
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var id = new Option<string?>("--id") { Description = "Collection id (default: list all)" };
        var cmd = new Command("show", "Show one collection, or list them all") { dataDir, network, id };
        cmd.SetAction(async (result, ct) =>
        {
            var (_, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            var path = result.GetValue(id) is { } one ? $"api/v1/collections/{one}" : "api/v1/collections";
            Console.WriteLine(WalletCommands.Pretty(await client.GetJsonAsync(path, ct)));
            return 0;
        });
        return cmd;
    }

    internal static T ParseEnum<T>(string text, string option) where T : struct, Enum
    {
        if (Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        throw new CliException($"{option}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    private static RoyaltySplit ParseSplit(string text, string hrp)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !ushort.TryParse(parts[1], out ushort bps)) throw new CliException($"--split '{text}' must be ADDRESS:BPS");
        if (!AccountId.TryParse(parts[0], hrp, out var account, out var error)) throw new CliException($"--split: {error}");
        return new RoyaltySplit(account, bps);
    }

    private static LandGrid ParseLand(string? text)
    {
        var parts = text?.Split('x') ?? [];
        if (parts.Length != 2 || !ushort.TryParse(parts[0], out ushort w) || !ushort.TryParse(parts[1], out ushort h)) throw new CliException("--land must be WIDTHxHEIGHT, e.g. 64x64");
        return new LandGrid(w, h);
    }

    private static LootTable ParseLoot(string? path)
    {
        if (path is null) throw new CliException("--kind game-item needs --loot FILE.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var items = doc.RootElement.EnumerateArray().Select(item => new LootItem(item.GetProperty("name").GetString()!, item.GetProperty("weight").GetUInt32(),
                item.TryGetProperty("stats", out var stats)
                    ? stats.EnumerateArray().Select(s => new StatRange(s.GetProperty("name").GetString()!, s.GetProperty("min").GetUInt32(), s.GetProperty("max").GetUInt32())).ToList()
                    : [])).ToList();
            return new LootTable(items);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            throw new CliException($"--loot {path}: {e.Message}");
        }
    }
}
