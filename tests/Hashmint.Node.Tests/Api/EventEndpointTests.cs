using System.Text.Json;
using Hashmint.Core.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Api;

/// <summary>GET /api/v1/events: the server-sent event stream opens with 'ready' and then announces blocks (bounded waits).</summary>
public sealed class EventEndpointTests(ApiFixture f) : IClassFixture<ApiFixture>
{
    /// <summary>The next event (its name and data), or a failure after the deadline.</summary>
    private static async Task<(string Event, JsonElement Data)> NextEvent(StreamReader reader, CancellationToken ct)
    {
        string? name = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                return (name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
        }
        throw new EndOfStreamException("the event stream ended");
    }

    [Fact]
    public async Task The_stream_opens_with_ready_then_announces_a_mined_block()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events");
        using var response = await f.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var (first, ready) = await NextEvent(reader, timeout.Token);
        Assert.Equal("ready", first);
        Assert.Equal(f.Ledger.Tip.Hash.ToString(), ready.GetProperty("id").GetString());
        Assert.Equal(f.Ledger.Tip.Height, ready.GetProperty("height").GetUInt32());

        // Subscribed before 'ready' was sent, so the block mined now cannot be missed.
        var block = (await f.Mine(1))[0];
        while (true)
        {
            var (name, data) = await NextEvent(reader, timeout.Token);
            if (name != "block") continue;
            Assert.Equal(block.Hash.ToString(), data.GetProperty("id").GetString());
            Assert.Equal(block.Height, data.GetProperty("height").GetUInt32());
            Assert.Equal("block", data.GetProperty("kind").GetString());
            return;
        }
    }

    [Fact]
    public async Task A_mint_is_announced_with_its_collection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await f.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("ready", (await NextEvent(reader, timeout.Token)).Event);

        var mint = ApiFixture.Sign(ApiFixture.MinerKey, f.Ledger.NextNonce(ApiFixture.Miner),
            new MintOperation(ApiFixture.GameCollection, ApiFixture.Miner, TokenContent.None, [], null, null));
        f.Ledger.SubmitTransaction(mint);
        var (txEvent, txData) = await NextEvent(reader, timeout.Token);
        Assert.Equal("transaction", txEvent);
        Assert.Equal(mint.Id.ToString(), txData.GetProperty("id").GetString());
        await f.Mine(1);
        while (true)
        {
            var (name, data) = await NextEvent(reader, timeout.Token);
            if (name != "mint") continue;
            Assert.Equal(mint.Id.ToString(), data.GetProperty("id").GetString());
            Assert.Equal(ApiFixture.GameCollection, data.GetProperty("detail").GetString());
            return;
        }
    }
}
