using BenchmarkDotNet.Attributes;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Ledger;
using Hashmint.Ledger.Synthetic;
using Hashmint.Storage;

namespace Hashmint.Bench.Ledger;

/// <summary>
/// Validation and import of one block of 5,000 signed transfers (signatures, state transition, state-tree update,
/// one atomic write), with signature checks on one thread and on all threads. Each invocation connects the block
/// to a fresh copy of the chain up to its parent.
/// </summary>
public class BlockImportBenchmarks
{
    public const int Transfers = 5000;
    private List<Block> _prefix = null!;
    private Block _block = null!;
    private LedgerFacade _ledger = null!;
    private MemoryKeyValueStore _store = null!;

    [Params(false, true)]
    public bool ParallelSignatures { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var synthetic = new SyntheticChain(ChainParams.Regtest, seed: 5);
        synthetic.FundSenders(Transfers / 100);
        _prefix = synthetic.Blocks.ToList();
        _block = synthetic.AddTransferBlock(Transfers);
    }

    [IterationSetup]
    public void FreshChain()
    {
        _store = new MemoryKeyValueStore();
        _ledger = new LedgerFacade(_store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = ParallelSignatures });
        foreach (var b in _prefix) _ledger.SubmitBlock(b);
    }

    [IterationCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(OperationsPerInvoke = Transfers, Description = "import block of 5,000 transfers (per tx)")]
    public BlockOutcome ImportBlock()
    {
        var result = _ledger.SubmitBlock(_block);
        if (result.Outcome != BlockOutcome.Connected) throw new InvalidOperationException($"block not connected: {result.Rejection}");
        return result.Outcome;
    }
}
