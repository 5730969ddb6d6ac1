using System.CommandLine;
using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Synthetic;
using Hashmint.Storage;

namespace Hashmint.Node.Cli;

/// <summary>
/// `hashmint bench verify-state`: the memory a replay from genesis takes. A synthetic chain is imported into a ledger
/// (RocksDB in a temporary directory, or memory), everything else is dropped and collected, then verify-state runs
/// while a sampler records the managed heap and the resident set; the peaks above the baseline are the replay's.
/// </summary>
public static class ReplayMemoryBench
{
    public static Command Build()
    {
        var blocks = new Option<int>("--blocks") { Description = "Chain length, 1..1000000", DefaultValueFactory = _ => 3000 }.Range(1, 1_000_000);
        var perBlock = new Option<int>("--transfers-per-block") { Description = "Transfers in each block, 1..10000", DefaultValueFactory = _ => 20 }.Range(1, 10_000);
        var memory = new Option<bool>("--memory") { Description = "The ledger (and so the replay) in memory instead of RocksDB with a scratch RocksDB" };
        var cmd = new Command("verify-state", "Peak managed heap and resident set of verify-state's replay from genesis") { blocks, perBlock, memory };
        cmd.SetAction(result =>
        {
            int n = result.GetValue(blocks), k = result.GetValue(perBlock);
            bool inMemory = result.GetValue(memory);
            var dir = Path.Combine(Path.GetTempPath(), "hashmint-replay-memory-" + Guid.NewGuid().ToString("n"));
            try
            {
                using IKeyValueStore store = inMemory ? new MemoryKeyValueStore() : RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
                Import(store, n, k);
                var ledger = new LedgerFacade(store, ChainParams.Regtest);
                var (managed0, rss0) = Settled();
                using var sampler = new PeakSampler();
                var sw = Stopwatch.StartNew();
                var report = ledger.VerifyState();
                sw.Stop();
                var (managedPeak, rssPeak) = sampler.Stop();
                if (!report.Consistent) throw new CliException($"the replay did not match: {report}");
                Console.WriteLine($"verify-state of {report.Height} blocks ({report.StateKeys} state keys) with the ledger in {(inMemory ? "memory" : "RocksDB")}: {sw.Elapsed.TotalSeconds:0.0} s; " +
                    $"managed heap {Mib(managed0)} -> peak {Mib(managedPeak)} MiB, RSS {Mib(rss0)} -> peak {Mib(rssPeak)} MiB");
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
            return 0;
        });
        return cmd;
    }

    /// <summary>Builds the chain in a throwaway ledger and imports it into <paramref name="store"/>; nothing of it stays referenced.</summary>
    private static void Import(IKeyValueStore store, int blocks, int transfersPerBlock)
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest);
        synthetic.FundSenders(Math.Max(1, transfersPerBlock));
        while (synthetic.Ledger.Tip.Height < blocks) synthetic.AddTransferBlock(transfersPerBlock);
        var ledger = new LedgerFacade(store, ChainParams.Regtest);
        foreach (var b in synthetic.Blocks)
            if (ledger.SubmitBlock(b).Rejection is { } bad) throw new CliException($"synthetic block {b.Height} rejected: {bad}");
    }

    /// <summary>Managed heap and RSS after a full, compacting collection: what the process holds before the replay.</summary>
    private static (long Managed, long Rss) Settled()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (GC.GetTotalMemory(false), Rss());
    }

    private static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0");

    /// <summary>Samples the managed heap and the RSS every 5 ms on its own thread and keeps the highest of each.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _managed, _rss;

        public PeakSampler()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "peak sampler" };
            _thread.Start();
        }

        private void Run()
        {
            while (!_stop)
            {
                _managed = Math.Max(_managed, GC.GetTotalMemory(false));
                _rss = Math.Max(_rss, Rss());
                Thread.Sleep(5); // the sampling interval of a measurement (not a wait in a test): peaks shorter than 5 ms may be missed
            }
        }

        public (long Managed, long Rss) Stop()
        {
            _stop = true;
            _thread.Join();
            return (Math.Max(_managed, GC.GetTotalMemory(false)), Math.Max(_rss, Rss()));
        }

        public void Dispose() => Stop();
    }
}
