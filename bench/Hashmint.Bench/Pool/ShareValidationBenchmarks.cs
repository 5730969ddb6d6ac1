using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Pool;
using Hashmint.Pool.Jobs;
using Hashmint.Pool.Shares;
using Hashmint.Storage;

namespace Hashmint.Bench.Pool;

/// <summary>
/// The pool's hot path, one share at a time on one core: parse the mining.submit line (JSON, hex fields), find the
/// job, rebuild the coinbase (kind 0x02, 181 bytes) and fold it up a Merkle branch of <see cref="BranchLength"/>
/// hashes (a 2,000-transaction block has 11), hash the header, check duplicates and the target, record the share.
/// </summary>
[MemoryDiagnoser]
public class ShareValidationBenchmarks
{
    private ShareBench _bench = null!;

    [Params(0, 11)]
    public int BranchLength { get; set; }

    [GlobalSetup]
    public void Setup() => _bench = new ShareBench(BranchLength);

    [Benchmark(Description = "check a parsed share")]
    public bool Check() => _bench.CheckNext();

    [Benchmark(Description = "parse the submit line and check")]
    public bool ParseAndCheck() => _bench.ParseAndCheckNext();
}

/// <summary>A job on a regtest ledger and a stream of distinct shares for it.</summary>
public sealed class ShareBench
{
    private readonly ShareValidator _validator;
    private readonly MinerTerms _terms;
    private readonly PoolJob _job;
    private readonly DateTimeOffset _now;
    private uint _nonce;
    private uint _extranonce2;

    public ShareBench(int branchLength)
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(ChainParams.Regtest.GenesisTime + 100));
        var ledger = new LedgerFacade(new MemoryKeyValueStore(), ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false }, clock);
        var options = new PoolOptions();
        var jobs = new JobManager(ledger, new FinderTakesAll(), options, clock);
        var miner = new AccountId(new Hash256(Enumerable.Repeat((byte)3, 32).ToArray()));
        var key = JobKey.Block(miner);
        var real = jobs.Current(key);
        var branch = Enumerable.Range(0, branchLength).Select(i => new Hash256(System.Security.Cryptography.SHA256.HashData([(byte)i]))).ToList();
        _job = new PoolJob("bench", real.Generation, key, real.PreviousHash, real.Coinb1, real.Coinb2, branch, real.Version, real.Bits, real.Time, real.Height, real.CreatedAt);
        jobs.Adopt(_job);
        _validator = new ShareValidator(jobs, options);
        var target = Hashmint.Pool.Stratum.StratumDifficulty.ToTarget(1e-12); // every hash is a share: the whole path runs each time
        _terms = new MinerTerms(key, 0x01020304, 0x1fffe000, 1e-12, target, 1e-12, target, clock.GetUtcNow());
        _now = clock.GetUtcNow();
    }

    public bool CheckNext()
    {
        if (++_nonce == 0) _extranonce2++;
        var share = new ShareSubmission("w", "bench", _extranonce2, _job.Time, _nonce, null);
        return _validator.Check(_terms, share, _now).Accepted;
    }

    private readonly byte[] _line = new byte[256];

    public bool ParseAndCheckNext()
    {
        if (++_nonce == 0) _extranonce2++;
        int n = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":7,\"method\":\"mining.submit\",\"params\":[\"addr.w\",\"bench\",\"{_extranonce2:x8}\",\"{_job.Time:x8}\",\"{_nonce:x8}\"]}}"), _line);
        using var doc = JsonDocument.Parse(_line.AsMemory(0, n));
        var p = doc.RootElement.GetProperty("params");
        if (!ShareSubmission.TryParse("w", p[1].GetString()!, p[2].GetString()!, p[3].GetString()!, p[4].GetString()!, null, out var share, out _)) return false;
        return _validator.Check(_terms, share, _now).Accepted;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary><c>pool-shares [--seconds S] [--branch N]</c>: shares validated per second on one thread, wall clock.</summary>
public static class PoolSharesCommand
{
    public const string Name = "pool-shares";

    public static int Run(string[] args)
    {
        double seconds = 5;
        int branch = 11;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "--branch") branch = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
        foreach (bool parse in new[] { false, true })
        {
            var bench = new ShareBench(branch);
            for (int i = 0; i < 20_000; i++) _ = parse ? bench.ParseAndCheckNext() : bench.CheckNext(); // warm up (tiered JIT)
            long count = 0;
            var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 1000; i++) if (!(parse ? bench.ParseAndCheckNext() : bench.CheckNext())) throw new InvalidOperationException("a share was refused");
                count += 1000;
            }
            sw.Stop();
            double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            // Per CPU second too: on a shared machine the wall clock counts time the thread was not running.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pool shares ({(parse ? "parse + check" : "check")}, branch {branch}): {count / sw.Elapsed.TotalSeconds:F0} /s wall, {count / cpu:F0} per CPU-second on 1 thread ({cpu * 1e6 / count:F2} µs CPU each)"));
        }
        return 0;
    }
}
