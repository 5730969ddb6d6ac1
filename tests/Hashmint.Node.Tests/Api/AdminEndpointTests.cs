using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>POST /api/v1/admin/mining and /api/v1/admin/generate: the token, strict bodies, and what valid calls do.</summary>
public sealed class AdminEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private Task<HttpResponseMessage> Post(string path, string body, HttpClient? client = null, string type = "application/json") =>
        (client ?? f.Admin).PostAsync($"api/v1/admin/{path}", new StringContent(body, Encoding.UTF8, type));

    [Theory]
    [InlineData("mining", "{\"enabled\":false}")]
    [InlineData("generate", "{\"count\":1}")]
    public async Task Admin_calls_need_the_token(string path, string body)
    {
        uint height = f.Ledger.Tip.Height;
        using (var r = await Post(path, body, f.Http)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        using var wrong = f.Client(InProcessNode.Token + "x");
        using (var r = await Post(path, body, wrong)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        using var prefix = f.Client(InProcessNode.Token[..^1]);
        using (var r = await Post(path, body, prefix)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        // A refused call is refused before its body is looked at.
        using (var r = await Post(path, "not json", f.Http)) await ApiAssert.Problem(r, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(height, f.Ledger.Tip.Height);
    }

    [Theory]
    [InlineData("{\"threads\":-1}")]                       // enabled missing (and threads out of range)
    [InlineData("{\"enabled\":true,\"threads\":-1}")]
    [InlineData("{\"enabled\":true,\"threads\":0}")]
    [InlineData("{\"enabled\":true,\"threads\":1025}")]
    [InlineData("{}")]
    [InlineData("{\"enabled\":null}")]
    [InlineData("{\"enabled\":\"true\"}")]
    [InlineData("{\"enabled\":1}")]
    [InlineData("{\"enabled\":true,\"threads\":\"2\"}")]
    [InlineData("{\"enabled\":true,\"threads\":1.5}")]
    [InlineData("{\"enabled\":true,\"threads\":1e2}")]
    [InlineData("{\"enabled\":true,\"Threads\":1}")]
    [InlineData("{\"enabled\":true,\"extra\":1}")]
    [InlineData("{\"enabled\":false,\"threads\":2}")]
    [InlineData("{\"enabled\":true,\"enabled\":false}")]
    [InlineData("[]")]
    [InlineData("true")]
    [InlineData("\"enabled\"")]
    [InlineData("")]
    [InlineData("{\"enabled\":true")]
    [InlineData("{\"enabled\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}")]
    public async Task A_mining_body_that_is_not_exactly_right_is_a_400_bad_body(string body)
    {
        using var r = await Post("mining", body);
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-body");
        Assert.False((await f.Http.GetFromJsonAsync<JsonElement>("api/v1/status")).GetProperty("mining").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task An_admin_body_past_4_KiB_is_a_413()
    {
        string big = "{\"enabled\":true,\"pad\":\"" + new string('x', 5000) + "\"}";
        using (var r = await Post("mining", big)) await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using (var r = await f.Admin.PostAsync("api/v1/admin/generate", chunked)) await ApiAssert.Problem(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    [Fact]
    public async Task Mining_starts_with_a_thread_count_and_stops()
    {
        try
        {
            using (var r = await Post("mining", "{\"enabled\":true,\"threads\":1}"))
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                var summary = await r.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(summary.GetProperty("running").GetBoolean());
                Assert.Equal(1, summary.GetProperty("threads").GetInt32());
            }
            Assert.True((await f.Http.GetFromJsonAsync<JsonElement>("api/v1/status")).GetProperty("mining").GetProperty("running").GetBoolean());
        }
        finally
        {
            using var r = await Post("mining", "{\"enabled\":false}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.False((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("running").GetBoolean());
        }
        Assert.False((await f.Http.GetFromJsonAsync<JsonElement>("api/v1/status")).GetProperty("mining").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Generate_mines_count_blocks_to_the_node_or_to_an_address()
    {
        uint height = f.Ledger.Tip.Height;
        using (var r = await Post("generate", "{\"count\":2}"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var hashes = (await r.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(h => h.GetString()).ToList();
            Assert.Equal(2, hashes.Count);
            Assert.Equal(f.Ledger.Tip.Hash.ToString(), hashes[^1]);
        }
        Assert.Equal(height + 2, f.Ledger.Tip.Height);
        var other = Keys.Address(Keys.FromSeed(60));
        using (var r = await Post("generate", JsonSerializer.Serialize(new { count = 1, address = other }))) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var block = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/blocks/{f.Ledger.Tip.Height}");
        Assert.Equal(other, block.GetProperty("coinbase").GetProperty("payouts")[0].GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("{}", "bad-body")]
    [InlineData("{\"count\":0}", "bad-body")]
    [InlineData("{\"count\":10001}", "bad-body")]
    [InlineData("{\"count\":\"1\"}", "bad-body")]
    [InlineData("{\"count\":1,\"address\":5}", "bad-body")]
    [InlineData("{\"count\":1,\"blocks\":1}", "bad-body")]
    [InlineData("{\"count\":1,\"address\":\"rm1nothing\"}", "bad-address")]
    [InlineData("not json", "bad-body")]
    public async Task A_bad_generate_body_is_a_400(string body, string code)
    {
        uint height = f.Ledger.Tip.Height;
        using var r = await Post("generate", body);
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, code);
        Assert.Equal(height, f.Ledger.Tip.Height);
    }
}
