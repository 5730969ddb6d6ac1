using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>
/// One node for tests: a chain manager on its own store, a mempool that follows it, a block assembler, and a
/// manual clock. <see cref="Mine"/> produces a real block through the assembler and a nonce loop.
/// </summary>
public sealed class TestNode : IDisposable
{
    public IKeyValueStore Store { get; }
    public ManualClock Clock { get; }
    public ChainManager Chain { get; }
    public Mempool Mempool { get; }
    public BlockAssembler Assembler { get; }
    public ChainParams Params => Chain.Params;

    public TestNode(ChainParams? p = null, IKeyValueStore? store = null, ManualClock? clock = null, MempoolOptions? mempool = null)
    {
        p ??= ChainParams.Regtest;
        Store = store ?? new MemoryKeyValueStore();
        Clock = clock ?? new ManualClock(p.GenesisTime + 100);
        Chain = new ChainManager(Store, p, Clock) { ParallelSignatureChecks = false };
        Mempool = new Mempool(p, mempool);
        Assembler = new BlockAssembler(Chain, Mempool, Clock);
    }

    public ChainEntry Tip => Chain.Tip;
    public AccountState Account(int key) => Chain.GetAccount(TestKeys.Id(key));
    public AccountState Account(AccountId id) => Chain.GetAccount(id);

    /// <summary>Admits a transaction to the mempool against the current tip (throws <see cref="RejectedException"/>).</summary>
    public void AddToMempool(Transaction tx) => Mempool.Add(tx, Chain.TipState, Chain.Tip.Height + 1);

    /// <summary>Mines the next block with the mempool's transactions (plus these, admitted first); it must connect.</summary>
    public Block Mine(AccountId payTo, params Transaction[] txs)
    {
        var block = MineDetached(payTo, txs);
        var result = Submit(block);
        Assert.True(result.Outcome == BlockOutcome.Connected, $"mined block was {result.Outcome}: {result.Rejection}");
        return block;
    }

    public Block Mine(int payToKey, params Transaction[] txs) => Mine(TestKeys.Id(payToKey), txs);

    /// <summary>Builds and solves a block on the tip without submitting it.</summary>
    public Block MineDetached(AccountId payTo, params Transaction[] txs)
    {
        foreach (var tx in txs) AddToMempool(tx);
        Clock.Advance(1);
        var template = Assembler.Create(payTo, payTo, "test block");
        var header = Pow.Solve(template.HeaderFor(0));
        return template.BuildBlock(0, header.Nonce);
    }

    public List<Block> MineMany(int count, int payToKey)
    {
        var blocks = new List<Block>(count);
        for (int i = 0; i < count; i++) blocks.Add(Mine(payToKey));
        return blocks;
    }

    /// <summary>Processes a block and lets the mempool follow whatever the chain did.</summary>
    public ProcessResult Submit(Block block)
    {
        var result = Chain.ProcessBlock(block);
        Mempool.OnChainUpdate(result.Update, Chain.TipState, Chain.Tip.Height + 1);
        return result;
    }

    /// <summary>Submits each block; returns the last result.</summary>
    public ProcessResult SubmitAll(IEnumerable<Block> blocks)
    {
        ProcessResult? last = null;
        foreach (var b in blocks) last = Submit(b);
        return last ?? throw new ArgumentException("no blocks");
    }

    /// <summary>The rejection of a block, whether it is thrown before storing or reported after a failed connect.</summary>
    public Rejection Reject(Block block)
    {
        var tipBefore = Chain.Tip;
        try
        {
            var result = Submit(block);
            Assert.True(result.Outcome == BlockOutcome.Invalid, $"expected the block to be rejected, it was {result.Outcome}");
            Assert.NotNull(result.Rejection);
            Assert.Same(tipBefore, Chain.Tip);
            return result.Rejection;
        }
        catch (RejectedException e)
        {
            Assert.Same(tipBefore, Chain.Tip);
            return e.Rejection;
        }
    }

    public void Dispose() => Store.Dispose();
}
