using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Operations;
using Hashmint.Mining;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Tests.Web;

/// <summary>
/// Puts content on a regtest node through its HTTP API, as a wallet would: signed transfers, collections, creator
/// mints and proof-of-work mints (solved here: regtest collections use a trivial target), blocks by admin generate.
/// </summary>
public sealed class WebChain(RunningNode node)
{
    public static readonly ChainParams Net = ChainParams.Regtest;
    public const string Art = "web-art";
    public const string Land = "web-land";
    public const string Ai = "web-ai";

    public static byte[] Key(byte seed)
    {
        var k = new byte[32];
        k[0] = 0x5a;
        k[31] = seed;
        return k;
    }

    public static readonly byte[] MinerKey = Key(1);
    public static readonly byte[] UserKey = Key(2);
    public static AccountId Id(byte[] key) => new(Schnorr.GetXOnlyPublicKey(key));
    public static AccountId Miner => Id(MinerKey);
    public static AccountId User => Id(UserKey);
    public static string Address(AccountId a) => a.ToAddress(Net.AddressPrefix);

    private readonly ParallelNonceSearcher _searcher = new(NonceSearchEngines.Create(NonceSearchEngines.Scalar), 1, chunkSize: 1 << 12);

    public async Task<ulong> NextNonceAsync(AccountId a) =>
        (await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{Address(a)}")).GetProperty("nextNonce").GetUInt64();

    /// <summary>Signs and submits one transaction of <paramref name="ops"/>; returns its txid.</summary>
    public async Task<string> SendAsync(byte[] key, params Operation[] ops)
    {
        ulong nonce = await NextNonceAsync(Id(key));
        var tx = Transaction.CreateSigned(Net.ChainId, key, nonce, new Amount(100_000), 0, ops);
        using var content = new StringContent(Convert.ToHexStringLower(tx.Encoded), Encoding.UTF8, "text/plain");
        using var r = await node.Http.PostAsync("api/v1/transactions", content);
        if (r.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"transaction refused: {await r.Content.ReadAsStringAsync()}");
        return tx.Id.ToString();
    }

    public async Task<IReadOnlyList<string>> GenerateAsync(int count = 1)
    {
        var hashes = await node.GenerateAsync(count);
        return hashes.EnumerateArray().Select(h => h.GetString()!).ToList();
    }

    public static CollectionDefinition ArtCollection() => new(Art, "Web art", "WART", CollectionKind.Art, 1_000_000, 500,
        [new RoyaltySplit(Miner, 500)], TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero, new PowMintParams(0x207fffff, 1, 1000), null, null);

    public static CollectionDefinition LandCollection(ushort w = 8, ushort h = 5) => new(Land, "Web land", "WLND", CollectionKind.Land, (ulong)w * h, 0, [],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, new LandGrid(w, h));

    public static CollectionDefinition AiCollection() => new(Ai, "Web AI prints", "WAI", CollectionKind.Art, 100, 0, [],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);

    /// <summary>Mines <paramref name="count"/> proof-of-work tokens of the collection for the minter, each in its own transaction from <paramref name="payer"/>.</summary>
    public async Task<List<string>> MineTokensAsync(string collection, AccountId minter, int count, byte[] payer)
    {
        var txids = new List<string>();
        ulong nonce = await NextNonceAsync(Id(payer));
        for (int i = 0; i < count; i++)
        {
            var job = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{collection}/mint-job?minter={Address(minter)}");
            var status = await node.StatusAsync();
            var mintJob = new MintJob(collection, minter, Hash256.FromInternalHex(job.GetProperty("previousMintHash").GetString()!),
                Convert.ToUInt32(job.GetProperty("bits").GetString(), 16), Convert.FromHexString(job.GetProperty("preimagePrefix").GetString()!),
                (uint)status.GetProperty("tipTime").GetInt64());
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var op = await mintJob.SolveAsync(_searcher, cts.Token) ?? throw new TimeoutException("no mint proof found");
            var tx = Transaction.CreateSigned(Net.ChainId, payer, nonce++, new Amount(100_000), 0, [op]);
            using var content = new StringContent(Convert.ToHexStringLower(tx.Encoded), Encoding.UTF8, "text/plain");
            using var r = await node.Http.PostAsync("api/v1/transactions", content);
            if (r.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"mint refused: {await r.Content.ReadAsStringAsync()}");
            txids.Add(tx.Id.ToString());
        }
        return txids;
    }

    public static MintOperation Parcel(ushort x, ushort y, AccountId to) =>
        new(Land, to, TokenContent.None, [new("terrain", (x + y) % 3 == 0 ? "forest" : (x + y) % 3 == 1 ? "meadow" : "water")], null, (x, y));

    /// <summary>A creator mint of an AI-made print (a small PNG on-chain): provenance names the model and the prompt's hash.</summary>
    public static MintOperation AiPrint(int n, AccountId to) =>
        new(Ai, to, new OnChainContent("image/png", Hashmint.Art.CppnArt.RenderPng(System.Security.Cryptography.SHA256.HashData([(byte)n, 7]), 96)), [new("series", "dreams"), new("edition", n.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            new Provenance("diffusion", "sdxl-1.0", new Hash256(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"a lighthouse {n}"))), Hash256.Zero), null);
}
