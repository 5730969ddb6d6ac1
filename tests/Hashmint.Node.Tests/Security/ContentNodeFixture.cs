using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hashmint.Node.Tests.Api.Support;

namespace Hashmint.Node.Tests.Security;

/// <summary>
/// One real `hashmint node` process (regtest) for a test class, with the user-content collection minted over HTTP:
/// the creator's coins come from blocks generated with the admin token, the transactions go in through the public API.
/// </summary>
public sealed class ContentNodeFixture : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private RunningNode? _node;
    public RunningNode Node => _node ?? throw new InvalidOperationException("node not started");
    public static byte[] CreatorKey => ApiFixture.MinerKey;

    public async Task InitializeAsync()
    {
        _node = await RunningNode.StartAsync(_tmp.Sub("node"), "node", "--payout", ApiFixture.MinerAddress);
        await Node.GenerateAsync(2);
        var account = await Node.Http.GetFromJsonAsync<JsonElement>($"api/v1/accounts/{ApiFixture.MinerAddress}");
        ulong nonce = account.GetProperty("nextNonce").GetUInt64();
        foreach (var tx in ContentSamples.Transactions(ApiFixture.Net.ChainId, CreatorKey, nonce))
        {
            using var r = await Node.Http.PostAsync("api/v1/transactions", new StringContent(Convert.ToHexStringLower(tx.Encoded), Encoding.UTF8, "text/plain"));
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"minting content failed: {await r.Content.ReadAsStringAsync()}");
        }
        await Node.GenerateAsync(1);
        var collection = await Node.Http.GetFromJsonAsync<JsonElement>($"api/v1/collections/{ContentSamples.CollectionId}");
        if (collection.GetProperty("minted").GetInt32() != ContentSamples.All.Count) throw new InvalidOperationException($"not every sample was minted: {collection}");
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        _tmp.Dispose();
    }
}
