using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;
using Hashmint.Node.Tests.Api.Support;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/collections, /collections/{id}, /collections/{id}/tokens, /tokens/{tokenId} and /mint-job.</summary>
public sealed class CollectionEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    /// <summary>In key order: ids are stored length-prefixed, so shorter ids come first, then alphabetical.</summary>
    private static readonly string[] AllCollections = ["blocks", ApiFixture.PowCollection, ApiFixture.GameCollection, ContentSamples.CollectionId];

    private static string? Next(JsonElement page) => page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();

    [Fact]
    public async Task Collections_page_in_key_order_and_the_cursor_visits_each_once()
    {
        var ids = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections?limit=1{(cursor is null ? "" : "&cursor=" + cursor)}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = Next(page);
            Assert.True(++pages < 20);
        } while (cursor is not null);
        Assert.Equal(AllCollections, ids);
        var whole = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/collections");
        Assert.Equal(ids, whole.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        Assert.Null(Next(whole));
    }

    [Theory]
    [InlineData("cursor=!!", "bad-cursor")]
    [InlineData("cursor=YmxrOgAAAAE", "bad-cursor")] // a block-list cursor
    [InlineData("limit=0", "bad-limit")]
    [InlineData("limit=x", "bad-parameter")]
    public async Task The_collection_list_refuses_bad_cursors_and_limits(string query, string code)
    {
        using var r = await f.Http.GetAsync($"api/v1/collections?{query}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_collection_describes_its_policies_in_kebab_case()
    {
        var content = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ContentSamples.CollectionId}");
        Assert.Equal("art", content.GetProperty("kind").GetString());
        Assert.Equal("creator", content.GetProperty("mintPolicy").GetString());
        Assert.Equal("free", content.GetProperty("transferPolicy").GetString());
        Assert.Equal(ApiFixture.MinerAddress, content.GetProperty("creator").GetString());
        Assert.Equal((ulong)ContentSamples.All.Count, content.GetProperty("minted").GetUInt64());
        Assert.Equal(JsonValueKind.Null, content.GetProperty("proofOfWork").ValueKind);

        var game = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.GameCollection}");
        Assert.Equal("game-item", game.GetProperty("kind").GetString());
        Assert.Equal("market-only", game.GetProperty("transferPolicy").GetString());
        Assert.Equal(["sword", "shield"], game.GetProperty("lootTable").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var pow = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.PowCollection}");
        Assert.Equal("proof-of-work", pow.GetProperty("mintPolicy").GetString());
        Assert.Equal("207fffff", pow.GetProperty("proofOfWork").GetProperty("bits").GetString());
        Assert.Equal(10u, pow.GetProperty("proofOfWork").GetProperty("targetSpacingBlocks").GetUInt32());

        var blocks = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/collections/blocks");
        Assert.Equal("blocks", blocks.GetProperty("mintPolicy").GetString());
        Assert.Equal(JsonValueKind.Null, blocks.GetProperty("creator").ValueKind);
    }

    public static TheoryData<string> MalformedIds => ["AB", "ab", "Upper-Case", "9starts-with-digit", "has_underscore", "has.dot", new string('a', 33), "%20sp", "-lead"];

    private static readonly string[] CollectionRoutes = ["", "/tokens", "/tokens/1", "/tokens/1/image.png", "/tokens/1/content", "/mint-job"];

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task A_malformed_collection_id_is_a_400_on_every_route(string id)
    {
        foreach (var route in CollectionRoutes)
        {
            using var r = await f.Http.GetAsync($"api/v1/collections/{id}{route}");
            await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-collection-id");
        }
    }

    [Fact]
    public async Task An_unknown_collection_is_a_404_on_every_route()
    {
        foreach (var route in CollectionRoutes)
        {
            using var r = await f.Http.GetAsync($"api/v1/collections/no-such-collection{route}");
            await ApiAssert.Problem(r, HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task Tokens_list_ascending_and_descending_with_cursors()
    {
        var n = ContentSamples.All.Count;
        var asc = await Walk("order=asc&limit=4");
        Assert.Equal(Enumerable.Range(1, n).Select(i => (ulong)i), asc);
        var desc = await Walk("order=desc&limit=4");
        Assert.Equal(Enumerable.Range(1, n).Reverse().Select(i => (ulong)i), desc);
        Assert.Equal(asc, await Walk("limit=2")); // ascending by default

        var first = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ContentSamples.CollectionId}/tokens?limit=1");
        var t = first.GetProperty("items")[0];
        Assert.Equal(ContentSamples.CollectionId, t.GetProperty("collection").GetString());
        Assert.Equal(ApiFixture.MinerAddress, t.GetProperty("owner").GetString());
        Assert.Equal(64, t.GetProperty("seed").GetString()!.Length);
        Assert.Equal($"/api/v1/collections/{ContentSamples.CollectionId}/tokens/1/image.png", t.GetProperty("imageUrl").GetString());

        // A cursor belongs to its collection.
        using var other = await f.Http.GetAsync($"api/v1/collections/{ApiFixture.GameCollection}/tokens?cursor={Next(first)}");
        await ApiAssert.Problem(other, HttpStatusCode.BadRequest, "bad-cursor");

        var none = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.PowCollection}/tokens");
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
    }

    private async Task<List<ulong>> Walk(string query)
    {
        var ids = new List<ulong>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ContentSamples.CollectionId}/tokens?{query}{(cursor is null ? "" : "&cursor=" + cursor)}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tokenId").GetUInt64()));
            cursor = Next(page);
            Assert.True(++pages < 20);
        } while (cursor is not null);
        return ids;
    }

    [Theory]
    [InlineData("order=up", "bad-order")]
    [InlineData("order=DESC", "bad-order")]
    [InlineData("cursor=dA", "bad-cursor")]
    [InlineData("cursor=@@@", "bad-cursor")]
    [InlineData("limit=201", "bad-limit")]
    [InlineData("limit=two", "bad-parameter")]
    public async Task The_token_list_refuses_bad_orders_cursors_and_limits(string query, string code)
    {
        using var r = await f.Http.GetAsync($"api/v1/collections/{ContentSamples.CollectionId}/tokens?{query}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_token_comes_with_an_ownership_proof_against_the_state_root()
    {
        var token = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ContentSamples.CollectionId}/tokens/{ContentSamples.TokenId("png")}");
        Assert.Equal(ApiFixture.MinerAddress, token.GetProperty("owner").GetString());
        Assert.Equal("creator-mint", token.GetProperty("origin").GetString());
        var content = token.GetProperty("content");
        Assert.Equal("on-chain", content.GetProperty("kind").GetString());
        Assert.Equal("image/png", content.GetProperty("mimeType").GetString());
        Assert.Equal(ContentSamples.Get("png").Data.Length, content.GetProperty("size").GetInt32());
        Assert.Equal("png", token.GetProperty("attributes").GetProperty("sample").GetString());
        Assert.NotEmpty(token.GetProperty("traits").EnumerateObject());

        var root = Hash256.FromInternalHex(token.GetProperty("stateRoot").GetString()!);
        Assert.Equal(f.Ledger.Tip.StateRoot, root);
        var proof = token.GetProperty("proof");
        var key = Convert.FromHexString(proof.GetProperty("stateKey").GetString()!);
        var value = Convert.FromHexString(proof.GetProperty("value").GetString()!);
        Assert.Equal(NftKeys.Token(ContentSamples.CollectionId, ContentSamples.TokenId("png")), key);
        var smt = SmtProof.FromBytes(Convert.FromHexString(proof.GetProperty("proof").GetString()!));
        Assert.True(StateProofs.Verify(root, key, value, smt));
        var forged = (byte[])value.Clone();
        forged[0] ^= 1;
        Assert.False(StateProofs.Verify(root, key, forged, smt));

        var block = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/collections/blocks/tokens/1");
        Assert.Equal("block", block.GetProperty("origin").GetString());
        Assert.Equal("none", block.GetProperty("content").GetProperty("kind").GetString());
        Assert.Equal(f.Ledger.BlockAt(1)!.Hash.ToHexInternal(), block.GetProperty("seed").GetString());

        var item = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.GameCollection}/tokens/1");
        Assert.Contains(item.GetProperty("loot").GetProperty("item").GetString(), new[] { "sword", "shield" });
    }

    [Theory]
    [InlineData("abc", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("-1", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("1.0", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("+1", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("18446744073709551616", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("999999999999999999999999", HttpStatusCode.BadRequest, "bad-token-id")]
    [InlineData("999", HttpStatusCode.NotFound, "not-found")]
    [InlineData("0", HttpStatusCode.NotFound, "not-found")]
    [InlineData("18446744073709551615", HttpStatusCode.NotFound, "not-found")]
    public async Task A_bad_or_unknown_token_id_is_refused_on_every_token_route(string tokenId, HttpStatusCode status, string code)
    {
        foreach (var route in new[] { "", "/image.png", "/content" })
        {
            using var r = await f.Http.GetAsync($"api/v1/collections/{ContentSamples.CollectionId}/tokens/{tokenId}{route}");
            await ApiAssert.Problem(r, status, code);
        }
    }

    [Fact]
    public async Task The_mint_job_gives_the_previous_mint_the_bits_and_the_minters_preimage()
    {
        var job = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.PowCollection}/mint-job");
        var c = f.Ledger.ReadState(v => v.GetCollection(ApiFixture.PowCollection))!;
        Assert.Equal(ApiFixture.PowCollection, job.GetProperty("collection").GetString());
        Assert.Equal(c.LastMintHash.ToHexInternal(), job.GetProperty("previousMintHash").GetString());
        Assert.Equal("207fffff", job.GetProperty("bits").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("minter").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("preimagePrefix").ValueKind);
        Assert.Equal(0, job.GetProperty("pendingAhead").GetInt32());
        Assert.Equal(f.Ledger.Tip.Height, job.GetProperty("height").GetUInt32());

        var withMinter = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ApiFixture.PowCollection}/mint-job?minter={ApiFixture.MinerAddress}");
        Assert.Equal(ApiFixture.MinerAddress, withMinter.GetProperty("minter").GetString());
        Assert.Equal(Convert.ToHexStringLower(MintProof.PreimagePrefix(ApiFixture.Net.ChainId, ApiFixture.PowCollection, ApiFixture.Miner)),
            withMinter.GetProperty("preimagePrefix").GetString());

        using var badMinter = await f.Http.GetAsync($"api/v1/collections/{ApiFixture.PowCollection}/mint-job?minter=nobody");
        await ApiAssert.Problem(badMinter, HttpStatusCode.BadRequest, "bad-address");
        using var notPow = await f.Http.GetAsync($"api/v1/collections/{ContentSamples.CollectionId}/mint-job");
        await ApiAssert.Problem(notPow, HttpStatusCode.BadRequest, "wrong-mint-policy");
    }
}
