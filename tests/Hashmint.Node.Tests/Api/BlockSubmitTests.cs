using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Assembly;
using Hashmint.Mining;
using Hashmint.Node.Hosting;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>POST /api/v1/blocks: the token, malformed and oversized bodies, every rule a block can break, and success.</summary>
public sealed class BlockSubmitTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private static readonly ChainParams Net = ApiFixture.Net;

    private async Task<Block> NextBlock()
    {
        var template = f.Ledger.CreateTemplate(TemplateRequest.Solo(ApiFixture.Miner, "submit test"));
        return await BlockMiner.SolveAsync(template, new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), 1), CancellationToken.None)
               ?? throw new InvalidOperationException("no proof");
    }

    /// <summary>The block with another header and/or coinbase: Merkle root recomputed (unless kept), nonce ground until the proof of work holds or (meetTarget false) fails.</summary>
    private static Block Rebuild(Block b, Func<BlockHeader, BlockHeader>? header = null, Coinbase? coinbase = null, bool keepMerkle = false, bool meetTarget = true)
    {
        var cb = coinbase ?? b.Coinbase;
        var h = header?.Invoke(b.Header) ?? b.Header;
        if (!keepMerkle) h = h with { MerkleRoot = new Block(h, cb, b.Transactions).ComputeMerkleRoot() };
        var target = CompactTarget.ToTarget(Net.PowLimitBits)!.Value;
        for (uint n = 0; n < 10_000; n++)
        {
            var candidate = h with { Nonce = n };
            if (CompactTarget.MeetsTarget(candidate.Hash, target) == meetTarget) return new Block(candidate, cb, b.Transactions);
        }
        throw new InvalidOperationException("no nonce found");
    }

    private static Coinbase With(Coinbase c, uint? chainId = null, uint? height = null, Hash256? stateRoot = null) =>
        new(chainId ?? c.ChainId, height ?? c.Height, c.Extranonce, c.Payouts, c.NftRecipient, stateRoot ?? c.StateRoot, c.Message);

    private static StringContent Hex(Block b) => new(Convert.ToHexStringLower(b.Encode()), Encoding.UTF8, "text/plain");

    private async Task<HttpResponseMessage> Submit(HttpContent body, HttpClient? client = null) => await (client ?? f.Admin).PostAsync("api/v1/blocks", body);

    [Fact]
    public async Task Without_the_token_or_with_a_wrong_one_the_answer_is_401()
    {
        var block = await NextBlock();
        using (var r = await Submit(Hex(block), f.Http))
        {
            await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var wrong = f.Client("not-the-token");
        using (var r = await Submit(Hex(block), wrong)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        using var basic = f.Client();
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
        using (var r = await Submit(Hex(block), basic)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        using var empty = f.Client("");
        using (var r = await Submit(Hex(block), empty)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.NotEqual(block.Hash, f.Ledger.Tip.Hash);
    }

    [Theory]
    [InlineData("", "text/plain")]
    [InlineData("zz", "text/plain")]
    [InlineData("abc", "text/plain")]
    [InlineData("00", "text/plain")]
    [InlineData("{}", "application/json")]
    [InlineData("{\"hex\": 5}", "application/json")]
    [InlineData("{\"hex\": \"0g\"}", "application/json")]
    [InlineData("[\"00\"]", "application/json")]
    [InlineData("{not json", "application/json")]
    public async Task A_malformed_body_is_a_400_malformed(string body, string type)
    {
        using var r = await Submit(new StringContent(body, Encoding.UTF8, type));
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task Truncated_and_random_block_bytes_are_malformed()
    {
        var bytes = (await NextBlock()).Encode();
        var random = new Random(7);
        foreach (int cut in new[] { 1, 40, 79, 80, 81, bytes.Length - 1 })
        {
            using var r = await Submit(new StringContent(Convert.ToHexStringLower(bytes[..cut])));
            await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "malformed");
        }
        var noise = new byte[500];
        random.NextBytes(noise);
        using var n = await Submit(new StringContent(Convert.ToHexStringLower(noise)));
        await ApiAssert.Problem(n, HttpStatusCode.BadRequest, "malformed");
        using var trailing = await Submit(new StringContent(Convert.ToHexStringLower([.. bytes, 0])));
        await ApiAssert.Problem(trailing, HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task A_body_past_the_block_limit_is_a_413_with_or_without_a_length()
    {
        int chars = Net.MaxBlockBytes * 2 + 1024;
        using (var r = await Submit(new StringContent(new string('0', chars))))
            await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
        // Chunked: no Content-Length, so the limit is found while reading.
        using var stream = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(new string('a', chars))));
        using (var r = await Submit(stream)) await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    public static TheoryData<string> RuleBreaks => ["bad-proof-of-work", "bad-difficulty-bits", "bad-merkle-root", "time-too-old", "time-too-new",
        "bad-coinbase", "wrong-chain-id", "bad-state-root", "duplicate-txid"];

    [Theory]
    [MemberData(nameof(RuleBreaks))]
    public async Task A_block_that_breaks_a_rule_is_refused_with_that_rule_as_its_code(string code)
    {
        var good = await NextBlock();
        var tip = f.Ledger.Tip;
        Block bad = code switch
        {
            "bad-proof-of-work" => Rebuild(good, meetTarget: false),
            "bad-difficulty-bits" => Rebuild(good, h => h with { Bits = 0x2100ffff }, meetTarget: false),
            "bad-merkle-root" => Rebuild(good, h => h with { MerkleRoot = new Hash256(new byte[32]) }, keepMerkle: true),
            "time-too-old" => Rebuild(good, h => h with { Time = (uint)Net.GenesisTime }),
            "time-too-new" => Rebuild(good, h => h with { Time = (uint)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + Net.MaxFutureDrift + 3600) }),
            "bad-coinbase" => Rebuild(good, coinbase: With(good.Coinbase, height: good.Height + 5)),
            "wrong-chain-id" => Rebuild(good, coinbase: With(good.Coinbase, chainId: ChainParams.Main.ChainId)),
            "bad-state-root" => Rebuild(good, coinbase: With(good.Coinbase, stateRoot: new Hash256(Enumerable.Repeat((byte)7, 32).ToArray()))),
            "duplicate-txid" => TwiceTheSameTransaction(good),
            _ => throw new ArgumentException(code),
        };
        using var r = await Submit(Hex(bad));
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
        Assert.Equal(tip.Hash, f.Ledger.Tip.Hash);
    }

    private static Block TwiceTheSameTransaction(Block good)
    {
        var tx = ApiFixture.Transfer(ApiFixture.MinerKey, 0, Keys.Account(Keys.FromSeed(77)), 1000);
        return Rebuild(new Block(good.Header, good.Coinbase, [tx, tx]));
    }

    [Fact]
    public async Task A_valid_block_connects_and_the_same_block_again_is_a_duplicate()
    {
        var block = await NextBlock();
        using (var r = await Submit(Hex(block)))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var body = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("connected", body.GetProperty("outcome").GetString());
            Assert.Equal(block.Hash.ToString(), body.GetProperty("hash").GetString());
            Assert.Equal(block.Height, body.GetProperty("height").GetUInt32());
        }
        Assert.Equal(block.Hash, f.Ledger.Tip.Hash);
        using var again = await Submit(new StringContent(JsonSerializer.Serialize(new { hex = Convert.ToHexStringLower(block.Encode()) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_block_on_an_unknown_parent_is_held_as_an_orphan()
    {
        var good = await NextBlock();
        var orphan = Rebuild(good, h => h with { PreviousHash = new Hash256(Enumerable.Repeat((byte)0xab, 32).ToArray()) });
        using var r = await Submit(Hex(orphan));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("orphan", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }
}
