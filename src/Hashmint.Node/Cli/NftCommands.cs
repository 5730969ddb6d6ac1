using System.CommandLine;
using System.Security.Cryptography;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Mining;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint nft mint|mine|transfer|show|list`.</summary>
public static class NftCommands
{
    public static Command Build()
    {
        var cmd = new Command("nft", "Mint, mine, move and inspect NFTs");
        cmd.Subcommands.Add(Mint());
        cmd.Subcommands.Add(Mine());
        cmd.Subcommands.Add(Transfer());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(List());
        return cmd;
    }


    private static Command Mint()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var collection = new Option<string>("--collection") { Description = "Collection id", Required = true };
        var to = new Option<string?>("--to") { Description = "Recipient (default: you)" };
        var file = new Option<string?>("--file") { Description = "Content stored on-chain (≤ 64 KiB)" };
        var mime = new Option<string?>("--mime") { Description = "MIME type of the content" };
        var uri = new Option<string?>("--uri") { Description = "Off-chain content URI (its SHA-256 comes from --file or --content-hash)" };
        var contentHash = new Option<string?>("--content-hash") { Description = "SHA-256 of off-chain content (hex)" };
        var attrs = new Option<string[]>("--attr") { Description = "Attribute KEY=VALUE (repeat)", AllowMultipleArgumentsPerToken = true };
        var parcel = new Option<string?>("--parcel") { Description = "Land parcel X,Y" };
        var generator = new Option<string?>("--generator") { Description = "Provenance: how it was made (e.g. hand, stable-diffusion)" };
        var model = new Option<string?>("--model") { Description = "Provenance: AI model name" };
        var prompt = new Option<string?>("--prompt") { Description = "Provenance: the prompt (only its SHA-256 is stored)" };
        var fee = new Option<ulong?>("--fee") { Description = "Fee in base units" };
        var cmd = new Command("mint", "Mint a token of a creator or open collection") { dataDir, network, collection, to, file, mime, uri, contentHash, attrs, parcel, generator, model, prompt, fee };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var session = WalletSession.Open(p, dir);
            var recipient = session.Account;
            if (result.GetValue(to) is { } toText && !AccountId.TryParse(toText, p.AddressPrefix, out recipient, out var error)) throw new CliException($"--to: {error}");
            var content = BuildContent(result.GetValue(file), result.GetValue(mime), result.GetValue(uri), result.GetValue(contentHash));
            var attributes = (result.GetValue(attrs) ?? []).Select(a => a.Split('=', 2)).Select(kv =>
                kv.Length == 2 ? new KeyValuePair<string, string>(kv[0], kv[1]) : throw new CliException($"--attr '{string.Join('=', kv)}' must be KEY=VALUE")).ToList();
            (ushort, ushort)? parcelValue = null;
            if (result.GetValue(parcel) is { } parcelText)
            {
                var xy = parcelText.Split(',');
                if (xy.Length != 2 || !ushort.TryParse(xy[0], out ushort x) || !ushort.TryParse(xy[1], out ushort y)) throw new CliException("--parcel must be X,Y");
                parcelValue = (x, y);
            }
            Provenance? provenance = null;
            if (result.GetValue(generator) is not null || result.GetValue(model) is not null || result.GetValue(prompt) is not null)
            {
                var promptHash = result.GetValue(prompt) is { } text ? new Hash256(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))) : Hash256.Zero;
                provenance = new Provenance(result.GetValue(generator) ?? "", result.GetValue(model) ?? "", promptHash, Hash256.Zero);
            }
            var op = new MintOperation(result.GetValue(collection)!, recipient, content, attributes, provenance, parcelValue);
            Console.WriteLine(await session.SubmitAsync([op], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static TokenContent BuildContent(string? file, string? mime, string? uri, string? contentHash)
    {
        if (uri is not null)
        {
            Hash256 hash;
            if (contentHash is not null) hash = Hash256.FromInternalHex(contentHash);
            else if (file is not null) hash = new Hash256(SHA256.HashData(File.ReadAllBytes(file)));
            else throw new CliException("--uri needs --content-hash or --file to fix the content's SHA-256");
            return new ReferencedContent(hash, uri, mime ?? "application/octet-stream");
        }
        if (file is null) return TokenContent.None;
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length > TokenContent.MaxOnChainBytes) throw new CliException($"{file} is {bytes.Length} bytes; on-chain content is at most {TokenContent.MaxOnChainBytes} (use --uri)");
        return new OnChainContent(mime ?? throw new CliException("--file needs --mime"), bytes);
    }

    private static Command Mine()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var collection = new Option<string>("--collection") { Description = "Proof-of-work collection id", Required = true };
        var threads = new Option<int>("--threads") { Description = "Mining threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var count = new Option<int>("--count") { Description = "How many tokens to mine", DefaultValueFactory = _ => 1 };
        var engine = new Option<string>("--engine") { Description = "auto, avx512, avx512vl, avx2, scalar", DefaultValueFactory = _ => "auto" };
        var cmd = new Command("mine", "Find mint proofs with the mining engine and submit them; the tokens go to your wallet") { dataDir, network, collection, threads, count, engine };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var session = WalletSession.Open(p, dir);
            string id = result.GetValue(collection)!;
            var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(result.GetValue(engine)!), result.GetValue(threads));
            for (int mined = 0, attempts = 0; mined < result.GetValue(count); attempts++)
            {
                if (attempts >= result.GetValue(count) + 20) throw new CliException("gave up: every proof went stale before it was mined (is someone else mining this collection much faster?)");
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
                catch (CliException e) when (e.Message.Contains(Ledger.Nft.NftRejectCodes.StaleMint, StringComparison.Ordinal)
                                             || e.Message.Contains(Ledger.Nft.NftRejectCodes.BadMintBits, StringComparison.Ordinal))
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
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var collection = new Option<string>("--collection") { Description = "Collection id", Required = true };
        var token = new Option<ulong>("--token") { Description = "Token id", Required = true };
        var to = new Option<string>("--to") { Description = "Recipient", Required = true };
        var fee = new Option<ulong?>("--fee") { Description = "Fee in base units" };
        var cmd = new Command("transfer", "Send a token") { dataDir, network, collection, token, to, fee };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            if (!AccountId.TryParse(result.GetValue(to)!, p.AddressPrefix, out var recipient, out var error)) throw new CliException($"--to: {error}");
            using var session = WalletSession.Open(p, dir);
            Console.WriteLine(await session.SubmitAsync([new TransferTokenOperation(result.GetValue(collection)!, result.GetValue(token), recipient)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var collection = new Option<string>("--collection") { Description = "Collection id", Required = true };
        var token = new Option<ulong>("--token") { Description = "Token id", Required = true };
        var image = new Option<string?>("--image") { Description = "Also save the token's art as PNG here" };
        var size = new Option<int>("--size") { Description = "Image size", DefaultValueFactory = _ => 512 };
        var cmd = new Command("show", "Show a token (and optionally save its art)") { dataDir, network, collection, token, image, size };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            string path = $"api/v1/collections/{result.GetValue(collection)}/tokens/{result.GetValue(token)}";
            Console.WriteLine(WalletCommands.Pretty(await client.GetJsonAsync(path, ct)));
            if (result.GetValue(image) is { } imagePath)
            {
                await File.WriteAllBytesAsync(imagePath, await client.GetBytesAsync($"{path}/image.png?size={result.GetValue(size)}", ct), ct);
                Console.Error.WriteLine($"saved {imagePath}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var dataDir = CliOptions.DataDir();
        var network = CliOptions.Network();
        var owner = new Option<string?>("--owner") { Description = "Tokens of this address (default: your wallet's)" };
        var collection = new Option<string?>("--collection") { Description = "Tokens of one collection instead" };
        var cmd = new Command("list", "List tokens held by an address, or of a collection") { dataDir, network, owner, collection };
        cmd.SetAction(async (result, ct) =>
        {
            var (p, dir) = CliOptions.Resolve(result, dataDir, network);
            using var client = NodeClient.FromDataDir(dir.Path);
            string path = result.GetValue(collection) is { } id
                ? $"api/v1/collections/{id}/tokens"
                : $"api/v1/accounts/{result.GetValue(owner) ?? dir.ReadWalletAddress() ?? throw new CliException("no wallet here: pass --owner")}/tokens";
            Console.WriteLine(WalletCommands.Pretty(await client.GetJsonAsync(path, ct)));
            return 0;
        });
        return cmd;
    }
}
