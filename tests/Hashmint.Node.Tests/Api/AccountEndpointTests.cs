using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;
using Hashmint.Node.Tests.Api.Support;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/accounts/{address} (balance with a state proof) and /api/v1/accounts/{address}/tokens (holdings, cursor paging).</summary>
public sealed class AccountEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    private static SmtProof Proof(JsonElement proof) => SmtProof.FromBytes(Convert.FromHexString(proof.GetProperty("proof").GetString()!));

    [Fact]
    public async Task A_balance_comes_with_a_proof_that_verifies_against_the_tips_state_root()
    {
        var account = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{ApiFixture.MinerAddress}");
        var tip = f.Ledger.Tip;
        var expected = f.Ledger.GetAccount(ApiFixture.Miner);
        Assert.Equal(ApiFixture.MinerAddress, account.GetProperty("address").GetString());
        Assert.Equal(expected.Balance.Units, account.GetProperty("balanceUnits").GetUInt64());
        Assert.Equal(expected.Balance.ToString(), account.GetProperty("balance").GetString());
        Assert.Equal(expected.Nonce, account.GetProperty("nonce").GetUInt64());
        Assert.Equal(f.Ledger.NextNonce(ApiFixture.Miner), account.GetProperty("nextNonce").GetUInt64());
        // The tip's payout (subsidy and fees) matures with the next block.
        Assert.Equal(f.Ledger.GetBlock(tip.Hash)!.Coinbase.TotalPaid().Units, account.GetProperty("immatureUnits").GetUInt64());
        Assert.Equal(tip.Height, account.GetProperty("height").GetUInt32());
        Assert.Equal(tip.Hash.ToString(), account.GetProperty("blockHash").GetString());

        var root = Hash256.FromInternalHex(account.GetProperty("stateRoot").GetString()!);
        Assert.Equal(tip.StateRoot, root);
        var proof = account.GetProperty("proof");
        Assert.True(proof.GetProperty("inclusion").GetBoolean());
        var key = Convert.FromHexString(proof.GetProperty("stateKey").GetString()!);
        var value = Convert.FromHexString(proof.GetProperty("value").GetString()!);
        Assert.Equal(StateKeys.Account(ApiFixture.Miner), key);
        Assert.True(StateProofs.Verify(root, key, value, Proof(proof)));
        // The same proof does not vouch for another balance, nor against another root.
        Assert.False(StateProofs.Verify(root, key, new AccountState(Amount.Coins(1_000_000), 0).Encode(), Proof(proof)));
        Assert.False(StateProofs.Verify(f.Ledger.BlockAt(1)!.StateRoot, key, value, Proof(proof)));
    }

    [Fact]
    public async Task An_account_never_seen_is_empty_with_a_proof_of_absence()
    {
        var stranger = Keys.Account(Keys.FromSeed(201));
        var account = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{stranger.ToAddress(ApiFixture.Net.AddressPrefix)}");
        Assert.Equal(0ul, account.GetProperty("balanceUnits").GetUInt64());
        Assert.Equal(0ul, account.GetProperty("nextNonce").GetUInt64());
        var proof = account.GetProperty("proof");
        Assert.False(proof.GetProperty("inclusion").GetBoolean());
        Assert.Equal(JsonValueKind.Null, proof.GetProperty("value").ValueKind);
        var root = Hash256.FromInternalHex(account.GetProperty("stateRoot").GetString()!);
        Assert.True(StateProofs.Verify(root, StateKeys.Account(stranger), null, Proof(proof)));
        Assert.False(StateProofs.Verify(root, StateKeys.Account(ApiFixture.Miner), null, Proof(proof)));
    }

    public static TheoryData<string> BadAddresses =>
    [
        "nope", "rm1", "rm1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
        Keys.Account(Keys.FromSeed(5)).ToAddress("hm"), // another network's prefix
        Keys.Address(Keys.FromSeed(5)).ToUpperInvariant()[..^1] + "Q", // checksum broken
        new string('x', 300),
    ];

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task A_malformed_address_is_a_400_for_the_balance_and_the_holdings(string address)
    {
        using var r = await f.Http.GetAsync($"api/v1/accounts/{Uri.EscapeDataString(address)}");
        await ApiAssert.Problem(r, HttpStatusCode.BadRequest, "bad-address");
        using var h = await f.Http.GetAsync($"api/v1/accounts/{Uri.EscapeDataString(address)}/tokens");
        await ApiAssert.Problem(h, HttpStatusCode.BadRequest, "bad-address");
    }

    [Fact]
    public async Task Holdings_page_by_cursor_and_the_pages_add_up_to_the_whole_list()
    {
        var whole = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{ApiFixture.MinerAddress}/tokens?limit=200");
        var all = whole.GetProperty("items").EnumerateArray().Select(Ref).ToList();
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);
        // Block NFTs of blocks 1 .. tip-1 (each is minted when the next block connects), the content tokens and the game items.
        var expected = Enumerable.Range(1, (int)f.Ledger.Tip.Height - 1).Select(h => ("blocks", (ulong)h))
            .Concat(ContentSamples.All.Select(s => (ContentSamples.CollectionId, ContentSamples.TokenId(s.Name))))
            .Concat(Enumerable.Range(1, ApiFixture.GameTokens).Select(i => (ApiFixture.GameCollection, (ulong)i)));
        Assert.Equal(expected.Order(), all.Order());

        var paged = new List<(string, ulong)>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{ApiFixture.MinerAddress}/tokens?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.True(page.GetProperty("items").GetArrayLength() <= 5);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(Ref));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            Assert.True(++pages < 50);
        } while (cursor is not null);
        Assert.Equal(all, paged);
    }

    private static (string, ulong) Ref(JsonElement e) => (e.GetProperty("collection").GetString()!, e.GetProperty("tokenId").GetUInt64());

    [Fact]
    public async Task An_account_with_no_tokens_has_an_empty_page()
    {
        var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{Keys.Address(Keys.FromSeed(202))}/tokens");
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task A_holdings_cursor_works_only_for_the_account_it_came_from()
    {
        var page = await f.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{ApiFixture.MinerAddress}/tokens?limit=1");
        string cursor = page.GetProperty("next").GetString()!;
        using var other = await f.Http.GetAsync($"api/v1/accounts/{Keys.Address(Keys.FromSeed(203))}/tokens?cursor={cursor}");
        await ApiAssert.Problem(other, HttpStatusCode.BadRequest, "bad-cursor");
        using var garbage = await f.Http.GetAsync($"api/v1/accounts/{ApiFixture.MinerAddress}/tokens?cursor=!!!!");
        await ApiAssert.Problem(garbage, HttpStatusCode.BadRequest, "bad-cursor");
        using var limit = await f.Http.GetAsync($"api/v1/accounts/{ApiFixture.MinerAddress}/tokens?limit=0");
        await ApiAssert.Problem(limit, HttpStatusCode.BadRequest, "bad-limit");
    }
}
