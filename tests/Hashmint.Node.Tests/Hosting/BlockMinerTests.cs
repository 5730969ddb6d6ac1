using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Node.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hashmint.Node.Tests.Hosting;

/// <summary>
/// The built-in miner on regtest (every hash is a block, so it submits without pause): stopping it while it submits
/// returns promptly — it used to wait for its loop while holding the lock the loop needed to submit (a 30 s stall) —
/// and it can be restarted with another thread count.
/// </summary>
public sealed class BlockMinerTests
{
    [Fact]
    public async Task Stopping_while_blocks_are_submitted_returns_promptly_and_mining_restarts()
    {
        var payTo = new AccountId(Schnorr.GetXOnlyPublicKey(Enumerable.Repeat((byte)3, 32).ToArray()));
        await using var node = await InProcessNode.StartAsync(ChainParams.Regtest, payTo, o => { o.Mine = true; o.MineThreads = 1; });
        var miner = node.App.Services.GetRequiredService<BlockMiner>();
        await WaitForHeight(node, 5);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await miner.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(miner.IsRunning);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed}");
        uint stoppedAt = node.Ledger.Tip.Height;

        await miner.StartAsync(2);
        Assert.True(miner.IsRunning);
        Assert.Equal(2, miner.Threads);
        await WaitForHeight(node, stoppedAt + 3);
        await miner.StartAsync(1); // a restart with another thread count replaces the loop
        await WaitForHeight(node, stoppedAt + 6);
        await miner.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(node.Ledger.MainChainBlocks(1), b => Assert.Equal(payTo, b.Coinbase.Payouts.Single().To));
    }

    private static async Task WaitForHeight(InProcessNode node, uint height)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (node.Ledger.Tip.Height < height)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
