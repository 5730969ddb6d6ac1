using System.CommandLine;
using System.Diagnostics;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Synthetic;
using Hashmint.Mining;
using Hashmint.Storage;

namespace Hashmint.Node.Cli;

/// <summary>
/// `hashmint bench ...`: quick numbers on this machine (BenchmarkDotNet under bench/ gives the careful ones).
/// </summary>
public static class BenchCommands
{
    public static Command Build()
    {
        var bench = new Command("bench", "Quick performance measurements");
        bench.Subcommands.Add(Hash());
        bench.Subcommands.Add(Verify());
        bench.Subcommands.Add(BlockImport());
        bench.Subcommands.Add(Replay());
        bench.Subcommands.Add(ReplayMemoryBench.Build());
        return bench;
    }

    private static Command Hash()
    {
        var threads = new Option<int>("--threads") { Description = "Threads, 1..1024", DefaultValueFactory = _ => 1 }.Range(1, 1024);
        var seconds = new Option<double>("--seconds") { Description = "Duration in seconds, 0.1..3600", DefaultValueFactory = _ => 5 }.Range(0.1, 3600);
        var engine = NftCommands.EngineOption();
        var cmd = new Command("hash", "SHA-256d nonce search rate") { threads, seconds, engine };
        cmd.SetAction(result =>
        {
            var r = HashBenchmark.Run(result.GetValue(engine)!, result.GetValue(threads), TimeSpan.FromSeconds(result.GetValue(seconds)));
            Console.WriteLine(HashBenchmark.Format(r));
            return 0;
        });
        return cmd;
    }

    private static Command Verify()
    {
        var count = new Option<int>("--count") { Description = "Signatures, 1..10000000", DefaultValueFactory = _ => 20_000 }.Range(1, 10_000_000);
        var cmd = new Command("verify", "BIP-340 verifications per second, one core and all cores") { count };
        cmd.SetAction(result =>
        {
            int n = result.GetValue(count);
            var (sigs, msgs, keys) = MakeSignatures(n);
            VerifyRange(sigs, msgs, keys, 0, Math.Min(n, 1000)); // warm up
            var sw = Stopwatch.StartNew();
            VerifyRange(sigs, msgs, keys, 0, n);
            double one = n / sw.Elapsed.TotalSeconds;
            sw.Restart();
            int chunk = 256;
            Parallel.For(0, (n + chunk - 1) / chunk, c => VerifyRange(sigs, msgs, keys, c * chunk, Math.Min(n, (c + 1) * chunk)));
            double all = n / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"schnorr verify: {one:0} /s (1 thread), {all:0} /s ({Environment.ProcessorCount} threads)");
            return 0;
        });
        return cmd;
    }

    private static Command BlockImport()
    {
        var transfers = new Option<int>("--transfers") { Description = "Transfers in the block, 1..100000", DefaultValueFactory = _ => 5000 }.Range(1, 100_000);
        var rounds = new Option<int>("--rounds") { Description = "Repetitions (best is reported), 1..1000", DefaultValueFactory = _ => 5 }.Range(1, 1000);
        var cmd = new Command("block", "Validate and import one block of N transfers into RocksDB: tx/s on one core and on all, against the signature bound") { transfers, rounds };
        cmd.SetAction(result =>
        {
            int n = result.GetValue(transfers);
            var synthetic = new SyntheticChain(ChainParams.Regtest);
            synthetic.FundSenders(Math.Max(1, n / 100));
            var prefix = synthetic.Blocks.ToList();
            var block = synthetic.AddTransferBlock(n);
            var bytes = block.Encode();
            foreach (bool parallel in new[] { false, true })
            {
                double bound = 0, best = 0;
                for (int r = 0; r < result.GetValue(rounds); r++)
                {
                    // The bound: the same block's signatures (signing hash included) on the same cores, nothing else.
                    var fresh = OperationRegistry.Default.DecodeBlock(bytes);
                    var sw = Stopwatch.StartNew();
                    Ledger.Chain.SignatureChecks.VerifyAll(fresh, parallel);
                    bound = Math.Max(bound, n / sw.Elapsed.TotalSeconds);

                    string dir = Path.Combine(Path.GetTempPath(), "hashmint-bench-" + Guid.NewGuid().ToString("n"));
                    try
                    {
                        using var store = RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
                        var ledger = new LedgerFacade(store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = parallel });
                        foreach (var b in prefix) ledger.SubmitBlock(b);
                        var incoming = OperationRegistry.Default.DecodeBlock(bytes); // as from the network: nothing cached
                        sw.Restart();
                        var outcome = ledger.SubmitBlock(incoming);
                        sw.Stop();
                        if (outcome.Outcome != BlockOutcome.Connected) throw new CliException($"benchmark block not connected: {outcome.Rejection}");
                        best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
                    }
                    finally { Directory.Delete(dir, recursive: true); }
                }
                int threads = parallel ? Environment.ProcessorCount : 1;
                Console.WriteLine($"block of {n} transfers ({threads} threads): import {best:0} tx/s, signature bound {bound:0} tx/s, ratio {best / bound:P0}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command Replay()
    {
        var blocks = new Option<int>("--blocks") { Description = "Chain length, 1..1000000", DefaultValueFactory = _ => 2000 }.Range(1, 1_000_000);
        var perBlock = new Option<int>("--transfers-per-block") { Description = "Transfers in each block, 1..10000", DefaultValueFactory = _ => 10 }.Range(1, 10_000);
        var memory = new Option<bool>("--memory") { Description = "Replay into the in-memory store instead (validation cost without disk syncs)" };
        var cmd = new Command("replay", "Import a chain into a fresh RocksDB database on disk: blocks/s and tx/s") { blocks, perBlock, memory };
        cmd.SetAction(result =>
        {
            int n = result.GetValue(blocks), k = result.GetValue(perBlock);
            bool inMemory = result.GetValue(memory);
            var synthetic = new SyntheticChain(ChainParams.Regtest);
            synthetic.FundSenders(Math.Max(1, k));
            while (synthetic.Ledger.Tip.Height < n) synthetic.AddTransferBlock(k);
            var dir = Path.Combine(Path.GetTempPath(), "hashmint-replay-" + Guid.NewGuid().ToString("n"));
            try
            {
                using IKeyValueStore store = inMemory ? new MemoryKeyValueStore() : RocksDbKeyValueStore.Open(dir, LedgerColumns.All);
                var ledger = new LedgerFacade(store, ChainParams.Regtest);
                var sw = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                long txs = 0;
                foreach (var b in synthetic.Blocks)
                {
                    ledger.SubmitBlock(b);
                    txs += b.Transactions.Count;
                }
                double s = sw.Elapsed.TotalSeconds;
                double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine($"replayed {synthetic.Blocks.Count} blocks ({txs} transfers) into {(inMemory ? "memory" : "RocksDB")} in {s:0.00} s: {synthetic.Blocks.Count / s:0} blocks/s, {txs / s:0} tx/s; {cpuSeconds:0.00} s of CPU");
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
            return 0;
        });
        return cmd;
    }

    private static (byte[][] Sigs, byte[][] Msgs, byte[][] Keys) MakeSignatures(int n)
    {
        var sigs = new byte[n][];
        var msgs = new byte[n][];
        var keys = new byte[n][];
        var secret = SyntheticChain.RandomSecretKey();
        var pub = Schnorr.GetXOnlyPublicKey(secret);
        for (int i = 0; i < n; i++)
        {
            msgs[i] = TaggedHash.Hash("bench", BitConverter.GetBytes(i));
            sigs[i] = Schnorr.Sign(msgs[i], secret);
            keys[i] = pub;
        }
        return (sigs, msgs, keys);
    }

    private static void VerifyRange(byte[][] sigs, byte[][] msgs, byte[][] keys, int from, int to)
    {
        for (int i = from; i < to; i++)
            if (!Schnorr.Verify(sigs[i], msgs[i], keys[i])) throw new InvalidOperationException("benchmark signature failed to verify");
    }
}
