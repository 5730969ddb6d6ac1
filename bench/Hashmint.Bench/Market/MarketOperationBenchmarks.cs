using BenchmarkDotNet.Attributes;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.State;
using Hashmint.Storage;

namespace Hashmint.Bench.Market;

/// <summary>
/// Validation of one market operation on one core: its stateless checks and its state change (reads, rules, the royalty
/// split, the token move and every index write) on a fresh state overlay over a stored state. Signatures are measured
/// apart (SchnorrVerifyBenchmarks).
/// </summary>
[MemoryDiagnoser]
public class MarketOperationBenchmarks
{
    private const string Collection = "bench-market";
    private readonly ChainParams _params = ChainParams.Regtest;
    private IStateReader _state = null!;
    private OperationContext _context = null!;
    private Transaction _tx = null!;
    private readonly Dictionary<string, (Operation Op, AccountId Sender)> _ops = [];

    private static AccountId Account(byte b) => new(new Hash256(Enumerable.Repeat(b, 32).ToArray()));

    [Params("list", "delist", "buy", "buy-dutch", "offer", "accept-offer", "cancel-offer", "auction", "bid", "cancel-auction")]
    public string Operation { get; set; } = "buy";

    [GlobalSetup]
    public void Setup()
    {
        AccountId creator = Account(1), seller = Account(2), buyer = Account(3), bidder = Account(4);
        var def = new CollectionDefinition(Collection, "Bench market", "BMKT", CollectionKind.Art, 1_000_000, 750,
            [new RoyaltySplit(Account(8), 500), new RoyaltySplit(Account(9), 250)], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        var store = new MemoryKeyValueStore();
        var overlay = new StateOverlay(new StoreStateReader(store));
        foreach (var a in new[] { seller, buyer, bidder }) overlay.SetAccount(a, new AccountState(Amount.Coins(1000), 0));
        Run(overlay, creator, new CreateCollectionOperation(def));
        for (int i = 0; i < 7; i++) Run(overlay, creator, new MintOperation(Collection, seller, TokenContent.None, [new("colour", "red")], null, null));
        Run(overlay, seller, new ListOperation(Collection, 2, ListingTerms.Fixed(Amount.Coins(5))));
        Run(overlay, seller, new ListOperation(Collection, 3, ListingTerms.Dutch(Amount.Coins(9), Amount.Coins(1), 5, 50)));
        Run(overlay, buyer, new MakeOfferOperation(OfferTarget.ForTrait(Collection, "attr:colour", "red"), Amount.Coins(2), 3, 0));
        Run(overlay, seller, new StartAuctionOperation(Collection, 5, Amount.Coins(1), 100, 500, 3));
        Run(overlay, buyer, new BidOperation(Collection, 5, Amount.Coins(1)));
        Run(overlay, seller, new StartAuctionOperation(Collection, 7, Amount.Coins(1), 100, 500, 3)); // no bid: can be cancelled
        using var batch = store.CreateBatch();
        foreach (var (k, v) in overlay.Changes()) { if (v is null) batch.Delete(LedgerColumns.State, k); else batch.Put(LedgerColumns.State, k, v); }
        store.Write(batch);
        _state = new StoreStateReader(store);

        _ops["list"] = (new ListOperation(Collection, 1, ListingTerms.Fixed(Amount.Coins(3), 500)), seller);
        _ops["delist"] = (new DelistOperation(Collection, 2), seller);
        _ops["buy"] = (new BuyOperation(Collection, 2, Amount.Coins(5)), buyer);
        _ops["buy-dutch"] = (new BuyOperation(Collection, 3, Amount.Coins(9)), buyer);
        _ops["offer"] = (new MakeOfferOperation(OfferTarget.ForCollection(Collection), Amount.Coins(1), 10, 400), bidder);
        _ops["accept-offer"] = (new AcceptOfferOperation(1, 4), seller);
        _ops["cancel-offer"] = (new CancelOfferOperation(1), buyer);
        _ops["auction"] = (new StartAuctionOperation(Collection, 6, Amount.Coins(1), 100, 500, 3), seller);
        _ops["bid"] = (new BidOperation(Collection, 5, Amount.Coins(2)), bidder);
        _ops["cancel-auction"] = (new CancelAuctionOperation(Collection, 7), seller);
        var (op, sender) = _ops[Operation];
        _context = new OperationContext(null!, sender, _params, 20, 1_795_000_100, Hash256.Zero);
        _tx = Transaction.CreateSigned(_params.ChainId, new byte[31].Append((byte)1).ToArray(), 0, new Amount(1000), 0, [op]);
    }

    private void Run(StateOverlay overlay, AccountId sender, Operation op) =>
        OperationRegistry.Default.For(op).Apply(op, new OperationContext(overlay, sender, _params, 10, 1_795_000_000, Hash256.Zero));

    [Benchmark(Description = "validate + apply one market operation")]
    public int Validate()
    {
        var (op, _) = _ops[Operation];
        var handler = OperationRegistry.Default.For(op);
        handler.CheckStateless(op, _tx, _params);
        var overlay = new StateOverlay(_state);
        handler.Apply(op, _context with { State = overlay });
        return overlay.Changes().Count;
    }
}
