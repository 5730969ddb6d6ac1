using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Pool;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>What a test submission did: the outcome, the rejection if any, and what changed on the main chain.</summary>
internal sealed record TestSubmission(BlockOutcome Outcome, Rejection? Rejection, ChainUpdated Update);

/// <summary>
/// One node for tests: the ledger facade on its own store with a manual clock; its chain and mempool are reachable
/// for inspection. <see cref="Mine"/> produces a real block through the facade's template and a nonce loop.
/// </summary>
internal sealed class TestNode : IDisposable
{
    private ChainUpdated? _lastUpdate;

    public IKeyValueStore Store { get; }
    public ManualClock Clock { get; }
    public LedgerFacade Ledger { get; }
    public ChainManager Chain => Ledger.Chain;
    public Mempool Mempool => Ledger.Mempool;
    public ChainParams Params => Chain.Params;

    public TestNode(ChainParams? p = null, IKeyValueStore? store = null, ManualClock? clock = null, MempoolOptions? mempool = null,
        Hashmint.Ledger.Operations.OperationRegistry? operations = null)
    {
        p ??= ChainParams.Regtest;
        Store = store ?? new MemoryKeyValueStore();
        Clock = clock ?? new ManualClock(p.GenesisTime + 100);
        Ledger = new LedgerFacade(Store, p, new LedgerOptions { ParallelSignatureChecks = false, Mempool = mempool ?? new MempoolOptions() }, Clock, operations);
        Ledger.ChainUpdated += u => _lastUpdate = u;
    }

    public ChainEntry Tip => Chain.Tip;
    public AccountState Account(int key) => Ledger.GetAccount(TestKeys.Id(key));
    public AccountState Account(AccountId id) => Ledger.GetAccount(id);

    /// <summary>Admits a transaction to the mempool against the current tip (throws <see cref="RejectedException"/>).</summary>
    public void AddToMempool(Transaction tx) => Ledger.SubmitTransaction(tx);

    /// <summary>A template paying <paramref name="payTo"/> (none: no payout) and naming <paramref name="nftRecipient"/>.</summary>
    public BlockTemplate Template(AccountId payTo, AccountId nftRecipient, string message) =>
        Ledger.CreateTemplate(new TemplateRequest(payTo.IsNone ? [] : [new PayoutShare(payTo, 1)], nftRecipient, message));

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
        var template = Template(payTo, payTo, "test block");
        var header = Pow.Solve(template.HeaderFor(0));
        return template.BuildBlock(0, header.Nonce);
    }

    public List<Block> MineMany(int count, int payToKey)
    {
        var blocks = new List<Block>(count);
        for (int i = 0; i < count; i++) blocks.Add(Mine(payToKey));
        return blocks;
    }

    /// <summary>
    /// Submits a block through the facade (chain and mempool move together). A block refused before storing throws
    /// <see cref="RejectedException"/>, as the chain manager does, so tests can tell the two kinds of refusal apart.
    /// </summary>
    public TestSubmission Submit(Block block)
    {
        _lastUpdate = null;
        var result = Ledger.SubmitBlock(block);
        if (result.Outcome == BlockOutcome.Rejected) throw new RejectedException(result.Rejection!);
        return new TestSubmission(result.Outcome, result.Rejection, _lastUpdate ?? new ChainUpdated([], [], Ledger.Tip));
    }

    /// <summary>Submits each block; returns the last result.</summary>
    public TestSubmission SubmitAll(IEnumerable<Block> blocks)
    {
        TestSubmission? last = null;
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
