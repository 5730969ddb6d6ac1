using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Mining;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint nft mint|mine|transfer|burn|approve|operator|show|list`.</summary>
public static class NftCommands
{
    public static Command Build()
    {
        var cmd = new Command("nft", "Mint, mine, move, burn and inspect NFTs; approve spenders and operators");
        cmd.Subcommands.Add(Mint());
        cmd.Subcommands.Add(Mine());
        cmd.Subcommands.Add(Transfer());
        cmd.Subcommands.Add(Burn());
        cmd.Subcommands.Add(Approve());
        cmd.Subcommands.Add(Operator());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(List());
        return cmd;
    }

    private static Option<ulong> TokenId() => new("--token") { Description = "Token id", Required = true };

    private static Command Mint()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id (a creator or open collection)");
        var to = new Option<string?>("--to") { Description = "Recipient (default: you)" };
        var file = new Option<string?>("--file") { Description = $"Content stored on-chain (at most {TokenContent.MaxOnChainBytes} bytes; needs --mime); with --uri, only its SHA-256 is stored", HelpName = "path" };
        var mime = new Option<string?>("--mime") { Description = "MIME type of the content, e.g. image/png (needs --file or --uri)" };
        var uri = new Option<string?>("--uri") { Description = $"Off-chain content URI (at most {TokenContent.MaxUriBytes} bytes); its SHA-256 comes from --file or --content-hash" };
        var contentHash = new Option<Hash256?>("--content-hash") { Description = "SHA-256 of the off-chain content, 64 hex digits as sha256sum prints it (needs --uri)", HelpName = "sha256" };
        contentHash.CustomParser = ParseSha256;
        var attrs = new Option<string[]>("--attr") { Description = $"Attribute KEY=VALUE (repeat, up to {TokenAttributes.MaxCount}; key 1..32 bytes, value at most 128)", AllowMultipleArgumentsPerToken = true };
        var parcel = new Option<string?>("--parcel") { Description = "Land parcel X,Y (land collections need it, others refuse it)" };
        var generator = new Option<string?>("--generator") { Description = "Provenance: how it was made (e.g. hand, stable-diffusion)" };
        var model = new Option<string?>("--model") { Description = "Provenance: AI model name" };
        var prompt = new Option<string?>("--prompt") { Description = "Provenance: the prompt (only its SHA-256 is stored)" };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("mint", "Mint a token of a creator or open collection") { collection, to, file, mime, uri, contentHash, attrs, parcel, generator, model, prompt, fee };
        var target = NodeTarget.AddTo(cmd, "nft mint", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            bool hasUri = r.Value(uri) is not null, hasFile = r.Value(file) is not null, hasHash = r.Given(contentHash);
            if (hasHash && !hasUri) r.AddError("--content-hash goes with --uri (it is the SHA-256 of the off-chain content); for on-chain content give --file alone");
            if (hasHash && hasFile) r.AddError("give --file or --content-hash for the off-chain content's SHA-256, not both");
            if (hasUri && !hasFile && !hasHash) r.AddError("--uri needs --content-hash or --file to fix the content's SHA-256");
            if (r.Value(mime) is { } m)
            {
                if (!hasFile && !hasUri) r.AddError("--mime goes with --file or --uri (it is the content's type)");
                else if (Encoding.UTF8.GetByteCount(m) > TokenContent.MaxMimeBytes || !m.Contains('/') || m.Any(char.IsWhiteSpace))
                    r.AddError($"--mime: '{m}' is not a MIME type like image/png (at most {TokenContent.MaxMimeBytes} bytes)");
            }
            else if (hasFile && !hasUri) r.AddError("--file needs --mime (the content's type, e.g. image/png)");
            if (r.Value(uri) is { } u && (u.Length == 0 || Encoding.UTF8.GetByteCount(u) > TokenContent.MaxUriBytes))
                r.AddError($"--uri: 1..{TokenContent.MaxUriBytes} bytes");
            if (r.Value(parcel) is { } p && ParseParcel(p) is null) r.AddError($"--parcel: '{p}' is not X,Y (each 0..65535)");
            if (ParseAttributes(r.Value(attrs) ?? [], out var attrError) is null) r.AddError(attrError!);
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var p = node.Network;
            string id = result.GetValue(collection)!;
            var recipient = result.GetValue(to) is { } toText ? WalletCommands.ParseAddress(toText, "--to", p) : (AccountId?)null;
            var parcelValue = result.GetValue(parcel) is { } parcelText ? ParseParcel(parcelText) : null;
            await CheckMintableAsync(node.Client, id, parcelValue is not null, ct);
            var content = BuildContent(result.GetValue(file), result.GetValue(mime), result.GetValue(uri), result.GetValue(contentHash));
            var attributes = ParseAttributes(result.GetValue(attrs) ?? [], out _)!;
            Provenance? provenance = null;
            if (result.GetValue(generator) is not null || result.GetValue(model) is not null || result.GetValue(prompt) is not null)
            {
                var promptHash = result.GetValue(prompt) is { } text ? new Hash256(SHA256.HashData(Encoding.UTF8.GetBytes(text))) : Hash256.Zero;
                provenance = new Provenance(result.GetValue(generator) ?? "", result.GetValue(model) ?? "", promptHash, Hash256.Zero);
            }
            using var session = WalletSession.Open(node);
            var op = new MintOperation(id, recipient ?? session.Account, content, attributes, provenance, parcelValue);
            Console.WriteLine(await session.SubmitAsync([op], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    /// <summary>Refuses, before anything is signed, what the collection cannot take: a proof-of-work mint, a parcel it has no grid for, or none for a land grid.</summary>
    private static async Task CheckMintableAsync(NodeClient client, string id, bool hasParcel, CancellationToken ct)
    {
        var json = await client.GetJsonAsync($"api/v1/collections/{id}", ct);
        string kind = json.GetProperty("kind").GetString() ?? "";
        string mint = json.GetProperty("mintPolicy").GetString() ?? "";
        if (mint == EnumNames.Format(MintPolicy.ProofOfWork)) throw new UsageException($"'{id}' is minted by proof of work: use 'hashmint nft mine --collection {id}'");
        if (mint == EnumNames.Format(MintPolicy.Blocks)) throw new UsageException($"'{id}' is minted by the chain itself, one token per block");
        bool land = kind == EnumNames.Format(CollectionKind.Land);
        if (land && !hasParcel) throw new UsageException($"'{id}' is a land collection: say which parcel with --parcel X,Y");
        if (!land && hasParcel) throw new UsageException($"--parcel goes with land collections only ('{id}' is '{kind}')");
    }

    private static TokenContent BuildContent(string? file, string? mime, string? uri, Hash256? contentHash)
    {
        if (uri is not null)
        {
            var hash = contentHash ?? new Hash256(CliFiles.Sha256(file!, "--file"));
            return new ReferencedContent(hash, uri, mime ?? "application/octet-stream");
        }
        if (file is null) return TokenContent.None;
        var bytes = CliFiles.ReadAll(file, "--file", TokenContent.MaxOnChainBytes,
            "on-chain content is limited: put the file elsewhere and pass --uri URL with --file to record its SHA-256");
        return new OnChainContent(mime!, bytes);
    }

    private static Hash256? ParseSha256(ArgumentResult r)
    {
        string text = r.Tokens.Count == 1 ? r.Tokens[0].Value.Trim() : "";
        if (text.Length == 64 && text.All(char.IsAsciiHexDigit)) return Hash256.FromInternalHex(text.ToLowerInvariant());
        r.AddError($"--content-hash: '{text}' is not a SHA-256 (64 hex digits, as sha256sum prints it)");
        return null;
    }

    private static (ushort, ushort)? ParseParcel(string text)
    {
        var xy = text.Split(',');
        return xy.Length == 2 && ushort.TryParse(xy[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort x)
               && ushort.TryParse(xy[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort y)
            ? (x, y)
            : null;
    }

    private static List<KeyValuePair<string, string>>? ParseAttributes(string[] texts, out string? error)
    {
        error = null;
        var list = new List<KeyValuePair<string, string>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var kv = text.Split('=', 2);
            if (kv.Length != 2) error = $"--attr: '{text}' is not KEY=VALUE";
            else if (kv[0].Length == 0 || Encoding.UTF8.GetByteCount(kv[0]) > 32) error = $"--attr: key '{kv[0]}' must be 1..32 bytes";
            else if (Encoding.UTF8.GetByteCount(kv[1]) > 128) error = $"--attr: the value of '{kv[0]}' is over 128 bytes";
            else if (!keys.Add(kv[0])) error = $"--attr: key '{kv[0]}' is given twice";
            else { list.Add(new(kv[0], kv[1])); continue; }
            return null;
        }
        if (list.Count > TokenAttributes.MaxCount) { error = $"--attr: at most {TokenAttributes.MaxCount} attributes, not {list.Count}"; return null; }
        return list;
    }

    /// <summary>--engine for the nonce search: a known engine this CPU runs.</summary>
    internal static Option<string> EngineOption()
    {
        var names = new[] { NonceSearchEngines.Auto }.Concat(NonceSearchEngines.All).ToArray();
        var option = new Option<string>("--engine")
        {
            Description = $"Hash engine: {string.Join(", ", names)} (auto: the fastest this CPU runs, {NonceSearchEngines.Supported[0]})",
            DefaultValueFactory = _ => NonceSearchEngines.Auto,
            HelpName = string.Join('|', names),
        };
        option.Validators.Add(r =>
        {
            string name = r.GetValueOrDefault<string>() ?? "";
            string resolved = NonceSearchEngines.Resolve(name);
            if (!NonceSearchEngines.All.Contains(resolved)) r.AddError($"--engine: '{name}' is not one of {string.Join(", ", names)}");
            else if (!NonceSearchEngines.Supported.Contains(resolved))
                r.AddError($"--engine: this CPU cannot run '{resolved}'; it runs {string.Join(", ", NonceSearchEngines.Supported)}");
        });
        return option;
    }

    private static Command Mine()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Proof-of-work collection id");
        var threads = new Option<int>("--threads") { Description = "Mining threads, 1..1024", DefaultValueFactory = _ => Environment.ProcessorCount }.Range(1, 1024);
        var count = new Option<int>("--count") { Description = "How many tokens to mine, 1..10000", DefaultValueFactory = _ => 1 }.Range(1, 10_000);
        var engine = EngineOption();
        var cmd = new Command("mine", "Find mint proofs with the mining engine and submit them; the tokens go to your wallet") { collection, threads, count, engine };
        var target = NodeTarget.AddTo(cmd, "nft mine", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var p = node.Network;
            string id = result.GetValue(collection)!;
            var info = await node.Client.GetJsonAsync($"api/v1/collections/{id}", ct);
            if (info.GetProperty("mintPolicy").GetString() is { } policy && policy != EnumNames.Format(MintPolicy.ProofOfWork))
                throw new UsageException($"'{id}' is not minted by proof of work (its mint policy is '{policy}'){(policy == EnumNames.Format(MintPolicy.Blocks) ? "" : $": use 'hashmint nft mint --collection {id}'")}");
            using var session = WalletSession.Open(node);
            var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(result.GetValue(engine)!), result.GetValue(threads));
            int wanted = result.GetValue(count);
            for (int mined = 0, attempts = 0; mined < wanted; attempts++)
            {
                if (attempts >= wanted + 20) throw new CliException("gave up: every proof went stale before it was mined (is someone else mining this collection much faster?)");
                var jobJson = await session.Client.GetJsonAsync($"api/v1/collections/{id}/mint-job?minter={session.Address}", ct);
                var job = MintJob.Create(p, id, session.Account, Hash256.FromInternalHex(jobJson.GetProperty("previousMintHash").GetString()!),
                    Convert.ToUInt32(jobJson.GetProperty("bits").GetString(), 16), (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var op = await job.SolveAsync(searcher, ct) ?? throw new OperationCanceledException();
                var hash = Core.Blocks.BlockHeader.Decode(op.Header).Hash;
                Console.Error.WriteLine($"found proof {hash} in {clock.Elapsed.TotalSeconds:0.0} s ({StatusLineService.FormatRate(searcher.Meter.HashesPerSecond)}, {searcher.Engine.Name})");
                try
                {
                    var txid = await session.SubmitAsync([op], null, ct);
                    uint height = await session.WaitConfirmedAsync(txid, TimeSpan.FromMinutes(5), ct);
                    var tokenId = await FindTokenBySeedAsync(session.Client, id, hash, ct);
                    Console.WriteLine($"{id} #{tokenId} mined in block {height} (tx {txid})");
                    mined++;
                }
                catch (NodeRefusedException e) when (e.Code is Ledger.Nft.NftRejectCodes.StaleMint or Ledger.Nft.NftRejectCodes.BadMintBits)
                {
                    // Another miner's mint landed first, or the pending proof we built on was mined later than the
                    // next block (so the retarget differs): take the new job.
                    Console.Error.WriteLine($"proof went stale ({e.Message}); mining the next job");
                }
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>A mined token's id: the one whose seed is the winning hash, among the collection's newest tokens.</summary>
    private static async Task<ulong> FindTokenBySeedAsync(NodeClient client, string id, Hash256 seed, CancellationToken ct)
    {
        var page = await client.GetJsonAsync($"api/v1/collections/{id}/tokens?order=desc&limit=200", ct);
        foreach (var t in page.GetProperty("items").EnumerateArray())
            if (t.GetProperty("seed").GetString() == seed.ToHexInternal()) return t.GetProperty("tokenId").GetUInt64();
        throw new CliException($"mined token with seed {seed.ToHexInternal()} not found among the newest tokens of '{id}'");
    }

    private static Command Transfer()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var to = new Option<string>("--to") { Description = "Recipient", Required = true };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("transfer", "Send a token (yours, or one you are approved for or operate)") { collection, token, to, fee };
        var target = NodeTarget.AddTo(cmd, "nft transfer", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var recipient = WalletCommands.ParseAddress(result.GetValue(to)!, "--to", node.Network);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new TransferTokenOperation(result.GetValue(collection)!, result.GetValue(token), recipient)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Burn()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("burn", "Destroy a token for good (its owner or an operator; a burnt land parcel stays taken)") { collection, token, fee };
        var target = NodeTarget.AddTo(cmd, "nft burn", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            using var session = WalletSession.Open(node);
            Console.WriteLine(await session.SubmitAsync([new BurnTokenOperation(result.GetValue(collection)!, result.GetValue(token))], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Approve()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var spender = new Option<string?>("--spender") { Description = "Address allowed to move this one token (until it moves)" };
        var clear = new Option<bool>("--clear") { Description = "Remove the token's approval instead" };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("approve", "Let one address move one of your tokens, or clear that (--clear)") { collection, token, spender, clear, fee };
        var target = NodeTarget.AddTo(cmd, "nft approve", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            bool hasSpender = r.Value(spender) is not null, clearing = r.Value(clear);
            if (hasSpender == clearing) r.AddError(clearing ? "give --spender or --clear, not both" : "say who may move the token with --spender ADDRESS, or remove the approval with --clear");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var who = result.GetValue(spender) is { } text ? WalletCommands.ParseAddress(text, "--spender", node.Network) : AccountId.None;
            using var session = WalletSession.Open(node);
            if (who == session.Account) throw new UsageException("--spender is your own address: the owner needs no approval");
            Console.WriteLine(await session.SubmitAsync([new ApproveOperation(result.GetValue(collection)!, result.GetValue(token), who)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Operator()
    {
        var cmd = new Command("operator", "Let an address move all your tokens of one collection (grant), or stop that (revoke)");
        cmd.Subcommands.Add(OperatorChange("grant", true, "Let the address move all your tokens of the collection"));
        cmd.Subcommands.Add(OperatorChange("revoke", false, "Take back an operator's right to move your tokens of the collection"));
        return cmd;
    }

    private static Command OperatorChange(string name, bool approved, string description)
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var address = new Option<string>("--address") { Description = "The operator's address", Required = true };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command(name, description) { collection, address, fee };
        var target = NodeTarget.AddTo(cmd, $"nft operator {name}", readsDataDir: _ => true);
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            var op = WalletCommands.ParseAddress(result.GetValue(address)!, "--address", node.Network);
            using var session = WalletSession.Open(node);
            if (op == session.Account) throw new UsageException("--address is your own address: you already move your own tokens");
            Console.WriteLine(await session.SubmitAsync([new SetOperatorOperation(result.GetValue(collection)!, op, approved)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var collection = CollectionCommands.CollectionId("--collection", "Collection id");
        var token = TokenId();
        var image = new Option<string?>("--image") { Description = "Also save the token's art as PNG here", HelpName = "path" };
        var size = new Option<int?>("--size") { Description = "Image size in pixels, 16..2048 (default: 512); needs --image" }.Range(16, 2048);
        var cmd = new Command("show", "Show a token (and optionally save its art)") { collection, token, image, size };
        var target = NodeTarget.AddTo(cmd, "nft show");
        cmd.Check(r =>
        {
            if (r.Given(size) && r.Value(image) is null) r.AddError("--size goes with --image (it is the saved image's size)");
        });
        cmd.SetAction(async (result, ct) =>
        {
            string? imagePath = result.GetValue(image);
            // The output path is checked before the node is asked anything.
            using var output = imagePath is null ? null : CliFiles.Create(imagePath, "--image");
            using var node = await target.ConnectAsync(result, ct);
            string path = $"api/v1/collections/{result.GetValue(collection)}/tokens/{result.GetValue(token)}";
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync(path, ct)));
            if (output is not null)
            {
                output.Write(await node.Client.GetBytesAsync($"{path}/image.png?size={result.GetValue(size) ?? 512}", ct));
                output.Commit();
                Console.Error.WriteLine($"saved {imagePath}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var owner = new Option<string?>("--owner") { Description = "Tokens of this address (default: your wallet's)" };
        var collection = CollectionCommands.CollectionId("--collection", "Tokens of one collection instead", required: false);
        var cmd = new Command("list", "List tokens held by an address, or of a collection") { owner, collection };
        var target = NodeTarget.AddTo(cmd, "nft list", readsDataDir: r => r.Value(owner) is null && r.Value(collection) is null);
        cmd.Check(r =>
        {
            if (r.Value(owner) is not null && r.Value(collection) is not null) r.AddError("give --owner or --collection, not both (the list is either one address's tokens or one collection's)");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string path = result.GetValue(collection) is { } id
                ? $"api/v1/collections/{id}/tokens"
                : $"api/v1/accounts/{result.GetValue(owner) ?? node.Dir.ReadWalletAddress() ?? throw new CliException($"no wallet in {node.Dir.Path}: pass --owner or --datadir")}/tokens";
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync(path, ct)));
            return 0;
        });
        return cmd;
    }
}
