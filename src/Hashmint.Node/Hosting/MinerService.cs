using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>Starts the built-in miner with the host when the node was asked to mine, and stops it first on shutdown.</summary>
public sealed class MinerService(BlockMiner miner, IOptions<NodeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mine) await miner.StartAsync(options.Value.MineThreads);
    }

    public Task StopAsync(CancellationToken cancellationToken) => miner.StopAsync();
}
