using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Pool;
using Hashmint.Storage;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The running node: store, chain, mempool and miner, and the two ways data comes in (blocks and transactions).
/// Lock order is always chain, then mempool, so the mempool is checked against the state of one tip.
/// </summary>
public sealed class NodeService : IDisposable
{
    private readonly object _submitLock = new();
    private AccountId _payTo;

    public NodeOptions Options { get; }
    public IKeyValueStore Store { get; }
    public ChainManager Chain { get; }
    public Mempool Mempool { get; }
    public BlockAssembler Assembler { get; }
    public BlockMiner Miner { get; }
    public NodeEvents Events { get; } = new();
    public NftQueries Nfts { get; }
    public ImageCache Images { get; } = new();
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public NodeService(NodeOptions options, IKeyValueStore store, AccountId payTo)
    {
        Options = options;
        Store = store;
        _payTo = payTo;
        Chain = new ChainManager(store, options.Network);
        Nfts = new NftQueries(store);
        Mempool = new Mempool(options.Network);
        Assembler = new BlockAssembler(Chain, Mempool);
        Miner = new BlockMiner(Assembler, block => SubmitBlock(block), () => _payTo, options.MiningEngine)
        {
            CoinbaseMessage = $"hashmint {options.Network.Name} node",
        };
    }

    public AccountId PayTo { get => _payTo; set => _payTo = value; }

    public ProcessResult SubmitBlock(Block block)
    {
        lock (_submitLock)
        {
            var result = Chain.ProcessBlock(block);
            if (result.Update.TipChanged)
            {
                Chain.WithTipLocked((tip, state) =>
                {
                    Mempool.OnChainUpdate(result.Update, state, tip.Height + 1);
                    return 0;
                });
                Miner.OnTipChanged();
                foreach (var b in result.Update.Connected) Events.Publish(new NodeEvent("block", b.Hash.ToString(), b.Height));
            }
            return result;
        }
    }

    /// <exception cref="RejectedException">with the reason the transaction was refused.</exception>
    public void SubmitTransaction(Transaction tx)
    {
        Chain.WithTipLocked((tip, state) =>
        {
            Mempool.Add(tx, state, tip.Height + 1);
            return 0;
        });
        Miner.OnNewTransactions();
        Events.Publish(new NodeEvent("transaction", tx.Id.ToString(), Chain.Tip.Height));
    }

    /// <summary>Mines <paramref name="count"/> blocks on the tip right now (regtest and dev tooling, like Bitcoin's generatetoaddress).</summary>
    public async Task<IReadOnlyList<Block>> GenerateAsync(int count, AccountId payTo, CancellationToken ct)
    {
        var searcher = new Mining.ParallelNonceSearcher(Mining.NonceSearchEngines.Create(Options.MiningEngine), 1);
        var blocks = new List<Block>(count);
        while (blocks.Count < count)
        {
            var template = Assembler.Create(payTo, payTo, $"hashmint {Options.Network.Name} generate");
            var block = await BlockMiner.SolveAsync(template, searcher, ct) ?? throw new OperationCanceledException(ct);
            var result = SubmitBlock(block);
            if (result.Rejection is not null) throw new RejectedException(result.Rejection);
            if (result.Outcome == BlockOutcome.Connected) blocks.Add(block);
        }
        return blocks;
    }

    public void Dispose()
    {
        Miner.Dispose();
        Events.Complete();
        Store.Dispose();
    }
}
