using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Synthetic;
using Hashmint.Storage;

namespace Hashmint.Bench.Ledger;

/// <summary>Import (replay) of a 2,000-block chain with 10 transfers per block into a fresh RocksDB database on disk.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class ChainReplayBenchmarks
{
    public const int Blocks = 2000;
    private List<Block> _blocks = null!;
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest, seed: 9);
        synthetic.FundSenders(10);
        while (synthetic.Ledger.Tip.Height < Blocks) synthetic.AddTransferBlock(10);
        _blocks = synthetic.Blocks;
    }

    [IterationSetup]
    public void FreshDirectory() => _dir = Path.Combine(Path.GetTempPath(), "hashmint-bench-" + Guid.NewGuid().ToString("n"));

    [IterationCleanup]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Blocks, Description = "replay 2,000 blocks into RocksDB (per block)")]
    public uint Replay()
    {
        using var store = RocksDbKeyValueStore.Open(_dir, LedgerColumns.All);
        var ledger = new LedgerFacade(store, ChainParams.Regtest);
        foreach (var b in _blocks) ledger.SubmitBlock(b);
        return ledger.Tip.Height;
    }
}
