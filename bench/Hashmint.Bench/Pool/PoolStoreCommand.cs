using System.Diagnostics;
using System.Globalization;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Pool;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Payouts;
using Hashmint.Storage;

namespace Hashmint.Bench.Pool;

/// <summary>
/// <c>pool-store [--shares N] [--threads T] [--dir D] [--no-sync]</c>: what acknowledging a block-job share costs
/// beyond its validation — <see cref="PplnsWindow.Add"/>, the real path (the share written to the pool's column family
/// in a RocksDB store, synced like the node's, before it returns), from T threads at once (as T connections would).
/// Prints shares per second; the store lives in a fresh directory under D (default the temp directory), deleted after.
/// </summary>
public static class PoolStoreCommand
{
    public const string Name = "pool-store";

    public static int Run(string[] args)
    {
        int shares = 2000, threads = 1;
        string root = Path.GetTempPath();
        bool sync = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--shares": shares = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": root = args[++i]; break;
                case "--no-sync": sync = false; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        string dir = Path.Combine(root, "hashmint-pool-store-" + Guid.NewGuid().ToString("n"));
        try
        {
            using (var store = RocksDbKeyValueStore.Open(dir, RocksDbStoreOptions.Default with { SyncWrites = sync }, [PoolColumns.Pool]))
            {
                var ledger = new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false }, TimeProvider.System);
                var window = new PplnsWindow(ledger, new PoolOptions(), new PoolStore(store));
                var account = new AccountId(new Hash256(Enumerable.Repeat((byte)5, 32).ToArray()));
                double difficulty = window.WindowDifficulty() / 1000; // the window holds ~2,000 shares: old ones are deleted as new ones come
                var share = new AcceptedShare(account, "w", difficulty, DateTimeOffset.UtcNow, JobKind.Block, null, false);
                for (int i = 0; i < 50; i++) window.Add(share); // warm up
                int perThread = shares / threads;
                var sw = Stopwatch.StartNew();
                var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => { for (int i = 0; i < perThread; i++) window.Add(share); })).ToList();
                workers.ForEach(t => t.Start());
                workers.ForEach(t => t.Join());
                sw.Stop();
                int total = perThread * threads;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pool store ({(sync ? "synced" : "not synced")} writes, {threads} thread(s)): {total} block-job shares in {sw.Elapsed.TotalSeconds:F2} s: {total / sw.Elapsed.TotalSeconds:F0} /s, {sw.Elapsed.TotalMilliseconds * 1000 / total:F0} µs each"));
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
