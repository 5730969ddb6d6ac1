using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Explorer;

/// <summary>
/// A market state key a block changed, with its value before the block and after it (null: absent).
/// </summary>
internal sealed record MarketChange(byte[] Key, byte[]? Before, byte[]? After);

/// <summary>
/// Works out a block's market events from its operations, in order, and its market state changes. Every operation of
/// a valid block applied, so its effect is known; what it needs from the state before the block comes from the
/// block's own state changes (docs/WEB.md, "Market activity"): a listing, offer or auction that an operation ends or
/// changes was changed by the block, so its prior value is in the block's undo record; so are the last offer id
/// (when an offer is made), the schedule entries of the block's height (all deleted by the hook), and the new sale
/// records (their values after the block give price, seller, buyer and royalty of every sale). Only a token's owner
/// (the seller of a listing or an auction) may be unchanged by the block, and comes from <paramref name="ownerBefore"/>.
/// After the transactions, the end-of-block hook's work is replayed from the height's schedule entries as
/// <c>MarketScheduleHook</c> does it: expiring listings and offers, settling auctions.
/// </summary>
internal sealed class MarketReplay(Block block, IReadOnlyDictionary<string, MarketChange> changes, Func<string, ulong, AccountId> ownerBefore)
{
    private readonly uint _height = block.Height;
    private readonly Dictionary<(string, ulong), Listing?> _listings = [];
    private readonly Dictionary<ulong, Offer?> _offers = [];
    private readonly Dictionary<(string, ulong), Auction?> _auctions = [];
    private readonly Dictionary<(string, ulong), AccountId> _owners = [];
    private readonly Dictionary<(string, ulong), Queue<SaleRecord>> _sales = [];
    private ulong? _lastOfferId;

    public List<MarketEvent> Events { get; } = [];

    /// <summary>The accepted offers: (position, collection, token id), for the owner history's attribution.</summary>
    public List<(int Position, string Collection, ulong TokenId)> Accepted { get; } = [];

    public static bool IsMarketKey(ReadOnlySpan<byte> key) => key.Length >= 2 && key[0] == MarketKeys.Prefix;

    public MarketReplay Run()
    {
        // The block's new sale records, oldest first per token (sale numbers count up).
        foreach (var c in changes.Values.Where(c => c.Key[1] == MarketKeys.SaleKind && c.Before is null && c.After is not null)
                     .OrderBy(c => c.Key, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))))
        {
            var (collection, tokenId) = MarketKeys.ParseTokenKey(c.Key);
            if (!_sales.TryGetValue((collection, tokenId), out var q)) _sales[(collection, tokenId)] = q = new();
            q.Enqueue(SaleRecord.Decode(c.After));
        }
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            foreach (var op in tx.Operations) Apply(op, tx, i + 1);
        }
        RunSchedule();
        return this;
    }

    private byte[]? Prior(byte[] key) => changes.TryGetValue(Convert.ToHexString(key), out var c) ? c.Before : null;

    private Listing? GetListing(string c, ulong t)
    {
        if (!_listings.TryGetValue((c, t), out var l)) _listings[(c, t)] = l = Prior(MarketKeys.Listing(c, t)) is { } b ? Listing.Decode(b) : null;
        return l;
    }

    private Offer? GetOffer(ulong id)
    {
        if (!_offers.TryGetValue(id, out var o)) _offers[id] = o = Prior(MarketKeys.Offer(id)) is { } b ? Offer.Decode(b) : null;
        return o;
    }

    private Auction? GetAuction(string c, ulong t)
    {
        if (!_auctions.TryGetValue((c, t), out var a)) _auctions[(c, t)] = a = Prior(MarketKeys.Auction(c, t)) is { } b ? Auction.Decode(b) : null;
        return a;
    }

    private AccountId Owner(string c, ulong t) => _owners.TryGetValue((c, t), out var o) ? o : ownerBefore(c, t);

    private SaleRecord? NextSale(string c, ulong t) => _sales.TryGetValue((c, t), out var q) && q.Count > 0 ? q.Dequeue() : null;

    private MarketEvent New(MarketEventKind kind, string collection, ulong? tokenId, Transaction? tx, int position, string operation) =>
        new(kind, collection, tokenId, tx?.Id ?? Hash256.Zero, (uint)position, operation) { Height = _height };

    private void Apply(Operation op, Transaction tx, int position)
    {
        switch (op)
        {
            case ListOperation l:
            {
                var seller = Owner(l.Collection, l.TokenId);
                var t = l.Terms;
                _listings[(l.Collection, l.TokenId)] = new Listing(seller, _height, t);
                Events.Add(New(MarketEventKind.Listed, l.Collection, l.TokenId, tx, position, "list") with
                {
                    Seller = seller, Price = t.Price, EndPrice = t.Kind == ListingKind.Dutch ? t.EndPrice : Amount.Zero,
                    StartHeight = t.Kind == ListingKind.Dutch ? t.StartHeight : 0, EndHeight = t.Expiry, Detail = (byte)t.Kind,
                });
                break;
            }
            case DelistOperation d:
                EndListing(d.Collection, d.TokenId, DelistReason.Withdrawn, tx, position, "delist");
                break;
            case BuyOperation b:
                _listings[(b.Collection, b.TokenId)] = null;
                Sold(b.Collection, b.TokenId, tx, position, "buy", 0);
                break;
            case MakeOfferOperation m:
            {
                _lastOfferId ??= Prior(MarketKeys.LastOfferId) is { } last ? BinaryPrimitives.ReadUInt64LittleEndian(last) : 0;
                ulong id = (_lastOfferId = _lastOfferId.Value + 1).Value;
                var offer = new Offer(tx.Sender, m.Target, m.Price, m.Quantity, m.Expiry, _height);
                _offers[id] = offer;
                Events.Add(OfferEvent(MarketEventKind.OfferMade, id, offer, offer.Remaining, tx, position, "offer"));
                break;
            }
            case AcceptOfferOperation a:
            {
                if (GetOffer(a.OfferId) is not { } offer) break; // cannot be: the block applied it
                string c = offer.Target.Collection;
                _offers[a.OfferId] = offer.Remaining > 1 ? offer with { Remaining = offer.Remaining - 1 } : null;
                _listings[(c, a.TokenId)] = null; // a listing of the sold token ends with the sale
                Accepted.Add((position, c, a.TokenId));
                Sold(c, a.TokenId, tx, position, "accept-offer", a.OfferId);
                break;
            }
            case CancelOfferOperation co:
            {
                if (GetOffer(co.OfferId) is not { } offer) break;
                _offers[co.OfferId] = null;
                Events.Add(OfferEvent(MarketEventKind.OfferCancelled, co.OfferId, offer, offer.Remaining, tx, position, "cancel-offer"));
                break;
            }
            case StartAuctionOperation s:
            {
                var seller = Owner(s.Collection, s.TokenId);
                _auctions[(s.Collection, s.TokenId)] = new Auction(seller, s.Reserve, s.EndHeight, s.MinIncrementBasisPoints, s.ExtensionBlocks, AccountId.None, Amount.Zero, _height);
                Events.Add(New(MarketEventKind.AuctionStarted, s.Collection, s.TokenId, tx, position, "auction") with
                {
                    Seller = seller, Price = s.Reserve, EndHeight = s.EndHeight,
                });
                break;
            }
            case BidOperation bid:
            {
                if (GetAuction(bid.Collection, bid.TokenId) is not { } auction) break;
                uint end = auction.EndAfterBidAt(_height);
                _auctions[(bid.Collection, bid.TokenId)] = auction with { TopBidder = tx.Sender, TopBid = bid.Amount, EndHeight = end };
                Events.Add(New(MarketEventKind.Bid, bid.Collection, bid.TokenId, tx, position, "bid") with
                {
                    Seller = auction.Seller, Buyer = tx.Sender, Price = bid.Amount, EndHeight = end,
                });
                break;
            }
            case CancelAuctionOperation ca:
            {
                if (GetAuction(ca.Collection, ca.TokenId) is not { } auction) break;
                _auctions[(ca.Collection, ca.TokenId)] = null;
                Events.Add(New(MarketEventKind.AuctionCancelled, ca.Collection, ca.TokenId, tx, position, "cancel-auction") with { Seller = auction.Seller, EndHeight = auction.EndHeight });
                break;
            }
            case TransferTokenOperation t:
                EndListing(t.Collection, t.TokenId, DelistReason.Moved, tx, position, "transfer-token");
                _owners[(t.Collection, t.TokenId)] = t.To;
                break;
            case BurnTokenOperation burn:
                EndListing(burn.Collection, burn.TokenId, DelistReason.Burned, tx, position, "burn-token");
                _owners[(burn.Collection, burn.TokenId)] = AccountId.None;
                break;
        }
    }

    private void EndListing(string c, ulong t, DelistReason reason, Transaction? tx, int position, string operation)
    {
        if (GetListing(c, t) is not { } listing) return;
        _listings[(c, t)] = null;
        Events.Add(New(MarketEventKind.Delisted, c, t, tx, position, operation) with { Seller = listing.Seller, Detail = (byte)reason, EndHeight = listing.Terms.Expiry });
    }

    private void Sold(string c, ulong t, Transaction? tx, int position, string operation, ulong offerId)
    {
        if (NextSale(c, t) is not { } sale) return; // cannot be: every sale writes its record
        _owners[(c, t)] = sale.Buyer;
        Events.Add(New(MarketEventKind.Sold, c, t, tx, position, operation) with
        {
            Seller = sale.Seller, Buyer = sale.Buyer, Price = sale.Price, Royalty = sale.Royalty, OfferId = offerId, Detail = (byte)sale.Via,
        });
    }

    private MarketEvent OfferEvent(MarketEventKind kind, ulong id, Offer offer, uint quantity, Transaction? tx, int position, string operation)
    {
        var target = offer.Target;
        return New(kind, target.Collection, target.Kind == OfferKind.Token ? target.TokenId : null, tx, position, operation) with
        {
            Buyer = offer.Buyer, OfferId = id, Price = offer.Price, Quantity = quantity, EndHeight = offer.Expiry, Detail = (byte)target.Kind,
            Trait = target.Trait, TraitValue = target.Value,
        };
    }

    /// <summary>The end-of-block hook: the height's schedule entries in index order (all of them were deleted by the block).</summary>
    private void RunSchedule()
    {
        var prefix = MarketKeys.ScheduleEntry(_height, 0).AsSpan(0, 6).ToArray();
        var entries = changes.Values.Where(c => c.Key.Length == 10 && c.Key.AsSpan().StartsWith(prefix) && c.Before is not null)
            .OrderBy(c => BinaryPrimitives.ReadUInt32BigEndian(c.Key.AsSpan(6))).Select(c => c.Before!);
        foreach (var key in entries)
        {
            if (key.Length < 3 || key[0] != MarketKeys.Prefix) continue;
            switch (key[1])
            {
                case MarketKeys.ListingKind:
                {
                    var (c, t) = MarketKeys.ParseTokenKey(key);
                    if (GetListing(c, t) is { } l && l.Terms.Expiry == _height) EndListing(c, t, DelistReason.Expired, null, 0, "block");
                    break;
                }
                case MarketKeys.OfferRecordKind:
                {
                    ulong id = MarketKeys.ParseOffer(key);
                    if (GetOffer(id) is not { } o || o.Expiry != _height) break;
                    _offers[id] = null;
                    Events.Add(OfferEvent(MarketEventKind.OfferExpired, id, o, o.Remaining, null, 0, "block"));
                    break;
                }
                case MarketKeys.AuctionKind:
                {
                    var (c, t) = MarketKeys.ParseTokenKey(key);
                    if (GetAuction(c, t) is not { } a || a.EndHeight != _height) break;
                    _auctions[(c, t)] = null;
                    var settled = New(MarketEventKind.AuctionSettled, c, t, null, 0, "block") with { Seller = a.Seller, EndHeight = _height, Detail = (byte)SaleVia.Auction };
                    if (a.HasBid && NextSale(c, t) is { } sale)
                    {
                        _owners[(c, t)] = sale.Buyer;
                        Events.Add(New(MarketEventKind.Sold, c, t, null, 0, "block") with
                        {
                            Seller = sale.Seller, Buyer = sale.Buyer, Price = sale.Price, Royalty = sale.Royalty, Detail = (byte)sale.Via,
                        });
                        settled = settled with { Buyer = sale.Buyer, Price = sale.Price, Royalty = sale.Royalty };
                    }
                    Events.Add(settled);
                    break;
                }
            }
        }
    }
}
