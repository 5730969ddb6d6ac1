using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Crypto;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Node.Tests;

/// <summary>The REST API of a real regtest node process: reads, proofs, submissions, and refusal of bad input.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private static readonly ChainParams Net = ChainParams.Regtest;
    private readonly TempDir _tmp = new();
    private RunningNode _node = null!;
    private readonly byte[] _minerKey = KeyFromSeed(1);
    private AccountId Miner => new(Schnorr.GetXOnlyPublicKey(_minerKey));

    private static byte[] KeyFromSeed(byte seed)
    {
        var k = new byte[32];
        k[31] = seed;
        k[0] = 0x42;
        return k;
    }

    public async Task InitializeAsync()
    {
        _node = await RunningNode.StartAsync(_tmp.Sub("node"), "node", "--payout", Miner.ToAddress(Net.AddressPrefix));
        await _node.GenerateAsync(3);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _tmp.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostTx(string body, string contentType = "text/plain")
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var r = await _node.Http.PostAsync("api/v1/transactions", content);
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Transaction Transfer(byte[] key, ulong nonce, AccountId to, ulong amount, ulong fee = 1000, uint? chainId = null) =>
        Transaction.CreateSigned(chainId ?? Net.ChainId, key, nonce, new Amount(fee), 0, [new TransferOperation(to, new Amount(amount))]);

    [Fact]
    public async Task Status_blocks_and_raw_blocks_describe_the_chain()
    {
        var status = await _node.StatusAsync();
        Assert.Equal("regtest", status.GetProperty("network").GetString());
        Assert.Equal(3u, status.GetProperty("height").GetUInt32());
        var tipHash = status.GetProperty("tipHash").GetString()!;

        var byHeight = await _node.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks/3");
        var byHash = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{tipHash}");
        Assert.Equal(tipHash, byHeight.GetProperty("hash").GetString());
        Assert.Equal(byHeight.GetProperty("merkleRoot").GetString(), byHash.GetProperty("merkleRoot").GetString());
        Assert.Single(byHeight.GetProperty("txids").EnumerateArray());

        var hex = await _node.Http.GetStringAsync("api/v1/blocks/3/raw");
        var block = Hashmint.Ledger.Operations.OperationRegistry.Default.DecodeBlock(Convert.FromHexString(hex));
        Assert.Equal(tipHash, block.Hash.ToString());
        Assert.Equal(block.ComputeMerkleRoot(), block.Header.MerkleRoot);

        using var missing = await _node.Http.GetAsync("api/v1/blocks/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var bad = await _node.Http.GetAsync("api/v1/blocks/not-a-block");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Account_balance_comes_with_a_proof_against_the_tip_state_root()
    {
        var account = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{Miner.ToAddress(Net.AddressPrefix)}");
        // Blocks 1 and 2 matured (maturity 1); block 3's payout is still immature.
        Assert.Equal(Amount.Coins(50).Units, account.GetProperty("balanceUnits").GetUInt64());
        Assert.Equal(Amount.Coins(25).Units, account.GetProperty("immatureUnits").GetUInt64());

        var root = Hash256.FromInternalHex(account.GetProperty("stateRoot").GetString()!);
        var tip = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{account.GetProperty("height").GetUInt32()}");
        Assert.Equal(tip.GetProperty("stateRoot").GetString(), account.GetProperty("stateRoot").GetString());

        var proof = account.GetProperty("proof");
        var key = Convert.FromHexString(proof.GetProperty("stateKey").GetString()!);
        var value = Convert.FromHexString(proof.GetProperty("value").GetString()!);
        var smtProof = SmtProof.FromBytes(Convert.FromHexString(proof.GetProperty("proof").GetString()!));
        Assert.True(StateProofs.Verify(root, key, value, smtProof));
        var forged = new AccountState(Amount.Coins(1_000_000), 0).Encode();
        Assert.False(StateProofs.Verify(root, key, forged, smtProof));

        var stranger = new AccountId(Schnorr.GetXOnlyPublicKey(KeyFromSeed(99)));
        var empty = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{stranger.ToAddress(Net.AddressPrefix)}");
        Assert.Equal(0ul, empty.GetProperty("balanceUnits").GetUInt64());
        var absence = SmtProof.FromBytes(Convert.FromHexString(empty.GetProperty("proof").GetProperty("proof").GetString()!));
        Assert.True(StateProofs.Verify(root, StateKeys.Account(stranger), null, absence));

        using var wrongPrefix = await _node.Http.GetAsync($"api/v1/accounts/{stranger.ToAddress("hm")}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongPrefix.StatusCode);
    }

    [Fact]
    public async Task A_transfer_goes_from_mempool_into_a_block()
    {
        var to = new AccountId(Schnorr.GetXOnlyPublicKey(KeyFromSeed(7)));
        var tx = Transfer(_minerKey, 0, to, Amount.Coins(3).Units);
        var (status, body) = await PostTx(Convert.ToHexStringLower(tx.Encoded));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(tx.Id.ToString(), body.GetProperty("txid").GetString());

        var pending = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(1, (await _node.StatusAsync()).GetProperty("mempool").GetProperty("count").GetInt32());

        await _node.GenerateAsync(1);
        var confirmed = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(4u, confirmed.GetProperty("height").GetUInt32());
        var recipient = await _node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{to.ToAddress(Net.AddressPrefix)}");
        Assert.Equal(Amount.Coins(3).Units, recipient.GetProperty("balanceUnits").GetUInt64());

        // The same transaction again is a replay: its nonce is used.
        var (replayStatus, replay) = await PostTx(Convert.ToHexStringLower(tx.Encoded));
        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("nonce-too-low", replay.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Each_kind_of_bad_transaction_is_refused_with_its_own_reason()
    {
        var to = new AccountId(Schnorr.GetXOnlyPublicKey(KeyFromSeed(8)));
        async Task Expect(string code, Transaction tx)
        {
            var (status, body) = await PostTx(Convert.ToHexStringLower(tx.Encoded));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(code, body.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        }

        await Expect("wrong-chain-id", Transfer(_minerKey, 0, to, 1000, chainId: ChainParams.Main.ChainId));
        // Three blocks paid 75 HMT; the last payout matures in the next block, which the mempool judges against.
        await Expect("insufficient-funds", Transfer(_minerKey, 0, to, Amount.Coins(76).Units));
        await Expect("nonce-gap", Transfer(_minerKey, 5, to, 1000));
        await Expect("fee-too-low", Transfer(_minerKey, 0, to, 1000, fee: 1));
        var unfunded = KeyFromSeed(50);
        await Expect("insufficient-funds", Transfer(unfunded, 0, to, 1000));

        var good = Transfer(_minerKey, 0, to, 1000);
        var forgedSig = (byte[])good.Encoded.Clone();
        forgedSig[^1] ^= 1;
        var (status, body) = await PostTx(Convert.ToHexStringLower(forgedSig));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("bad-signature", body.GetProperty("code").GetString());

        // A double spend of a pending nonce without a higher fee is not a replacement.
        Assert.Equal(HttpStatusCode.Accepted, (await PostTx(Convert.ToHexStringLower(good.Encoded))).Status);
        await Expect("replacement-underpriced", Transfer(_minerKey, 0, to, 2000));
        await Expect("already-known", good);
    }

    [Fact]
    public async Task Random_and_mutated_bytes_are_refused_without_changing_anything()
    {
        var before = await _node.StatusAsync();
        var valid = Transfer(_minerKey, 0, new AccountId(Schnorr.GetXOnlyPublicKey(KeyFromSeed(9))), 1000).Encoded;
        var random = new Random(1234);
        var bodies = new List<string> { "", "zz", "abc", "{}", "{\"hex\": 5}", "[1,2]", "{\"hex\":\"00\"}" };
        for (int i = 0; i < 150; i++)
        {
            byte[] bytes;
            switch (i % 3)
            {
                case 0:
                    bytes = new byte[random.Next(0, 400)];
                    random.NextBytes(bytes);
                    break;
                case 1:
                    bytes = (byte[])valid.Clone();
                    bytes[random.Next(bytes.Length - 64)] ^= (byte)(1 << random.Next(8)); // keep clear of the signature: hit the parser
                    break;
                default:
                    bytes = valid[..random.Next(valid.Length)];
                    break;
            }
            bodies.Add(Convert.ToHexStringLower(bytes));
        }
        foreach (var body in bodies)
        {
            var (status, problem) = await PostTx(body, body.StartsWith('{') || body.StartsWith('[') ? "application/json" : "text/plain");
            Assert.True(status == HttpStatusCode.BadRequest, $"body {body[..Math.Min(body.Length, 40)]} got {(int)status}");
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
        }
        // A body past the transaction limit is refused as too large, before it is read whole.
        var (tooLarge, largeProblem) = await PostTx(new string('0', 300_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal("too-large", largeProblem.GetProperty("code").GetString());
        var after = await _node.StatusAsync();
        Assert.Equal(before.GetProperty("tipHash").GetString(), after.GetProperty("tipHash").GetString());
        Assert.Equal(0, after.GetProperty("mempool").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_event_stream_announces_new_blocks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events");
        using var response = await _node.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var mined = await _node.GenerateAsync(1);
        string hash = mined[0].GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        bool sawEvent = false;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null)
        {
            if (line == "event: block") sawEvent = true;
            if (sawEvent && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal(hash, data.GetProperty("id").GetString());
                Assert.Equal(4u, data.GetProperty("height").GetUInt32());
                return;
            }
        }
        Assert.Fail("the stream ended without a block event");
    }

    [Fact]
    public async Task Admin_calls_need_the_token_and_docs_and_metrics_are_served()
    {
        using var noToken = await _node.Http.PostAsJsonAsync("api/v1/admin/generate", new { count = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/mining") { Content = JsonContent.Create(new { enabled = true }) };
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token");
        using var wrongReply = await _node.Http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongReply.StatusCode);

        var openApi = await _node.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/status", "/api/v1/blocks/{id}", "/api/v1/transactions", "/api/v1/accounts/{address}" })
            Assert.True(paths.TryGetProperty(p, out _), $"OpenAPI document lacks {p}");

        var metrics = await _node.Http.GetStringAsync("metrics");
        Assert.Contains("hashmint_chain_height 3", metrics);
    }
}
