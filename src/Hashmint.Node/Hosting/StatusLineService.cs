using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>A one-line status (height, hash rate, mempool, difficulty) every second on a terminal, every ten seconds when redirected.</summary>
public sealed class StatusLineService(LedgerFacade ledger, BlockMiner miner, IOptions<NodeOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Value.StatusLine) return;
        bool interactive = !Console.IsOutputRedirected;
        var interval = TimeSpan.FromSeconds(interactive ? 1 : 10);
        string url = options.Value.ApiUrl();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, stop);
                var tip = ledger.Tip;
                string line = $"height {tip.Height} | {FormatRate(miner.HashesPerSecond)} | blocks found {miner.BlocksFound} | mempool {ledger.MempoolStats.Count} tx | difficulty {CompactTarget.Difficulty(tip.Header.Bits):0.####} | {url}";
                if (interactive) Console.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 120, 160)));
                else Console.WriteLine(line);
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
        if (interactive) Console.WriteLine();
    }

    public static string FormatRate(double hashesPerSecond) => hashesPerSecond switch
    {
        >= 1e9 => $"{hashesPerSecond / 1e9:0.00} GH/s",
        >= 1e6 => $"{hashesPerSecond / 1e6:0.00} MH/s",
        >= 1e3 => $"{hashesPerSecond / 1e3:0.00} kH/s",
        _ => $"{hashesPerSecond:0} H/s",
    };
}
