using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint collection create|show`.</summary>
public static class CollectionCommands
{
    /// <summary>The kinds, mint and transfer policies a creator may choose (the blocks policy is the built-in collection's alone).</summary>
    internal static readonly CollectionKind[] Kinds = Enum.GetValues<CollectionKind>();
    internal static readonly MintPolicy[] MintPolicies = [MintPolicy.Creator, MintPolicy.Open, MintPolicy.ProofOfWork];
    internal static readonly TransferPolicy[] TransferPolicies = Enum.GetValues<TransferPolicy>();

    /// <summary>A loot table file larger than this is certainly not one (32 items of 8 stats fit in a few KiB).</summary>
    private const int MaxLootFileBytes = 1 << 20;

    public static Command Build()
    {
        var cmd = new Command("collection", "Launch and inspect NFT collections");
        cmd.Subcommands.Add(Create());
        cmd.Subcommands.Add(Show());
        return cmd;
    }

    /// <summary>A collection id option, checked as a slug when parsed.</summary>
    internal static Option<string> CollectionId(string name, string description, bool required = true)
    {
        var option = new Option<string>(name) { Description = description, Required = required, HelpName = "id" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } id && !CollectionIds.IsValid(id))
                r.AddError($"{name}: '{id}' is not a collection id (3..32 characters of a-z, 0-9 and '-', starting with a letter)");
        });
        return option;
    }

    private static Command Create()
    {
        var id = CollectionId("--id", "Slug: 3..32 of a-z, 0-9, '-', starting with a letter");
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "Short symbol", Required = true };
        var kind = CliValues.Enum("--kind", "Collection kind", Kinds, CollectionKind.Art);
        var maxSupply = new Option<ulong?>("--max-supply") { Description = "Most tokens ever minted (default: 10000; for land, the grid's size)" }.Range(1UL, ulong.MaxValue);
        var royalty = new Option<ushort>("--royalty-bps") { Description = $"Royalty in basis points, 0..{CollectionDefinition.MaxRoyaltyBasisPoints}" }
            .Range((ushort)0, (ushort)CollectionDefinition.MaxRoyaltyBasisPoints);
        var splits = new Option<string[]>("--split") { Description = "Royalty recipient ADDRESS:BPS (repeat, up to 8; default: all to you); needs --royalty-bps", AllowMultipleArgumentsPerToken = true };
        var transfer = CliValues.Enum("--transfer", "Transfer policy", TransferPolicies, TransferPolicy.Free);
        var mint = CliValues.Enum("--mint", "Mint policy", MintPolicies, MintPolicy.Creator, new Dictionary<string, MintPolicy> { ["pow"] = MintPolicy.ProofOfWork });
        var price = WalletCommands.CoinsOption("--price", "Mint price in HMT; needs --mint open", positive: false);
        var bits = new Option<uint?>("--bits") { Description = "Initial difficulty bits in hex (default: 1e020000); needs --mint proof-of-work", HelpName = "hex" };
        bits.CustomParser = r => ParseBits(r);
        var spacing = new Option<uint?>("--spacing") { Description = "Wanted blocks between mints, 1..100000 (default: 5); needs --mint proof-of-work" }.Range(1u, 100_000u);
        var halfLife = new Option<uint?>("--half-life") { Description = "Retarget half-life in blocks, 1..10000000 (default: 50); needs --mint proof-of-work" }.Range(1u, 10_000_000u);
        var loot = new Option<string?>("--loot") { Description = "JSON file with the loot table [{name, weight, stats:[{name,min,max}]}]; needs --kind game-item (and it needs this)", HelpName = "file" };
        var land = new Option<string?>("--land") { Description = "Grid WIDTHxHEIGHT, e.g. 64x64; needs --kind land (and it needs this)", HelpName = "WxH" };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("create", "Launch a collection (you become its creator)")
            { id, name, symbol, kind, maxSupply, royalty, splits, transfer, mint, price, bits, spacing, halfLife, loot, land, fee };
        var target = NodeTarget.AddTo(cmd, "collection create", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            var kindValue = r.Value(kind) ?? CollectionKind.Art;
            var mintValue = r.Value(mint) ?? MintPolicy.Creator;
            string mintName = EnumNames.Format(mintValue), kindName = EnumNames.Format(kindValue);
            if (r.Given(price) && mintValue != MintPolicy.Open) r.AddError($"--price goes with --mint open only (this collection is minted by '{mintName}')");
            if (!r.Given(price) && mintValue == MintPolicy.Open) r.AddError("--mint open needs --price in HMT (0 for free mints)");
            foreach (var powOption in new Option[] { bits, spacing, halfLife })
                if (r.Given(powOption) && mintValue != MintPolicy.ProofOfWork) r.AddError($"{powOption.Name} goes with --mint proof-of-work only (this collection is minted by '{mintName}')");
            if (r.Given(loot) && kindValue != CollectionKind.GameItem) r.AddError($"--loot goes with --kind game-item only (this collection is '{kindName}')");
            if (!r.Given(loot) && kindValue == CollectionKind.GameItem) r.AddError("--kind game-item needs --loot FILE.json");
            if (r.Given(land) && kindValue != CollectionKind.Land) r.AddError($"--land goes with --kind land only (this collection is '{kindName}')");
            if (!r.Given(land) && kindValue == CollectionKind.Land) r.AddError("--kind land needs --land WIDTHxHEIGHT");
            if (r.Value(land) is { } landText && ParseLand(landText) is null) r.AddError($"--land: '{landText}' is not WIDTHxHEIGHT (each 1..65535), e.g. 64x64");
            if (r.Value(splits) is { Length: > 0 } && r.Value(royalty) == 0) r.AddError("--split needs --royalty-bps (the splits share the royalty)");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var kindValue = result.GetValue(kind) ?? CollectionKind.Art;
            var mintValue = result.GetValue(mint) ?? MintPolicy.Creator;
            var landValue = kindValue == CollectionKind.Land ? ParseLand(result.GetValue(land)!) : null;
            var lootValue = kindValue == CollectionKind.GameItem ? ParseLoot(result.GetValue(loot)!) : null;
            var splitList = (result.GetValue(splits) ?? []).Select(s => ParseSplit(s, node.Network.AddressPrefix)).ToList();
            using var session = WalletSession.Open(node);
            ushort bps = result.GetValue(royalty);
            if (bps > 0 && splitList.Count == 0) splitList.Add(new RoyaltySplit(session.Account, bps));
            var pow = mintValue == MintPolicy.ProofOfWork
                ? new PowMintParams(result.GetValue(bits) ?? 0x1e020000, result.GetValue(spacing) ?? 5, result.GetValue(halfLife) ?? 50)
                : null;
            ulong supply = result.GetValue(maxSupply) ?? (landValue is null ? 10_000UL : (ulong)landValue.Width * landValue.Height);
            var def = new CollectionDefinition(result.GetValue(id)!, result.GetValue(name)!, result.GetValue(symbol)!, kindValue, supply, bps,
                splitList, result.GetValue(transfer) ?? TransferPolicy.Free, mintValue, result.GetValue(price) ?? Amount.Zero, pow, lootValue, landValue);
            if (def.Problem() is { } problem) throw new UsageException(problem);
            var txid = await session.SubmitAsync([new CreateCollectionOperation(def)], result.GetValue(fee), ct);
            Console.WriteLine(txid);
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var id = CollectionId("--id", "Collection id (default: list all)", required: false);
        var cmd = new Command("show", "Show one collection, or list them all") { id };
        var target = NodeTarget.AddTo(cmd, "collection show");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var path = result.GetValue(id) is { } one ? $"api/v1/collections/{one}" : "api/v1/collections";
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync(path, ct)));
            return 0;
        });
        return cmd;
    }

    private static uint? ParseBits(ArgumentResult r)
    {
        string text = r.Tokens.Count == 1 ? r.Tokens[0].Value.Trim() : "";
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length is > 0 and <= 8 && uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint b)
            && Core.Consensus.CompactTarget.ToTarget(b) is { IsZero: false })
            return b;
        r.AddError($"--bits: '{text}' is not compact difficulty bits (8 hex digits that encode a target, e.g. 1e020000)");
        return null;
    }

    private static RoyaltySplit ParseSplit(string text, string hrp)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort bps))
            throw new UsageException($"--split: '{text}' is not ADDRESS:BPS (BPS a whole number 1..{CollectionDefinition.MaxRoyaltyBasisPoints})");
        if (!AccountId.TryParse(parts[0], hrp, out var account, out var error)) throw new UsageException($"--split: {error}");
        return new RoyaltySplit(account, bps);
    }

    private static LandGrid? ParseLand(string text)
    {
        var parts = text.Split('x', 'X');
        return parts.Length == 2 && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort w) && w > 0
               && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort h) && h > 0
            ? new LandGrid(w, h)
            : null;
    }

    private static LootTable ParseLoot(string path)
    {
        var text = CliFiles.ReadText(path, "--loot", MaxLootFileBytes);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException("the loot table is a JSON array of items");
            var items = doc.RootElement.EnumerateArray().Select(item => new LootItem(RequiredString(item, "name"), RequiredUInt(item, "weight"),
                item.TryGetProperty("stats", out var stats)
                    ? stats.EnumerateArray().Select(s => new StatRange(RequiredString(s, "name"), RequiredUInt(s, "min"), RequiredUInt(s, "max"))).ToList()
                    : [])).ToList();
            return new LootTable(items);
        }
        catch (JsonException e) { throw new CliException($"--loot {path}: not valid JSON ({e.Message.Split(". ")[0]})"); }
        catch (InvalidOperationException) { throw new CliException($"--loot {path}: every item is an object {{name, weight, stats:[{{name,min,max}}]}}"); }
        catch (FormatException e) { throw new CliException($"--loot {path}: {e.Message}"); }
    }

    private static string RequiredString(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException($"an item or stat lacks the text field '{property}'");

    private static uint RequiredUInt(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt32(out uint n)
            ? n
            : throw new FormatException($"an item or stat lacks the whole-number field '{property}' (0..{uint.MaxValue})");
}
