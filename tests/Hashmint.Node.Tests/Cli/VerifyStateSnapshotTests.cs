using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Node.Hosting;
using Hashmint.Storage;

namespace Hashmint.Node.Tests.Cli;

/// <summary>`hashmint verify-state` on a node that started from a snapshot: refused with the reason until every body below it is backfilled, then a replay from genesis.</summary>
public sealed class VerifyStateSnapshotTests
{
    private static AccountId Id(byte seed)
    {
        var k = new byte[32];
        k[0] = 0x5c;
        k[31] = seed;
        return new(Schnorr.GetXOnlyPublicKey(k));
    }

    [Fact]
    public async Task Verify_state_refuses_a_snapshot_node_before_its_backfill_and_replays_it_after()
    {
        using var sourceStore = new MemoryKeyValueStore();
        var source = new LedgerFacade(sourceStore, ChainParams.Regtest);
        await InProcessNode.MineAsync(source, 4, Id(1));
        var tip = source.Tip;
        var below = Enumerable.Range(1, (int)tip.Height - 1).Select(h => source.GetBlock(source.BlockAt((uint)h)!.Hash)!).ToList();

        using var tmp = new TempDir();
        var dir = new DataDirectory(tmp.Sub("node"));
        dir.Create();
        dir.BindNetwork(ChainParams.Regtest.Name);
        using (var store = RocksDbKeyValueStore.Open(dir.DatabasePath, LedgerColumns.All))
        {
            var ledger = new LedgerFacade(store, ChainParams.Regtest);
            ledger.StartFromSnapshot([.. below.Select(b => b.Header), source.BlockAt(tip.Height)!.Header], source.GetBlock(tip.Hash)!, source.ScanState([]).ToList());
            Assert.NotEqual(BlockOutcome.Rejected, ledger.SubmitBlock(below[0]).Outcome); // one of three: still not backfilled
        }
        string[] args = ["verify-state", "--network", "regtest", "--datadir", dir.Path];
        var (refused, reason) = await HashmintProcess.RunAsync(args);
        Assert.NotEqual(0, refused);
        Assert.Single(reason.Trim().Split('\n'));
        Assert.Contains($"this node started from a snapshot at height {tip.Height}: the blocks below it are not yet backfilled, so there is no chain to replay from genesis", reason);

        using (var store = RocksDbKeyValueStore.Open(dir.DatabasePath, LedgerColumns.All))
        {
            var ledger = new LedgerFacade(store, ChainParams.Regtest);
            foreach (var b in below.Skip(1)) Assert.NotEqual(BlockOutcome.Rejected, ledger.SubmitBlock(b).Outcome);
            Assert.Equal(0, ledger.Backfill!.Missing);
        }
        var (code, report) = await HashmintProcess.RunAsync(args);
        Assert.True(code == 0, report);
        Assert.Contains($"\"height\":{tip.Height},", report);
        Assert.Contains("\"mismatchedKeys\":0,", report);
        Assert.Contains("\"consistent\":true", report);
        Assert.Contains($"\"validatedFrom\":{tip.Height}", report);
        Assert.Empty(Directory.GetDirectories(dir.Path, "db.replay-*")); // the scratch replay cleaned up after itself
    }
}
