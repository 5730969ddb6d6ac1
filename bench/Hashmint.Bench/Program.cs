using BenchmarkDotNet.Running;
using Hashmint.Bench.Mining;

namespace Hashmint.Bench;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet for everything, e.g. <c>--filter *NonceSearch* --job short</c>; "hashrate" runs the
    /// plain wall-clock hash-rate measurement the CLI's "bench hash" prints (see <see cref="HashRateCommand"/>);
    /// "market-blocks" and "market-ops" time the market benchmarks in thread CPU time (<see cref="Market.MarketBlocksCommand"/>);
    /// "market-mempool" times auction starts through the mempool, a template and the connect (<see cref="Market.MarketMempoolCommand"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is [HashRateCommand.Name, ..])
            return HashRateCommand.Run(args[1..]);
        if (args is [Pool.PoolSharesCommand.Name, ..])
            return Pool.PoolSharesCommand.Run(args[1..]);
        if (args is [Pool.PoolStoreCommand.Name, ..])
            return Pool.PoolStoreCommand.Run(args[1..]);
        if (args is [Pool.PoolLoadCommand.Name, ..])
            return Pool.PoolLoadCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args is [Market.MarketBlocksCommand.Name, ..])
            return Market.MarketBlocksCommand.Run(args[1..]);
        if (args is [Market.MarketMempoolCommand.Name, ..])
            return Market.MarketMempoolCommand.Run(args[1..]);
        if (args is [Market.MarketBlocksCommand.OpsName, ..])
            return Market.MarketBlocksCommand.RunOps(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
