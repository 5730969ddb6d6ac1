using System.Threading.Channels;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Hosting;

/// <summary>One event of the stream: kind (block, transaction, mint, reorg, listed, delisted, sold, offered, offer-accepted, offer-cancelled, auction-started, bid, auction-cancelled, auction-settled), the id it is about (a txid for mints and market events), the height, and a detail (collection, or "collection #token").</summary>
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

    private readonly LedgerFacade _ledger;
    private HashSet<string> _auctions = [];

    public NodeEvents(LedgerFacade ledger)
    {
        _ledger = ledger;
        _auctions = ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionKind]).Select(kv => Convert.ToHexString(kv.Key)).ToHashSet();
        ledger.ChainUpdated += OnChainUpdated;
        ledger.TransactionAccepted += tx => Publish(new NodeEvent("transaction", tx.Id.ToString(), ledger.Tip.Height));
    }

    public int Subscribers { get { lock (_sync) return _subscribers.Count; } }

    /// <summary>
    /// Auctions settle in an end-of-block hook, with no transaction to see: the running auctions are remembered after
    /// each chain update, and one that is gone without a cancel-auction in the new blocks has settled ('auction-settled',
    /// with the winner and price when it sold). Only the auctions' keys are kept; the state is read only while any run.
    /// </summary>
    private void PublishSettledAuctions(ChainUpdated update)
    {
        bool started = update.Connected.Any(b => b.Transactions.Any(t => t.Operations.Any(o => o is StartAuctionOperation)));
        if (_auctions.Count == 0 && !started) return;
        var now = new HashSet<string>(_ledger.ScanState([MarketKeys.Prefix, MarketKeys.AuctionKind]).Select(kv => Convert.ToHexString(kv.Key)));
        var cancelled = update.Connected.SelectMany(b => b.Transactions).SelectMany(t => t.Operations).OfType<CancelAuctionOperation>()
            .Select(c => Convert.ToHexString(MarketKeys.Auction(c.Collection, c.TokenId))).ToHashSet();
        foreach (var gone in _auctions.Where(k => !now.Contains(k) && !cancelled.Contains(k)))
        {
            var (collection, tokenId) = MarketKeys.ParseTokenKey(Convert.FromHexString(gone));
            var last = _ledger.ScanState(MarketKeys.SalesOf(collection, tokenId), null, reverse: true, 1);
            var sale = last.Count == 1 ? SaleRecord.Decode(last[0].Value) : null;
            string detail = sale is { Via: SaleVia.Auction } && sale.Height > update.Tip.Height - (uint)update.Connected.Count
                ? $"{collection} #{tokenId} sold to {sale.Buyer.ToAddress(_ledger.Network.AddressPrefix)} for {sale.Price} HMT"
                : $"{collection} #{tokenId} unsold";
            Publish(new NodeEvent("auction-settled", $"{collection} #{tokenId}", update.Tip.Height, detail));
        }
        _auctions = now;
    }

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
                        case MakeOfferOperation offer: Publish(new NodeEvent("offered", tx.Id.ToString(), b.Height, offer.Target.ToString())); break;
                        case AcceptOfferOperation accept: Publish(new NodeEvent("offer-accepted", tx.Id.ToString(), b.Height, $"offer {accept.OfferId}, token #{accept.TokenId}")); break;
                        case CancelOfferOperation cancel: Publish(new NodeEvent("offer-cancelled", tx.Id.ToString(), b.Height, $"offer {cancel.OfferId}")); break;
                        case StartAuctionOperation a: Publish(new NodeEvent("auction-started", tx.Id.ToString(), b.Height, $"{a.Collection} #{a.TokenId}")); break;
                        case BidOperation bid: Publish(new NodeEvent("bid", tx.Id.ToString(), b.Height, $"{bid.Collection} #{bid.TokenId}: {bid.Amount} HMT")); break;
                        case CancelAuctionOperation ca: Publish(new NodeEvent("auction-cancelled", tx.Id.ToString(), b.Height, $"{ca.Collection} #{ca.TokenId}")); break;
                    }
        }
        PublishSettledAuctions(update);
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
