using System.Threading.Channels;
using Hashmint.Ledger;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Hosting;

/// <summary>One event of the stream: kind (block, transaction, mint, reorg, listed, delisted, sold), the id it is about (a txid for mints and market events), the height, and a detail (collection, or "collection #token").</summary>
public sealed record NodeEvent(string Kind, string Id, uint Height, string? Detail = null);

/// <summary>
/// Fans the ledger's events out to subscribers (the server-sent event stream). Each subscriber has a bounded queue:
/// a slow one loses its oldest events, never slows the ledger.
/// </summary>
public sealed class NodeEvents
{
    public const int QueueLength = 256;
    private readonly object _sync = new();
    private readonly List<Channel<NodeEvent>> _subscribers = [];

    public NodeEvents(LedgerFacade ledger)
    {
        ledger.ChainUpdated += OnChainUpdated;
        ledger.TransactionAccepted += tx => Publish(new NodeEvent("transaction", tx.Id.ToString(), ledger.Tip.Height));
    }

    public int Subscribers { get { lock (_sync) return _subscribers.Count; } }

    private void OnChainUpdated(ChainUpdated update)
    {
        if (update.ReorgDepth > 0) Publish(new NodeEvent("reorg", update.Tip.Hash.ToString(), update.Tip.Height, $"{update.ReorgDepth} block(s) rolled back"));
        foreach (var b in update.Connected)
        {
            Publish(new NodeEvent("block", b.Hash.ToString(), b.Height));
            foreach (var tx in b.Transactions)
                foreach (var op in tx.Operations)
                    switch (op)
                    {
                        case MintOperation m: Publish(new NodeEvent("mint", tx.Id.ToString(), b.Height, m.Collection)); break;
                        case MineMintOperation mm: Publish(new NodeEvent("mint", tx.Id.ToString(), b.Height, mm.Collection)); break;
                        case ListOperation l: Publish(new NodeEvent("listed", tx.Id.ToString(), b.Height, $"{l.Collection} #{l.TokenId}")); break;
                        case DelistOperation d: Publish(new NodeEvent("delisted", tx.Id.ToString(), b.Height, $"{d.Collection} #{d.TokenId}")); break;
                        case BuyOperation buy: Publish(new NodeEvent("sold", tx.Id.ToString(), b.Height, $"{buy.Collection} #{buy.TokenId}")); break;
                    }
        }
    }

    public ChannelReader<NodeEvent> Subscribe(CancellationToken unsubscribe)
    {
        var channel = Channel.CreateBounded<NodeEvent>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_sync) _subscribers.Add(channel);
        unsubscribe.Register(() =>
        {
            lock (_sync) _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(NodeEvent e)
    {
        lock (_sync)
            foreach (var s in _subscribers) s.Writer.TryWrite(e);
    }

    public void Complete()
    {
        lock (_sync)
        {
            foreach (var s in _subscribers) s.Writer.TryComplete();
            _subscribers.Clear();
        }
    }
}
