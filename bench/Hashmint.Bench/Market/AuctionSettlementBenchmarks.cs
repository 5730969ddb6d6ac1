using BenchmarkDotNet.Attributes;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Synthetic;
using Hashmint.Storage;

namespace Hashmint.Bench.Market;

/// <summary>
/// Connecting a block in which 1,000 auctions settle by the end-of-block hook (no transaction: each moves a token,
/// pays two royalty splits and the seller, records the sale), against connecting a block of 1,000 signed transfers
/// (signatures checked on one thread). Both include the state transition, the state-tree update and the atomic write
/// to an in-memory store; each invocation connects the block to a fresh copy of the chain up to its parent.
/// </summary>
public class AuctionSettlementBenchmarks
{
    public const int Count = 1000;
    private const string Collection = "bench-auction";
    private List<Block> _auctionPrefix = null!, _transferPrefix = null!, _startPrefix = null!;
    private Block _settleBlock = null!, _transferBlock = null!, _startBlock = null!;
    private LedgerFacade _ledger = null!;
    private MemoryKeyValueStore _store = null!;

    internal LedgerFacade Ledger => _ledger;
    internal MemoryKeyValueStore Store => _store;
    internal Block SettleBlock => _settleBlock;
    internal Block TransferBlock => _transferBlock;
    internal Block StartBlock => _startBlock;

    [GlobalSetup]
    public void Setup()
    {
        var chain = new SyntheticChain(ChainParams.Regtest, seed: 7);
        chain.FundSenders(20);
        var creator = chain.Sender(0);
        var def = new CollectionDefinition(Collection, "Bench auctions", "BAUC", CollectionKind.Art, 1_000_000, 750,
            [new RoyaltySplit(chain.Sender(18), 500), new RoyaltySplit(chain.Sender(19), 250)], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        chain.AddBlock([(0, [new CreateCollectionOperation(def)])]);
        chain.AddBlock(Chunks(Enumerable.Range(0, Count).Select(_ => (Operation)new MintOperation(Collection, creator, TokenContent.None, [], null, null))).Select(ops => (0, ops)));
        uint end = chain.Ledger.Tip.Height + 4;
        chain.AddBlock(Chunks(Enumerable.Range(1, Count).Select(i => (Operation)new StartAuctionOperation(Collection, (ulong)i, new Amount(10_000), end, 500, 0)))
            .Select(ops => (0, ops)));
        _startBlock = chain.Blocks[^1];
        _startPrefix = chain.Blocks.Take(chain.Blocks.Count - 1).ToList();
        // Bidders 1..17 share the auctions; every auction gets one bid that will win.
        var bids = Enumerable.Range(1, Count).GroupBy(i => 1 + i % 17)
            .SelectMany(g => Chunks(g.Select(i => (Operation)new BidOperation(Collection, (ulong)i, new Amount(20_000 + (ulong)i)))).Select(ops => (g.Key, ops)));
        chain.AddBlock(bids);
        while (chain.Ledger.Tip.Height < end - 1) chain.AddEmptyBlock();
        _settleBlock = chain.AddEmptyBlock();
        if (chain.Ledger.ReadState(v => v.GetAuction(Collection, 1)) is not null || _settleBlock.Height != end)
            throw new InvalidOperationException("the auctions did not settle in the measured block");
        _auctionPrefix = chain.Blocks.Take(chain.Blocks.Count - 1).ToList();

        var transfers = new SyntheticChain(ChainParams.Regtest, seed: 8);
        transfers.FundSenders(Count / 100);
        _transferPrefix = transfers.Blocks.ToList();
        _transferBlock = transfers.AddTransferBlock(Count);
    }

    private static IEnumerable<Operation[]> Chunks(IEnumerable<Operation> ops) => ops.Chunk(64);

    private void Fresh(List<Block> prefix)
    {
        _store = new MemoryKeyValueStore();
        _ledger = new LedgerFacade(_store, ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });
        foreach (var b in prefix) _ledger.SubmitBlock(b);
    }

    [IterationSetup(Target = nameof(ConnectTransferBlock))]
    public void FreshTransferChain() => Fresh(_transferPrefix);

    [IterationSetup(Target = nameof(ConnectSettlementBlock))]
    public void FreshAuctionChain() => Fresh(_auctionPrefix);

    [IterationSetup(Target = nameof(ConnectStartBlock))]
    public void FreshStartChain() => Fresh(_startPrefix);

    [IterationCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true, Description = "block of 1,000 transfers (signatures on 1 thread)")]
    public BlockOutcome ConnectTransferBlock() => Connect(_transferBlock);

    [Benchmark(Description = "block in which 1,000 auctions settle")]
    public BlockOutcome ConnectSettlementBlock() => Connect(_settleBlock);

    /// <summary>Not part of the ratio: the block before, in which the 1,000 auctions start (16 signed transactions of 64 operations, all ending at one height).</summary>
    [Benchmark(Description = "block in which 1,000 auctions start (16 transactions)")]
    public BlockOutcome ConnectStartBlock() => Connect(_startBlock);

    private BlockOutcome Connect(Block block)
    {
        var result = _ledger.SubmitBlock(block);
        if (result.Outcome != BlockOutcome.Connected) throw new InvalidOperationException($"block not connected: {result.Rejection}");
        return result.Outcome;
    }
}
