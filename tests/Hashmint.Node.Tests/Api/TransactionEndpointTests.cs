using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Tests.Api.Support;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/transactions/{txid} in every state, POST /api/v1/transactions with every refusal, GET /api/v1/mempool.</summary>
public sealed class TransactionEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private static readonly ChainParams Net = ApiFixture.Net;
    private static readonly AccountId Stranger = Keys.Account(Keys.FromSeed(250));

    /// <summary>A fresh key holding <paramref name="coins"/> (one transfer from the miner, mined).</summary>
    private async Task<byte[]> Funded(byte seed, ulong coins = 10)
    {
        var key = Keys.FromSeed(seed);
        f.Ledger.SubmitTransaction(ApiFixture.Transfer(ApiFixture.MinerKey, f.Ledger.NextNonce(ApiFixture.Miner), Keys.Account(key), Amount.Coins(coins).Units));
        await f.Mine(1);
        return key;
    }

    private Task<HttpResponseMessage> Post(string body, string type = "text/plain") =>
        f.Http.PostAsync("api/v1/transactions", new StringContent(body, Encoding.UTF8, type));

    private Task<HttpResponseMessage> Post(Transaction tx) => Post(Convert.ToHexStringLower(tx.Encoded));

    private static Transaction Transfer(byte[] key, ulong nonce, ulong amount = 1000, ulong fee = 1000, AccountId? to = null, uint expiry = 0, uint? chainId = null) =>
        ApiFixture.Transfer(key, nonce, to ?? Stranger, amount, fee, chainId, expiry);

    [Fact]
    public async Task A_submitted_transaction_is_202_then_pending_then_confirmed()
    {
        var key = await Funded(10);
        var tx = Transfer(key, 0, amount: Amount.Coins(2).Units);
        using (var r = await Post(tx))
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            Assert.Equal($"/api/v1/transactions/{tx.Id}", r.Headers.Location?.OriginalString);
            Assert.Equal(tx.Id.ToString(), (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("txid").GetString());
        }
        var pending = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("waitingFor").ValueKind);
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("blockHash").ValueKind);
        Assert.Equal(Keys.Address(key), pending.GetProperty("sender").GetString());
        Assert.Equal(0ul, pending.GetProperty("nonce").GetUInt64());
        Assert.Equal(1000ul, pending.GetProperty("feeUnits").GetUInt64());
        Assert.Equal(Convert.ToHexStringLower(tx.Encoded), pending.GetProperty("hex").GetString());
        var op = pending.GetProperty("operations")[0];
        Assert.Equal("transfer", op.GetProperty("type").GetString());
        Assert.Equal(Amount.Coins(2).Units.ToString(), op.GetProperty("fields").GetProperty("amountUnits").GetString());

        var block = (await f.Mine(1))[0];
        var confirmed = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(block.Hash.ToString(), confirmed.GetProperty("blockHash").GetString());
        Assert.Equal(block.Height, confirmed.GetProperty("height").GetUInt32());
        Assert.Equal(1, confirmed.GetProperty("confirmations").GetInt64());
    }

    [Fact]
    public async Task Text_bodies_with_whitespace_and_json_bodies_are_both_accepted()
    {
        var key = await Funded(11);
        using (var r = await Post($"\r\n  {Convert.ToHexStringLower(Transfer(key, 0).Encoded)}\n"))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        using (var r = await Post(JsonSerializer.Serialize(new { hex = Convert.ToHexString(Transfer(key, 1).Encoded) }), "application/json"))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        // A JSON object is recognised by its brace even when the client calls it text.
        using (var r = await Post(JsonSerializer.Serialize(new { hex = Convert.ToHexStringLower(Transfer(key, 2).Encoded) })))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal(3ul, f.Ledger.NextNonce(Keys.Account(key)));
    }

    [Fact]
    public async Task The_coinbase_of_a_block_is_a_confirmed_transaction_that_pays_the_miner()
    {
        var block = f.Ledger.GetBlock(f.Ledger.BlockAt(2)!.Hash)!;
        var cb = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{block.Coinbase.Id}");
        Assert.Equal("confirmed", cb.GetProperty("status").GetString());
        Assert.Equal("coinbase", cb.GetProperty("sender").GetString());
        Assert.Equal(2u, cb.GetProperty("height").GetUInt32());
        Assert.Equal(block.Hash.ToString(), cb.GetProperty("blockHash").GetString());
        var payout = cb.GetProperty("operations")[0];
        Assert.Equal("payout", payout.GetProperty("type").GetString());
        Assert.Equal(ApiFixture.MinerAddress, payout.GetProperty("fields").GetProperty("to").GetString());
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("00")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")] // 65
    [InlineData("g000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_malformed_txid_is_a_400(string txid)
    {
        using var r = await f.Http.GetAsync($"api/v1/transactions/{txid}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-txid");
    }

    [Fact]
    public async Task An_unknown_txid_is_a_404()
    {
        using var r = await f.Http.GetAsync($"api/v1/transactions/{new string('5', 64)}");
        await ApiAssert.Problem(r, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_replaced_transaction_is_410_gone_with_the_reason()
    {
        var key = await Funded(12);
        var first = Transfer(key, 0, fee: 1000);
        var better = Transfer(key, 0, fee: 5000);
        using (var r = await Post(first)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        using (var r = await Post(better)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        using var gone = await f.Http.GetAsync($"api/v1/transactions/{first.Id}");
        var problem = await ApiAssert.Problem(gone, HttpStatusCode.Gone, "replacement-underpriced");
        Assert.Contains(better.Id.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal("pending", (await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{better.Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task When_an_earlier_nonce_expires_the_later_one_waits_and_the_expired_one_is_gone()
    {
        var key = await Funded(13);
        uint tip = f.Ledger.Tip.Height;
        var expiring = Transfer(key, 0, expiry: tip + 1);
        var later = Transfer(key, 1);
        using (var r = await Post(expiring)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        using (var r = await Post(later)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);

        // Another node mines block tip + 1 without them (a copy of this chain on its own store), and this node takes it.
        using var store = new MemoryKeyValueStore();
        var other = new LedgerFacade(store, Net);
        foreach (var b in f.Ledger.MainChainBlocks(1)) other.SubmitBlock(b);
        var empty = (await InProcessNode.MineAsync(other, 1, ApiFixture.Miner))[0];
        Assert.Empty(empty.Transactions);
        Assert.Equal(BlockOutcome.Connected, f.Ledger.SubmitBlock(empty).Outcome);

        using var gone = await f.Http.GetAsync($"api/v1/transactions/{expiring.Id}");
        await ApiAssert.Problem(gone, HttpStatusCode.Gone, "expired");
        var waiting = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{later.Id}");
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Contains("nonce 0", waiting.GetProperty("waitingFor").GetString());
        var pool = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/mempool?limit=1000");
        var entry = pool.EnumerateArray().Single(e => e.GetProperty("txid").GetString() == later.Id.ToString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("waitingFor").GetString()));

        // The hole filled, it is pending again.
        using (var r = await Post(Transfer(key, 0, amount: 5))) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal("pending", (await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/transactions/{later.Id}")).GetProperty("status").GetString());
    }

    public static TheoryData<string> Rejections => [.. RejectionCodes];

    private static readonly string[] RejectionCodes =
    [
        "wrong-chain-id", "bad-signature", "nonce-too-low", "nonce-gap", "insufficient-funds", "expired", "zero-amount", "self-transfer",
        "bad-recipient", "fee-too-low", "already-known", "replacement-underpriced", "too-many-pending",
        "bad-collection", "collection-exists", "unknown-collection", "unknown-token", "not-creator", "wrong-mint-policy", "sold-out",
        "bad-parcel", "parcel-taken", "market-only", "not-authorized",
    ];

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Each_refusal_reaches_the_client_as_a_400_with_its_code(string code)
    {
        byte seed = (byte)(100 + Array.IndexOf(RejectionCodes, code));
        var key = await Funded(seed);
        var me = Keys.Account(key);
        ulong n = f.Ledger.NextNonce(me);
        async Task Accept(Transaction t)
        {
            using var ok = await Post(t);
            Assert.True(ok.StatusCode == HttpStatusCode.Accepted, $"set-up transaction refused: {await ok.Content.ReadAsStringAsync()}");
        }
        Transaction Sign(ulong nonce, params Operation[] ops) => ApiFixture.Sign(key, nonce, ops);
        MintOperation Mint(string collection, (ushort, ushort)? parcel = null) => new(collection, me, TokenContent.None, [], null, parcel);
        CollectionDefinition Land(string id) => new(id, "Land", "LAND", CollectionKind.Land, 2, 0, [], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero,
            null, null, new LandGrid(2, 1));
        string own = $"own-{seed}";

        string body;
        switch (code)
        {
            case "bad-signature":
                var forged = (byte[])Transfer(key, n).Encoded.Clone();
                forged[^1] ^= 1;
                body = Convert.ToHexStringLower(forged);
                break;
            default:
                Transaction tx;
                switch (code)
                {
                    case "wrong-chain-id": tx = Transfer(key, n, chainId: ChainParams.Main.ChainId); break;
                    case "nonce-too-low":
                        await Accept(Transfer(key, n));
                        await f.Mine(1);
                        tx = Transfer(key, n, amount: 2000);
                        break;
                    case "nonce-gap": tx = Transfer(key, n + 3); break;
                    case "insufficient-funds": tx = Transfer(key, n, amount: Amount.Coins(1000).Units); break;
                    case "expired": tx = Transfer(key, n, expiry: f.Ledger.Tip.Height); break;
                    case "zero-amount": tx = Transfer(key, n, amount: 0); break;
                    case "self-transfer": tx = Transfer(key, n, to: me); break;
                    case "bad-recipient": tx = Transfer(key, n, to: AccountId.None); break;
                    case "fee-too-low": tx = Transfer(key, n, fee: 1); break;
                    case "already-known": tx = Transfer(key, n); await Accept(tx); break;
                    case "replacement-underpriced": await Accept(Transfer(key, n, fee: 1000)); tx = Transfer(key, n, amount: 7, fee: 1050); break;
                    case "too-many-pending":
                        for (ulong i = 0; i < 256; i++) f.Ledger.SubmitTransaction(Transfer(key, n + i, amount: 1));
                        tx = Transfer(key, n + 256, amount: 1);
                        break;
                    case "bad-collection": tx = Sign(n, new CreateCollectionOperation(ContentSamples.Definition with { Id = own, MaxSupply = 0 })); break;
                    case "collection-exists": tx = Sign(n, new CreateCollectionOperation(ContentSamples.Definition)); break;
                    case "unknown-collection": tx = Sign(n, Mint("no-such-collection")); break;
                    case "unknown-token": tx = ApiFixture.Sign(ApiFixture.MinerKey, f.Ledger.NextNonce(ApiFixture.Miner), new TransferTokenOperation(ContentSamples.CollectionId, 999, me)); break;
                    case "not-creator": tx = Sign(n, Mint(ContentSamples.CollectionId)); break;
                    case "wrong-mint-policy": tx = Sign(n, Mint(ApiFixture.PowCollection)); break;
                    case "sold-out":
                        await Accept(Sign(n, new CreateCollectionOperation(ContentSamples.Definition with { Id = own, MaxSupply = 1 })));
                        await Accept(Sign(n + 1, Mint(own)));
                        tx = Sign(n + 2, Mint(own));
                        break;
                    case "bad-parcel":
                        await Accept(Sign(n, new CreateCollectionOperation(Land(own))));
                        tx = Sign(n + 1, Mint(own));
                        break;
                    case "parcel-taken":
                        await Accept(Sign(n, new CreateCollectionOperation(Land(own))));
                        await Accept(Sign(n + 1, Mint(own, (0, 0))));
                        tx = Sign(n + 2, Mint(own, (0, 0)));
                        break;
                    case "market-only": tx = ApiFixture.Sign(ApiFixture.MinerKey, f.Ledger.NextNonce(ApiFixture.Miner), new TransferTokenOperation(ApiFixture.GameCollection, 1, me)); break;
                    case "not-authorized": tx = Sign(n, new TransferTokenOperation(ContentSamples.CollectionId, 1, me)); break;
                    default: throw new ArgumentException(code);
                }
                body = Convert.ToHexStringLower(tx.Encoded);
                break;
        }
        using var r = await Post(body);
        var problem = await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
        Assert.Equal("Rejected", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("", "text/plain")]
    [InlineData("   ", "text/plain")]
    [InlineData("zz", "text/plain")]
    [InlineData("abc", "text/plain")]
    [InlineData("00", "text/plain")]
    [InlineData("01ff", "text/plain")]
    [InlineData("{}", "application/json")]
    [InlineData("{\"hex\": 5}", "application/json")]
    [InlineData("{\"hex\": null}", "application/json")]
    [InlineData("{\"hex\": \"\"}", "application/json")]
    [InlineData("[1, 2]", "application/json")]
    [InlineData("\"00\"", "application/json")]
    [InlineData("{\"hex\": \"00\"", "application/json")]
    [InlineData("0011", "application/json")]
    public async Task A_malformed_body_is_a_400_malformed(string body, string type)
    {
        using var r = await Post(body, type);
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task Mutated_transaction_bytes_are_refused_and_change_nothing()
    {
        var valid = Transfer(ApiFixture.MinerKey, f.Ledger.NextNonce(ApiFixture.Miner)).Encoded;
        var before = f.Ledger.MempoolStats.Count;
        var random = new Random(99);
        for (int i = 0; i < 60; i++)
        {
            var bytes = (byte[])valid.Clone();
            if (i % 2 == 0) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            else bytes = bytes[..random.Next(bytes.Length)];
            using var r = await Post(Convert.ToHexStringLower(bytes));
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"mutation {i} got {(int)r.StatusCode}");
        }
        Assert.Equal(before, f.Ledger.MempoolStats.Count);
    }

    [Fact]
    public async Task A_body_past_the_transaction_limit_is_a_413_with_or_without_a_length()
    {
        int chars = TransactionCodec.MaxTransactionBytes * 2 + 1000;
        using (var r = await Post(new string('0', chars))) await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
        using var chunked = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(new string('0', chars))));
        using (var r = await f.Http.PostAsync("api/v1/transactions", chunked)) await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    [Fact]
    public async Task The_mempool_lists_pending_transactions_in_arrival_order_up_to_the_limit()
    {
        var key = await Funded(14);
        var txs = Enumerable.Range(0, 3).Select(i => Transfer(key, (ulong)i, amount: (ulong)(10 + i))).ToList();
        foreach (var tx in txs)
            using (var r = await Post(tx)) Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var all = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/mempool?limit=1000");
        var mine = all.EnumerateArray().Where(e => e.GetProperty("sender").GetString() == Keys.Address(key)).ToList();
        Assert.Equal(txs.Select(t => t.Id.ToString()), mine.Select(e => e.GetProperty("txid").GetString()));
        Assert.Equal([0ul, 1ul, 2ul], mine.Select(e => e.GetProperty("nonce").GetUInt64()));
        Assert.Equal(txs[0].Size, mine[0].GetProperty("size").GetInt32());
        var one = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/mempool?limit=1");
        Assert.Equal(1, one.GetArrayLength());
        Assert.Equal(all[0].GetProperty("txid").GetString(), one[0].GetProperty("txid").GetString());
        Assert.True((await f.Http.GetFromJsonAsync<JsonElement>("api/v1/mempool")).GetArrayLength() >= 3);
    }

    [Theory]
    [InlineData("0", "bad-limit")]
    [InlineData("1001", "bad-limit")]
    [InlineData("-5", "bad-limit")]
    [InlineData("abc", "bad-parameter")]
    public async Task The_mempool_limit_is_1_to_1000(string limit, string code)
    {
        using var r = await f.Http.GetAsync($"api/v1/mempool?limit={limit}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
    }
}
