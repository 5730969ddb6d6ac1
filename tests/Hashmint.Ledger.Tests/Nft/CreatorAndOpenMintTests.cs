using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

public class CreatorAndOpenMintTests
{
    private readonly NftSandbox _s = new();

    [Fact]
    public void OnlyTheCreatorMintsACreatorCollection()
    {
        _s.Apply(1, Create(Art()));
        Assert.Equal(NftRejectCodes.NotCreator, _s.Reject(2, Mint("art", 2)));
        _s.Apply(1, Mint("art", 3));
        var token = _s.Token("art", 1)!;
        Assert.Equal(TestKeys.Id(3), token.Owner);
        Assert.Equal(TokenOrigin.CreatorMint, token.Origin);
        Assert.Equal(_s.Height, token.MintedHeight);
        Assert.Equal(1UL, _s.Collection("art").Minted);
    }

    [Fact]
    public void TokenIdsCountUpFromOne()
    {
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Mint("art", 3), Mint("art", 4));
        _s.Apply(1, Mint("art", 5));
        Assert.Null(_s.Token("art", 0));
        Assert.Equal([TestKeys.Id(3), TestKeys.Id(4), TestKeys.Id(5)], new ulong[] { 1, 2, 3 }.Select(i => _s.Owner("art", i)));
        Assert.Null(_s.Token("art", 4));
    }

    [Fact]
    public void EveryHandMintedTokenGetsItsOwnSeed()
    {
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Mint("art", 3), Mint("art", 3));
        _s.Apply(1, Mint("art", 3));
        var seeds = new ulong[] { 1, 2, 3 }.Select(i => _s.Token("art", i)!.Seed).ToList();
        Assert.Equal(3, seeds.Distinct().Count());
        Assert.DoesNotContain(Hash256.Zero, seeds);
    }

    [Fact]
    public void AnOpenMintPaysThePriceToTheCreatorExactly()
    {
        _s.Apply(1, Create(Open(price: 250_000)));
        ulong creator = _s.Balance(1), buyer = _s.Balance(2);
        _s.Apply(2, Mint("open", 2));
        Assert.Equal(creator + 250_000, _s.Balance(1));
        Assert.Equal(buyer - 250_000 - NftTx.Fee, _s.Balance(2));
        Assert.Equal(TestKeys.Id(2), _s.Owner("open", 1));
        Assert.Equal(TokenOrigin.OpenMint, _s.Token("open", 1)!.Origin);

        // Minting to someone else: the sender pays, the recipient owns.
        _s.Apply(2, Mint("open", 7));
        Assert.Equal(creator + 500_000, _s.Balance(1));
        Assert.Equal(buyer - 500_000 - 2 * NftTx.Fee, _s.Balance(2));
        Assert.Equal(NftSandbox.StartBalance, _s.Balance(7));
        Assert.Equal(TestKeys.Id(7), _s.Owner("open", 2));
    }

    [Fact]
    public void TheCreatorMintsItsOwnOpenCollectionForFree()
    {
        _s.Apply(1, Create(Open(price: 250_000)));
        ulong before = _s.Balance(1);
        _s.Apply(1, Mint("open", 1));
        Assert.Equal(before - NftTx.Fee, _s.Balance(1));
    }

    [Fact]
    public void AnOpenMintTheSenderCannotPayIsRefused()
    {
        var s = new NftSandbox(1);
        s.State.SetAccount(TestKeys.Id(2), new AccountState(new Amount(NftTx.Fee + 249_999), 0));
        s.Apply(1, Create(Open(price: 250_000)));
        Assert.Equal(RejectCodes.InsufficientFunds, s.Reject(2, Mint("open", 2)));
        Assert.Equal(0UL, s.Collection("open").Minted);

        s.State.SetAccount(TestKeys.Id(2), new AccountState(new Amount(NftTx.Fee + 250_000), 0));
        ulong creator = s.Balance(1);
        s.Apply(2, Mint("open", 2));
        Assert.Equal(0UL, s.Balance(2));
        Assert.Equal(creator + 250_000, s.Balance(1));
    }

    [Fact]
    public void MaxSupplyHoldsAcrossTransactions()
    {
        _s.Apply(1, Create(Open(price: 1, maxSupply: 3)));
        _s.Apply(2, Mint("open", 2), Mint("open", 2));
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(3, Mint("open", 3), Mint("open", 3)));
        _s.Apply(3, Mint("open", 3));
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(4, Mint("open", 4)));
        Assert.Equal(3UL, _s.Collection("open").Minted);
    }

    [Fact]
    public void BurningDoesNotFreeSupply()
    {
        _s.Apply(1, Create(Art(maxSupply: 1)));
        _s.Apply(1, Mint("art", 1));
        _s.Apply(1, new Hashmint.Ledger.Operations.BurnTokenOperation("art", 1));
        Assert.Equal(0UL, _s.Collection("art").Supply);
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(1, Mint("art", 1)));
    }

    [Fact]
    public void MintsNeedAnExistingHandMintedCollectionAndAnOwner()
    {
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(1, Mint("nothing", 1)));
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Create(Pow()));
        Assert.Equal(NftRejectCodes.WrongMintPolicy, _s.Reject(1, Mint("mined", 1)));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(1, MintTo("art", AccountId.None)));
        Assert.Equal(NftRejectCodes.BadParcel, _s.Reject(1, Mint("art", 1, parcel: (0, 0))));
    }

    [Fact]
    public void AFailingMintRevertsTheWholeTransaction()
    {
        _s.Apply(1, Create(Open(price: 1_000, maxSupply: 1)));
        ulong creator = _s.Balance(1);
        // The first mint would pay and succeed; the second is sold out; nothing of either remains.
        Assert.Equal(NftRejectCodes.SoldOut, _s.Reject(2, Mint("open", 2), Mint("open", 2)));
        Assert.Equal(creator, _s.Balance(1));
        Assert.Null(_s.Token("open", 1));
    }
}
