using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

public class TokenBurnTests
{
    private readonly NftSandbox _s = new();

    public TokenBurnTests()
    {
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Mint("art", 2), Mint("art", 2), Mint("art", 2));
    }

    [Fact]
    public void TheOwnerBurnsAndTheSupplyDrops()
    {
        _s.Apply(2, new BurnTokenOperation("art", 2));
        Assert.Null(_s.Token("art", 2));
        Assert.Null(_s.State.Get(NftKeys.Holding(TestKeys.Id(2), "art", 2)));
        var c = _s.Collection("art");
        Assert.Equal((3UL, 1UL, 2UL), (c.Minted, c.Burned, c.Supply));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, new BurnTokenOperation("art", 2)));
    }

    [Fact]
    public void AnOperatorBurnsButASpenderOrStrangerCannot()
    {
        _s.Apply(2, new ApproveOperation("art", 1, TestKeys.Id(4)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, new BurnTokenOperation("art", 1)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(3, new BurnTokenOperation("art", 1)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(1, new BurnTokenOperation("art", 1))); // nor the creator
        _s.Apply(2, new SetOperatorOperation("art", TestKeys.Id(5), true));
        _s.Apply(5, new BurnTokenOperation("art", 1));
        Assert.Null(_s.Token("art", 1));
        Assert.Equal(1UL, _s.Collection("art").Burned);
    }

    [Fact]
    public void ABurntTokenCanNeitherMoveNorBeApproved()
    {
        _s.Apply(2, new BurnTokenOperation("art", 3));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, new TransferTokenOperation("art", 3, TestKeys.Id(6))));
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, new ApproveOperation("art", 3, TestKeys.Id(6))));
    }

    [Fact]
    public void NewMintsNeverReuseABurntId()
    {
        _s.Apply(2, new BurnTokenOperation("art", 3));
        _s.Apply(1, Mint("art", 6));
        Assert.Null(_s.Token("art", 3));
        Assert.Equal(TestKeys.Id(6), _s.Owner("art", 4));
    }
}
