using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Bench.Market;

/// <summary>
/// `market-blocks [--rounds N]`: the two blocks of <see cref="AuctionSettlementBenchmarks"/> (1,000 auctions settling,
/// 1,000 transfers with signatures on the connecting thread; and, apart from the ratio, the block in which the 1,000
/// auctions start), connected alternately, each to a fresh chain, timed as
/// wall clock and as the connecting thread's CPU time (CLOCK_THREAD_CPUTIME_ID). On a machine shared with other work the
/// wall clock measures the other work too; the thread's CPU time counts only what the connect itself ran (every part of
/// it runs on this thread: ParallelSignatureChecks is off), so the ratio of the two blocks stays meaningful under load.
/// </summary>
public static partial class MarketBlocksCommand
{
    public const string Name = "market-blocks";

    public static int Run(string[] args)
    {
        int rounds = 21;
        if (args is ["--rounds", var n] && int.TryParse(n, CultureInfo.InvariantCulture, out int r) && r is > 0 and <= 1000) rounds = r;
        else if (args.Length != 0)
        {
            Console.Error.WriteLine($"usage: {Name} [--rounds N]   (1..1000, default 21)");
            return 2;
        }

        var bench = new AuctionSettlementBenchmarks();
        bench.Setup();
        var transfers = new List<(double Wall, double Cpu)>();
        var settles = new List<(double Wall, double Cpu)>();
        var starts = new List<(double Wall, double Cpu)>();
        for (int i = -3; i < rounds; i++) // three rounds of warm-up (tiering, caches), not counted
        {
            var t = Measure(bench.FreshTransferChain, () => bench.ConnectTransferBlock(), bench.Cleanup);
            var s = Measure(bench.FreshAuctionChain, () => bench.ConnectSettlementBlock(), bench.Cleanup);
            var a = Measure(bench.FreshStartChain, () => bench.ConnectStartBlock(), bench.Cleanup);
            if (i < 0) continue;
            transfers.Add(t);
            settles.Add(s);
            starts.Add(a);
        }

        var ratios = transfers.Zip(settles, (t, s) => s.Cpu / t.Cpu).ToList();
        Console.WriteLine($"{rounds} rounds, blocks connected alternately, each to a fresh in-memory chain; median (min .. max) in ms");
        Print("block of 1,000 transfers (signatures on 1 thread)", transfers);
        Print("block in which 1,000 auctions settle", settles);
        Print("block in which 1,000 auctions start (16 txs)", starts);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio settle / transfers, thread CPU: median {Median(ratios):F3} (min {ratios.Min():F3} .. max {ratios.Max():F3}); of the medians {Median(settles.Select(x => x.Cpu)) / Median(transfers.Select(x => x.Cpu)):F3}; wall, of the medians {Median(settles.Select(x => x.Wall)) / Median(transfers.Select(x => x.Wall)):F3}"));
        // Where the time goes (fresh chains again, not the connects above): the state transition alone (hooks and
        // transactions on an overlay, no signatures), then the state-tree update over the keys it changed.
        Console.WriteLine("breakdown, median thread CPU in ms: state transition | state tree over the changed keys | changed keys");
        foreach (var (what, setup, block) in new (string, Action, Func<Block>)[]
        {
            ("transfers", bench.FreshTransferChain, () => bench.TransferBlock),
            ("settle", bench.FreshAuctionChain, () => bench.SettleBlock),
            ("start", bench.FreshStartChain, () => bench.StartBlock),
        })
        {
            var transition = new List<double>();
            var tree = new List<double>();
            int keys = 0;
            for (int i = -1; i < Math.Min(rounds, 9); i++)
            {
                setup();
                Settle();
                var overlay = new StateOverlay(new StoreStateReader(bench.Store));
                double c0 = ThreadCpuMilliseconds();
                new BlockStateTransition(ChainParams.Regtest, OperationRegistry.Default).Apply(overlay, block());
                double c1 = ThreadCpuMilliseconds();
                var changes = overlay.Changes();
                using (var batch = bench.Store.CreateBatch()) new StateCommitment(bench.Store).Apply(bench.Ledger.Tip.StateRoot, changes, batch);
                double c2 = ThreadCpuMilliseconds();
                bench.Cleanup();
                if (i < 0) continue;
                transition.Add(c1 - c0);
                tree.Add(c2 - c1);
                keys = changes.Count;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-10} {Median(transition),6:F1} | {Median(tree),6:F1} | {keys:N0}"));
        }
        // Appends to one height: each writes one entry and the count (it was the whole list, rewritten: quadratic per height).
        foreach (int count in new[] { 1_000, 4_000, 16_000 })
        {
            var schedule = new List<double>();
            for (int i = -1; i < 5; i++)
            {
                Settle();
                var overlay = new StateOverlay(new StoreStateReader(new MemoryKeyValueStore()));
                double c0 = ThreadCpuMilliseconds();
                for (ulong t = 1; t <= (ulong)count; t++) MarketSchedule.Add(overlay, 500, MarketKeys.Auction("bench-auction", t));
                if (i >= 0) schedule.Add(ThreadCpuMilliseconds() - c0);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count:N0} appends to one height's schedule: {Median(schedule):F1} ms"));
        }

        return 0;
    }

    public const string OpsName = "market-ops";

    /// <summary>
    /// `market-ops [--rounds N]`: each operation of <see cref="MarketOperationBenchmarks"/> validated and applied in a
    /// loop of 20,000 on this thread, N rounds (default 7); the median round in thread CPU time per operation, and the
    /// operations per second of one core that gives.
    /// </summary>
    public static int RunOps(string[] args)
    {
        int rounds = 7;
        if (args is ["--rounds", var n] && int.TryParse(n, CultureInfo.InvariantCulture, out int r) && r is > 0 and <= 1000) rounds = r;
        else if (args.Length != 0)
        {
            Console.Error.WriteLine($"usage: {OpsName} [--rounds N]   (1..1000, default 7)");
            return 2;
        }
        const int loop = 20_000;
        var names = typeof(MarketOperationBenchmarks).GetProperty(nameof(MarketOperationBenchmarks.Operation))!
            .GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.ParamsAttribute), false).Cast<BenchmarkDotNet.Attributes.ParamsAttribute>()
            .Single().Values.Cast<string>().ToList();
        Console.WriteLine($"{rounds} rounds of {loop:N0} per operation; median (min .. max) per operation, thread CPU and wall");
        foreach (var name in names)
        {
            var bench = new MarketOperationBenchmarks { Operation = name };
            bench.Setup();
            var cpu = new List<double>();
            var wall = new List<double>();
            for (int i = -2; i < rounds; i++)
            {
                double cpu0 = ThreadCpuMilliseconds();
                long wall0 = Stopwatch.GetTimestamp();
                for (int j = 0; j < loop; j++) bench.Validate();
                double w = Stopwatch.GetElapsedTime(wall0).TotalMilliseconds, c = ThreadCpuMilliseconds() - cpu0;
                if (i < 0) continue;
                cpu.Add(c * 1000 / loop);
                wall.Add(w * 1000 / loop);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-15} thread CPU {Median(cpu),6:F2} µs ({cpu.Min():F2} .. {cpu.Max():F2}) = {1e6 / Median(cpu),9:N0} /s   wall {Median(wall),6:F2} µs ({wall.Min():F2} .. {wall.Max():F2})"));
        }
        return 0;
    }

    /// <summary>Collects what the setup left, so that its garbage is not charged to the measured thread.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static (double Wall, double Cpu) Measure(Action setup, Action connect, Action cleanup)
    {
        setup();
        Settle();
        double cpu0 = ThreadCpuMilliseconds();
        long wall0 = Stopwatch.GetTimestamp();
        connect();
        double wall = Stopwatch.GetElapsedTime(wall0).TotalMilliseconds;
        double cpu = ThreadCpuMilliseconds() - cpu0;
        cleanup();
        return (wall, cpu);
    }

    private static void Print(string what, List<(double Wall, double Cpu)> xs) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-52} thread CPU {Median(xs.Select(x => x.Cpu)),7:F1} ({xs.Min(x => x.Cpu):F1} .. {xs.Max(x => x.Cpu):F1})   wall {Median(xs.Select(x => x.Wall)),7:F1} ({xs.Min(x => x.Wall):F1} .. {xs.Max(x => x.Wall):F1})"));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3; // Linux CLOCK_THREAD_CPUTIME_ID

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    private static double ThreadCpuMilliseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}
