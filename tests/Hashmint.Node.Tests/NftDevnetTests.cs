using System.Net.Http.Json;
using System.Text.Json;

namespace Hashmint.Node.Tests;

/// <summary>The NFT path end to end on the real devnet: its demo collection appears, the CLI mines a token, its art downloads as PNG.</summary>
public sealed class NftDevnetTests
{
    [Fact]
    public async Task Devnet_launches_a_collection_the_cli_mines_a_token_and_its_png_downloads()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("devnet");
        await using var node = await RunningNode.StartAsync(dir, "devnet");
        string wallet = File.ReadAllText(Path.Combine(dir, "wallet.address")).Trim();

        // The demo collection is launched once the dev wallet's first coinbase payouts mature.
        await node.WaitUntilAsync(async () => (await node.Http.GetAsync("api/v1/collections/devnet-art")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(240), "the devnet-art collection");
        var collection = await node.Http.GetFromJsonAsync<JsonElement>("api/v1/collections/devnet-art");
        Assert.Equal("proof-of-work", collection.GetProperty("mintPolicy").GetString());

        var (code, output) = await HashmintProcess.RunAsync(["nft", "mine", "--datadir", dir, "--collection", "devnet-art", "--threads", "1"],
            new Dictionary<string, string> { ["HASHMINT_PASSPHRASE"] = "devnet" }, timeoutSeconds: 300);
        Assert.True(code == 0, output);
        var line = output.Split('\n').Single(l => l.StartsWith("devnet-art #", StringComparison.Ordinal));
        ulong tokenId = ulong.Parse(line["devnet-art #".Length..].Split(' ')[0]);

        var token = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/devnet-art/tokens/{tokenId}");
        Assert.Equal(wallet, token.GetProperty("owner").GetString());
        Assert.Equal("mined", token.GetProperty("origin").GetString());
        Assert.Equal(64, token.GetProperty("seed").GetString()!.Length);

        using var image = await node.Http.GetAsync($"api/v1/collections/devnet-art/tokens/{tokenId}/image.png?size=256");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var png = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(256, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
        Assert.Equal(256, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))); // IHDR height

        // The same seed always gives the same picture.
        var again = await node.Http.GetByteArrayAsync($"api/v1/collections/devnet-art/tokens/{tokenId}/image.png?size=256");
        Assert.Equal(png, again);

        // The wallet's holdings, page by page (the devnet miner keeps adding block NFTs meanwhile; cursors do not shift).
        var held = new List<(string, ulong)>();
        string? cursor = null;
        do
        {
            var page = await node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{wallet}/tokens?limit=20{(cursor is null ? "" : "&cursor=" + cursor)}");
            held.AddRange(page.GetProperty("items").EnumerateArray().Select(h => (h.GetProperty("collection").GetString()!, h.GetProperty("tokenId").GetUInt64())));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        } while (cursor is not null);
        Assert.Contains(("devnet-art", tokenId), held);
        Assert.Equal(held.Count, held.Distinct().Count());
        Assert.Equal(0, await node.StopAsync());
    }
}
