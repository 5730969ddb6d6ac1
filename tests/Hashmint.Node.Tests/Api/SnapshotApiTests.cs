using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Api;

/// <summary>The node's API on a ledger started from a state snapshot: old blocks are "not yet backfilled" (409 with a code), the rest works.</summary>
public sealed class SnapshotApiTests
{
    private static AccountId Id(byte seed)
    {
        var k = new byte[32];
        k[0] = 0x6b;
        k[31] = seed;
        return new(Schnorr.GetXOnlyPublicKey(k));
    }

    [Fact]
    public async Task Blocks_below_the_snapshot_answer_not_backfilled_and_the_status_shows_where_the_node_is_validated_from()
    {
        using var sourceStore = new MemoryKeyValueStore();
        var source = new LedgerFacade(sourceStore, ChainParams.Regtest);
        await InProcessNode.MineAsync(source, 4, Id(1));
        var tip = source.Tip;
        var headers = Enumerable.Range(1, (int)tip.Height).Select(h => source.BlockAt((uint)h)!.Header).ToList();

        await using var node = await InProcessNode.StartAsync(ChainParams.Regtest, Id(2));
        node.Ledger.StartFromSnapshot(headers, source.GetBlock(tip.Hash)!, source.ScanState([]).ToList());
        Assert.Equal(tip.StateRoot, node.Ledger.Tip.StateRoot);

        var oldHash = source.BlockAt(1)!.Hash;
        foreach (var path in new[] { "api/v1/blocks/1", $"api/v1/blocks/{oldHash}", "api/v1/blocks/1/raw", $"api/v1/blocks/{oldHash}/raw" })
        {
            using var r = await node.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("not-backfilled", problem.GetProperty("code").GetString());
            Assert.Contains($"snapshot at height {tip.Height}", problem.GetProperty("detail").GetString());
        }
        using (var unknown = await node.Http.GetAsync($"api/v1/blocks/{tip.Height + 5}")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var snapshotBlock = await node.Http.GetAsync($"api/v1/blocks/{tip.Height}")) Assert.Equal(HttpStatusCode.OK, snapshotBlock.StatusCode);

        // Mining on it works; the list of blocks ends at the snapshot block.
        await node.MineAsync(1, Id(2));
        using (var next = await node.Http.GetAsync($"api/v1/blocks/{tip.Height + 1}")) Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var list = await node.Http.GetFromJsonAsync<JsonElement>("api/v1/blocks?limit=50");
        Assert.Equal([tip.Height + 1, tip.Height], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("height").GetUInt32()));

        var status = await node.Http.GetFromJsonAsync<JsonElement>("api/v1/status");
        var snapshot = status.GetProperty("snapshot");
        Assert.Equal(tip.Height, snapshot.GetProperty("validatedFromHeight").GetUInt32());
        Assert.Equal(tip.Hash.ToString(), snapshot.GetProperty("validatedFromHash").GetString());
        Assert.False(snapshot.GetProperty("fullyValidated").GetBoolean());
        Assert.Equal((int)tip.Height - 1, snapshot.GetProperty("backfillMissing").GetInt32());
    }
}
