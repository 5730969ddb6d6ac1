using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Nft.Support;
using static Hashmint.Ledger.Tests.Market.MarketSupport;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Market;

/// <summary>Offers on one token, on any token of a collection, and on a trait: escrow, acceptance, cancel, expiry, and every refusal.</summary>
public class OfferTests
{
    // Key 1 creates "art" (10 % royalty to key 8) and mints #1..#3 to key 2: #1 and #2 have colour=red, #3 colour=blue.
    // Key 3 makes offers; 4 is a stranger; 5 will be 2's operator, 6 its approved spender.
    private readonly NftSandbox _s = new();

    public OfferTests()
    {
        _s.Apply(1, Create(WithRoyalty(Art(), 1000, (8, 1000))));
        _s.Apply(1, Painted(2, "red"), Painted(2, "red"), Painted(2, "blue"));
    }

    private static MintOperation Painted(int to, string colour) => new("art", Id(to), TokenContent.None, [new("colour", colour)], null, null);

    private static MakeOfferOperation OfferFor(OfferTarget target, ulong price, uint quantity = 1, uint expiry = 0) => new(target, new Amount(price), quantity, expiry);

    private ulong LastOfferId => _s.State.Get(MarketKeys.LastOfferId) is { } b ? BitConverter.ToUInt64(b) : 0;
    private ulong Escrow => _s.State.GetEscrow().Units;

    [Fact]
    public void ATokenOfferEscrowsItsPriceAndTheOwnerSellsIntoIt()
    {
        ulong buyer = _s.Balance(3);
        _s.Apply(3, OfferFor(OfferTarget.ForToken("art", 1), 40_000));
        Assert.Equal(buyer - 40_000 - NftTx.Fee, _s.Balance(3));
        Assert.Equal(40_000UL, Escrow);
        ulong id = LastOfferId;
        Assert.Equal(1UL, id);
        Assert.NotNull(_s.State.Get(MarketKeys.OfferOfToken("art", 1, id)));

        _s.Apply(2, ListFixed("art", 1, 99_000)); // a listing, ended by the sale below
        ulong seller = _s.Balance(2), royalty = _s.Balance(8);
        _s.Apply(2, new AcceptOfferOperation(id, 1));
        Assert.Equal(Id(3), _s.Owner("art", 1));
        Assert.Equal(seller + 36_000 - NftTx.Fee, _s.Balance(2));
        Assert.Equal(royalty + 4_000, _s.Balance(8));
        Assert.Equal(0UL, Escrow);
        Assert.Null(_s.State.GetOffer(id));
        Assert.Null(_s.Listing("art", 1));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.OffersOfTokenKind));
        Assert.Equal(SaleVia.Offer, SaleRecord.Decode(_s.State.Get(MarketKeys.Sale("art", 1, 1))!).Via);
    }

    [Fact]
    public void ACollectionOfferFillsOneTokenPerAcceptanceUpToItsQuantity()
    {
        _s.Apply(3, OfferFor(OfferTarget.ForCollection("art"), 10_000, quantity: 2));
        ulong id = LastOfferId;
        Assert.Equal(20_000UL, Escrow);
        _s.Apply(2, new AcceptOfferOperation(id, 3));
        Assert.Equal(1u, _s.State.GetOffer(id)!.Remaining);
        Assert.Equal(10_000UL, Escrow);
        _s.Apply(2, new AcceptOfferOperation(id, 1));
        Assert.Null(_s.State.GetOffer(id));
        Assert.Equal(0UL, Escrow);
        Assert.Equal(MarketRejectCodes.UnknownOffer, _s.Reject(2, new AcceptOfferOperation(id, 2)));
        Assert.Equal((Id(3), Id(3), Id(2)), (_s.Owner("art", 1), _s.Owner("art", 3), _s.Owner("art", 2)));
    }

    [Fact]
    public void ATraitOfferTakesOnlyTokensWithTheTrait()
    {
        _s.Apply(3, OfferFor(OfferTarget.ForTrait("art", "attr:colour", "blue"), 5_000, quantity: 3));
        ulong id = LastOfferId;
        Assert.Equal(MarketRejectCodes.OfferMismatch, _s.Reject(2, new AcceptOfferOperation(id, 1)));
        _s.Apply(2, new AcceptOfferOperation(id, 3));
        Assert.Equal(Id(3), _s.Owner("art", 3));

        _s.Apply(4, OfferFor(OfferTarget.ForTrait("art", "rarity", "common"), 5_000));
        _s.Apply(2, new AcceptOfferOperation(LastOfferId, 2)); // hand-minted tokens have rarity 0: common
        _s.Apply(4, OfferFor(OfferTarget.ForTrait("art", "rarity", "rare"), 5_000));
        Assert.Equal(MarketRejectCodes.OfferMismatch, _s.Reject(2, new AcceptOfferOperation(LastOfferId, 1)));
    }

    [Fact]
    public void LootTraitsAreRolledFromTheSeed()
    {
        var loot = new LootTable([new LootItem("sword", 1, [new StatRange("power", 7, 7)])]);
        var def = new CollectionDefinition("game", "Game", "GAME", CollectionKind.GameItem, 10, 0, [], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, loot, null);
        _s.Apply(1, Create(def), Mint("game", 2));
        _s.Apply(3, OfferFor(OfferTarget.ForTrait("game", "loot:power", "8"), 100));
        Assert.Equal(MarketRejectCodes.OfferMismatch, _s.Reject(2, new AcceptOfferOperation(LastOfferId, 1)));
        _s.Apply(3, OfferFor(OfferTarget.ForTrait("game", "loot:item", "sword"), 100), OfferFor(OfferTarget.ForTrait("game", "loot:power", "7"), 100));
        _s.Apply(2, new AcceptOfferOperation(LastOfferId, 1));
        Assert.Equal(Id(3), _s.Owner("game", 1));
    }

    [Fact]
    public void AnApprovedSpenderOrAnOperatorAcceptsAndTheOwnerIsPaid()
    {
        _s.Apply(3, OfferFor(OfferTarget.ForCollection("art"), 10_000, quantity: 2));
        ulong id = LastOfferId;
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, new AcceptOfferOperation(id, 1)));
        _s.Apply(2, new ApproveOperation("art", 1, Id(6)), new SetOperatorOperation("art", Id(5), true));
        ulong owner = _s.Balance(2), spender = _s.Balance(6);
        _s.Apply(6, new AcceptOfferOperation(id, 1));
        _s.Apply(5, new AcceptOfferOperation(id, 2));
        Assert.Equal(owner + 18_000, _s.Balance(2));
        Assert.Equal(spender - NftTx.Fee, _s.Balance(6));
        Assert.True(_s.Token("art", 1)!.Approved.IsNone);
    }

    [Fact]
    public void CancellingOrExpiryReturnsTheEscrow()
    {
        ulong start = _s.Balance(3);
        _s.Apply(3, OfferFor(OfferTarget.ForCollection("art"), 1_000, quantity: 5));
        ulong cancelled = LastOfferId;
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, new CancelOfferOperation(cancelled)));
        _s.Apply(3, new CancelOfferOperation(cancelled));
        Assert.Equal(start - 2 * NftTx.Fee, _s.Balance(3));
        Assert.Equal(MarketRejectCodes.UnknownOffer, _s.Reject(3, new CancelOfferOperation(cancelled)));

        _s.Apply(3, OfferFor(OfferTarget.ForCollection("art"), 1_000, quantity: 2, expiry: _s.Height + 1));
        ulong expiring = LastOfferId;
        _s.Apply(2, new AcceptOfferOperation(expiring, 1));
        _s.EndBlock();
        Assert.NotNull(_s.State.GetOffer(expiring));
        _s.EndBlock(); // its last block: the one remaining token's escrow goes back
        Assert.Null(_s.State.GetOffer(expiring));
        Assert.Equal(0UL, Escrow);
        Assert.Equal(start - 3 * NftTx.Fee - 1_000, _s.Balance(3));
        Assert.Equal(MarketRejectCodes.UnknownOffer, _s.Reject(2, new AcceptOfferOperation(expiring, 2)));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.OffersOfBuyerKind));
        Assert.Empty(_s.WrittenKeys(MarketKeys.Prefix, MarketKeys.OffersOfCollectionKind));
    }

    [Fact]
    public void EveryOfferRefusalLeavesTheStateAsItWas()
    {
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), 0)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), 10, quantity: 0)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), 10, quantity: 1001)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForToken("art", 1), 10, quantity: 2)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), ulong.MaxValue / 2, quantity: 3)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForTrait("art", "colour", "red"), 10)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForTrait("art", "attr:colour", ""), 10)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(new OfferTarget(OfferKind.Collection, "art", 5, "", ""), 10)));
        Assert.Equal(MarketRejectCodes.BadOffer, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), 10, expiry: _s.Height)));
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(3, OfferFor(OfferTarget.ForCollection("nope"), 10)));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(3, OfferFor(OfferTarget.ForToken("art", 9), 10)));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, OfferFor(OfferTarget.ForToken("art", 1), 10)));
        Assert.Equal(RejectCodes.InsufficientFunds, _s.Reject(3, OfferFor(OfferTarget.ForCollection("art"), NftSandbox.StartBalance, quantity: 2)));

        _s.Apply(3, OfferFor(OfferTarget.ForToken("art", 1), 10), OfferFor(OfferTarget.ForCollection("art"), 10));
        ulong tokenOffer = LastOfferId - 1, collectionOffer = LastOfferId;
        Assert.Equal(MarketRejectCodes.UnknownOffer, _s.Reject(2, new AcceptOfferOperation(99, 1)));
        Assert.Equal(MarketRejectCodes.OfferMismatch, _s.Reject(2, new AcceptOfferOperation(tokenOffer, 2)));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, new AcceptOfferOperation(collectionOffer, 9)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, new AcceptOfferOperation(collectionOffer, 1)));
        _s.Apply(2, new TransferTokenOperation("art", 2, Id(3)));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(3, new AcceptOfferOperation(collectionOffer, 2))); // the buyer's own token
        Assert.Equal(MarketRejectCodes.UnknownOffer, _s.Reject(3, new CancelOfferOperation(99)));
    }
}
