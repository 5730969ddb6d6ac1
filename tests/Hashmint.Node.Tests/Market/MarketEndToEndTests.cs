using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Node.Tests.Cli;

namespace Hashmint.Node.Tests.Market;

/// <summary>
/// The market end to end through the real `hashmint` executable on a regtest node, with every balance checked to the
/// unit: a creator (wallet A) launches a collection whose royalty is split between two accounts that are neither buyer
/// nor seller, lists a token with `hashmint market list`, wallet B buys it with `hashmint market buy`; and an auction
/// started with `hashmint market auction` and bid on with `hashmint market bid` settles by itself at its end height.
/// Blocks come from admin generate and pay a miner account of their own, so that no block reward or fee lands on A, B
/// or the royalty recipients while the test runs: their balances move only by what the market does.
/// </summary>
public sealed class MarketEndToEndTests(RegtestCliFixture f) : IClassFixture<RegtestCliFixture>
{
    private const ulong Fee = 10_000; // units, passed explicitly so that every balance can be checked exactly
    private const ushort Split1Bps = 500, Split2Bps = 250;

    private static readonly string Miner = Address("market e2e miner");
    private static readonly string Royalty1 = Address("market e2e royalty recipient 1");
    private static readonly string Royalty2 = Address("market e2e royalty recipient 2");

    private static string Address(string seed) =>
        new AccountId(Schnorr.GetXOnlyPublicKey(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))).ToAddress("rm");

    /// <summary>A royalty split as PROTOCOL.md "Sales" defines it: ⌊P · bps / 10000⌋, in 128 bits.</summary>
    private static ulong SplitOf(ulong price, ushort bps) => (ulong)((UInt128)price * bps / 10_000);

    private async Task<JsonElement> Account(string address) => await f.GetAsync($"api/v1/accounts/{address}");

    private async Task<ulong> Balance(string address) => (await Account(address)).GetProperty("balanceUnits").GetUInt64();

    private async Task<uint> Height() => (await f.GetAsync("api/v1/status")).GetProperty("height").GetUInt32();

    private async Task<string> Owner(string collection, ulong token) =>
        (await f.GetAsync($"api/v1/collections/{collection}/tokens/{token}")).GetProperty("owner").GetString()!;

    /// <summary>Mines one block paying the miner account (not A), and checks it connected on top of the tip.</summary>
    private async Task Generate()
    {
        uint before = await Height();
        var hashes = await f.Node.GenerateAsync(1, Miner);
        Assert.Equal(1, hashes.GetArrayLength());
        Assert.Equal(before + 1, await Height());
    }

    /// <summary>
    /// A collection created by A with a 750 bps royalty split 500 / 250 to the two recipients, and one token minted to A.
    /// Starts with a block paid to the miner, so that A's earlier block rewards (regtest matures them after one block)
    /// have all matured and A's balance moves only by its own transactions from here on.
    /// </summary>
    private async Task CollectionWithOneToken(string id)
    {
        await Generate();
        Assert.Equal(0ul, (await Account(f.AddressA)).GetProperty("immatureUnits").GetUInt64());
        await f.Submitted("collection", "create", "--datadir", f.A, "--id", id, "--name", "E2E " + id, "--symbol", "E2E",
            "--royalty-bps", $"{Split1Bps + Split2Bps}", "--split", $"{Royalty1}:{Split1Bps}", "--split", $"{Royalty2}:{Split2Bps}", "--fee", $"{Fee}");
        await Generate();
        await f.Submitted("nft", "mint", "--datadir", f.A, "--collection", id, "--fee", $"{Fee}");
        await Generate();
        Assert.Equal(f.AddressA, await Owner(id, 1));
    }

    [Fact]
    public async Task A_listing_bought_by_another_wallet_pays_each_royalty_recipient_exactly_its_split_and_the_seller_the_rest()
    {
        const string id = "e2e-list";
        await CollectionWithOneToken(id);

        // The example of PROTOCOL.md "Sales": P = 1,234,567 units, splits 500 and 250 bps, so both splits round down.
        const ulong price = 1_234_567;
        ulong a0 = await Balance(f.AddressA), b0 = await Balance(f.AddressB), r10 = await Balance(Royalty1), r20 = await Balance(Royalty2);
        await f.Submitted("market", "list", "--datadir", f.A, "--collection", id, "--token", "1", "--price", "0.01234567", "--fee", $"{Fee}");
        await Generate();
        var listing = await f.GetAsync($"api/v1/collections/{id}/tokens/1/listing");
        Assert.Equal(price, listing.GetProperty("priceUnits").GetUInt64());
        Assert.Equal(a0 - Fee, await Balance(f.AddressA));

        await f.Submitted("market", "buy", "--node", f.Url, "--datadir", f.B, "--collection", id, "--token", "1", "--fee", $"{Fee}");
        await Generate();

        ulong split1 = SplitOf(price, Split1Bps), split2 = SplitOf(price, Split2Bps), sellerPart = price - split1 - split2;
        Assert.Equal((61_728ul, 30_864ul, 1_141_975ul), (split1, split2, sellerPart)); // the numbers PROTOCOL.md gives
        Assert.Equal(r10 + split1, await Balance(Royalty1));
        Assert.Equal(r20 + split2, await Balance(Royalty2));
        Assert.Equal(a0 - Fee + sellerPart, await Balance(f.AddressA));
        Assert.Equal(b0 - price - Fee, await Balance(f.AddressB));
        Assert.Equal(f.AddressB, await Owner(id, 1));

        var sale = Assert.Single((await f.GetAsync($"api/v1/collections/{id}/tokens/1/sales")).GetProperty("items").EnumerateArray());
        Assert.Equal(("listing", f.AddressA, f.AddressB, price), (sale.GetProperty("via").GetString(), sale.GetProperty("seller").GetString(),
            sale.GetProperty("buyer").GetString(), sale.GetProperty("priceUnits").GetUInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await f.Node.Http.GetAsync($"api/v1/collections/{id}/tokens/1/listing")).StatusCode);
    }

    [Fact]
    public async Task An_auction_bid_on_through_the_cli_settles_by_itself_at_its_end_height_and_pays_royalties_and_seller()
    {
        const string id = "e2e-auction";
        await CollectionWithOneToken(id);

        await f.Submitted("market", "auction", "--datadir", f.A, "--collection", id, "--token", "1", "--reserve", "1.25", "--blocks", "3",
            "--increment-bps", "500", "--extension", "0", "--fee", $"{Fee}");
        await Generate();
        uint end = (await f.GetAsync($"api/v1/collections/{id}/tokens/1/auction")).GetProperty("endHeight").GetUInt32();

        const ulong bid = 150_000_000; // 1.5 HMT, above the 1.25 reserve
        ulong a0 = await Balance(f.AddressA), b0 = await Balance(f.AddressB), r10 = await Balance(Royalty1), r20 = await Balance(Royalty2);
        await f.Submitted("market", "bid", "--node", f.Url, "--datadir", f.B, "--collection", id, "--token", "1", "--amount", "1.5", "--fee", $"{Fee}");
        await Generate();
        var auction = await f.GetAsync($"api/v1/collections/{id}/tokens/1/auction");
        Assert.Equal((f.AddressB, end), (auction.GetProperty("topBidder").GetString(), auction.GetProperty("endHeight").GetUInt32()));
        Assert.Equal(b0 - bid - Fee, await Balance(f.AddressB)); // escrowed at once
        Assert.True(await Height() < end, "the bid must land before the end height for this test to show anything");

        // No transaction settles it: every block from here on carries only its coinbase, and the token stays with A
        // until the end of block `end`.
        while (await Height() < end)
        {
            Assert.Equal(f.AddressA, await Owner(id, 1));
            Assert.Equal(0, (await f.GetAsync("api/v1/mempool")).GetArrayLength());
            await Generate();
            Assert.Single((await f.GetAsync($"api/v1/blocks/{await Height()}")).GetProperty("txids").EnumerateArray()); // the coinbase
        }
        Assert.Equal(end, await Height());

        ulong split1 = SplitOf(bid, Split1Bps), split2 = SplitOf(bid, Split2Bps);
        Assert.Equal(f.AddressB, await Owner(id, 1));
        Assert.Equal(a0 + bid - split1 - split2, await Balance(f.AddressA));
        Assert.Equal(r10 + split1, await Balance(Royalty1));
        Assert.Equal(r20 + split2, await Balance(Royalty2));
        Assert.Equal(b0 - bid - Fee, await Balance(f.AddressB)); // the escrow went to the sale, nothing came back
        Assert.Equal(HttpStatusCode.NotFound, (await f.Node.Http.GetAsync($"api/v1/collections/{id}/tokens/1/auction")).StatusCode);
        var sale = Assert.Single((await f.GetAsync($"api/v1/collections/{id}/tokens/1/sales")).GetProperty("items").EnumerateArray());
        Assert.Equal(("auction", end, bid), (sale.GetProperty("via").GetString(), sale.GetProperty("height").GetUInt32(), sale.GetProperty("priceUnits").GetUInt64()));
    }
}
