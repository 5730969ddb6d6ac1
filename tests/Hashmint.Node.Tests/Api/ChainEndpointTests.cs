using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/status, /blocks (cursor paging), /blocks/{id} and /blocks/{id}/raw, in process.</summary>
public sealed class ChainEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Status_names_the_network_the_tip_the_mempool_and_the_miner()
    {
        var status = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/status");
        var tip = f.Ledger.Tip;
        Assert.Equal("regtest", status.GetProperty("network").GetString());
        Assert.Equal(ApiFixture.Net.ChainId, status.GetProperty("chainId").GetUInt32());
        Assert.Equal(tip.Height, status.GetProperty("height").GetUInt32());
        Assert.Equal(tip.Hash.ToString(), status.GetProperty("tipHash").GetString());
        Assert.Equal("207fffff", status.GetProperty("bits").GetString());
        Assert.True(status.GetProperty("difficulty").GetDouble() > 0);
        Assert.Equal(0, status.GetProperty("mempool").GetProperty("count").GetInt32());
        Assert.False(status.GetProperty("mining").GetProperty("running").GetBoolean());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Blocks_page_newest_first_and_the_cursor_walks_down_to_genesis()
    {
        uint tip = f.Ledger.Tip.Height;
        var heights = new List<uint>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            foreach (var b in items)
            {
                heights.Add(b.GetProperty("height").GetUInt32());
                Assert.Equal(f.Ledger.BlockAt(b.GetProperty("height").GetUInt32())!.Hash.ToString(), b.GetProperty("hash").GetString());
                Assert.Equal(1 + f.Ledger.GetBlock(f.Ledger.BlockAt(b.GetProperty("height").GetUInt32())!.Hash)!.Transactions.Count, b.GetProperty("transactions").GetInt32());
            }
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            Assert.True(++pages < 100, "the cursor never ends");
        } while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, (int)tip + 1).Reverse().Select(h => (uint)h), heights);

        // Without a limit: the default page (50) holds the whole short chain and there is no next page.
        var all = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks");
        Assert.Equal((int)tip + 1, all.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        Assert.Equal(tip, all.GetProperty("items")[0].GetProperty("height").GetUInt32());
    }

    [Theory]
    [InlineData("not-base64!!")]
    [InlineData("AAAA")]          // decodes, but is not a block cursor
    [InlineData("YmxrOgAA")]      // "blk:" and two bytes: the height is cut short
    [InlineData("YmxrOgAAAAAAAAAA")] // "blk:" and eight bytes
    public async Task A_cursor_the_block_list_did_not_give_out_is_refused(string cursor)
    {
        using var r = await f.Http.GetAsync($"api/v1/blocks?cursor={cursor}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-cursor");
    }

    [Fact]
    public async Task A_cursor_of_another_list_is_refused_by_the_block_list()
    {
        var collections = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/collections?limit=1");
        string other = collections.GetProperty("next").GetString()!;
        using var r = await f.Http.GetAsync($"api/v1/blocks?cursor={other}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-cursor");
    }

    [Theory]
    [InlineData("0", "bad-limit")]
    [InlineData("-1", "bad-limit")]
    [InlineData("201", "bad-limit")]
    [InlineData("abc", "bad-parameter")]
    [InlineData("99999999999", "bad-parameter")]
    [InlineData("1.5", "bad-parameter")]
    public async Task A_limit_outside_1_to_200_is_refused(string limit, string code)
    {
        using var r = await f.Http.GetAsync($"api/v1/blocks?limit={limit}");
        var problem = await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
        Assert.Contains("limit", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_block_by_height_and_by_hash_are_the_same_block()
    {
        var point = f.Ledger.BlockAt(2)!;
        var byHeight = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks/2");
        var byHash = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{point.Hash}");
        Assert.Equal(byHeight.GetRawText(), byHash.GetRawText());
        Assert.Equal(point.Hash.ToString(), byHeight.GetProperty("hash").GetString());
        Assert.Equal(2u, byHeight.GetProperty("height").GetUInt32());
        Assert.True(byHeight.GetProperty("mainChain").GetBoolean());
        Assert.Equal(f.Ledger.Tip.Height - 1, byHeight.GetProperty("confirmations").GetInt64());
        Assert.Equal(f.Ledger.BlockAt(1)!.Hash.ToString(), byHeight.GetProperty("previousHash").GetString());
        Assert.Equal(ApiFixture.MinerAddress, byHeight.GetProperty("coinbase").GetProperty("payouts")[0].GetProperty("address").GetString());
        Assert.Equal(byHeight.GetProperty("coinbase").GetProperty("txid").GetString(), byHeight.GetProperty("txids")[0].GetString());

        // The block that carried the set-up transactions lists them after the coinbase.
        var busy = await f.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks/5");
        Assert.Equal(1 + ContentSamples.All.Count + 1 + 2 + ApiFixture.GameTokens, busy.GetProperty("txids").GetArrayLength());
    }

    [Fact]
    public async Task A_raw_block_is_its_canonical_bytes_as_hex()
    {
        var point = f.Ledger.Tip;
        using var r = await f.Http.GetAsync($"api/v1/blocks/{point.Height}/raw");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        var bytes = Convert.FromHexString(await r.Content.ReadAsStringAsync());
        Assert.Equal(f.Ledger.GetBlockBytes(point.Hash), bytes);
        Assert.Equal(point.Hash, OperationRegistry.Default.DecodeBlock(bytes).Hash);
        Assert.Equal(bytes, Convert.FromHexString(await f.Http.GetStringAsync($"api/v1/blocks/{point.Hash}/raw")));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("00000000000000000001")] // 20 digits: neither a height nor a hash
    [InlineData("0x10")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task A_malformed_block_id_is_a_400(string id)
    {
        using var get = await f.Http.GetAsync($"api/v1/blocks/{id}");
        await ApiAssert.Problem(get, HttpStatusCode.BadRequest, "bad-block-id");
        using var raw = await f.Http.GetAsync($"api/v1/blocks/{id}/raw");
        await ApiAssert.Problem(raw, HttpStatusCode.BadRequest, "bad-block-id");
    }

    [Theory]
    [InlineData("999")]
    [InlineData("4294967295")]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111")]
    public async Task A_block_that_does_not_exist_is_a_404(string id)
    {
        using var get = await f.Http.GetAsync($"api/v1/blocks/{id}");
        await ApiAssert.Problem(get, HttpStatusCode.NotFound, "not-found");
        using var raw = await f.Http.GetAsync($"api/v1/blocks/{id}/raw");
        await ApiAssert.Problem(raw, HttpStatusCode.NotFound, "not-found");
    }
}
