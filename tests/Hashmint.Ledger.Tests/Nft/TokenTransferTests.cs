using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>Who may move a token: its owner, its approved spender, or an operator of the owner in that collection.</summary>
public class TokenTransferTests
{
    // Key 1 creates; key 2 owns token art#1; 3 is a stranger; 4 a spender; 5 an operator; 6 and 7 receive.
    private readonly NftSandbox _s = new();

    public TokenTransferTests()
    {
        _s.Apply(1, Create(Art()));
        _s.Apply(1, Mint("art", 2), Mint("art", 2));
    }

    private static TransferTokenOperation Move(ulong id, int to) => new("art", id, TestKeys.Id(to));

    [Fact]
    public void TheOwnerMovesItsTokenAndAStrangerCannot()
    {
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(3, Move(1, 3)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(1, Move(1, 1))); // not even the creator
        _s.Apply(2, Move(1, 6));
        Assert.Equal(TestKeys.Id(6), _s.Owner("art", 1));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(2, Move(1, 2))); // the old owner no longer can
        _s.Apply(6, Move(1, 2));
        Assert.Equal(TestKeys.Id(2), _s.Owner("art", 1));
    }

    [Fact]
    public void TheRestOfTheTokenIsUnchangedByATransfer()
    {
        var before = _s.Token("art", 1)!;
        _s.Apply(2, Move(1, 6));
        Assert.Equal((before with { Owner = TestKeys.Id(6) }).Encode(), _s.Token("art", 1)!.Encode());
    }

    [Fact]
    public void AnApprovedSpenderMovesOnceAndTheApprovalEndsWithTheMove()
    {
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, Move(1, 6)));
        _s.Apply(2, new ApproveOperation("art", 1, TestKeys.Id(4)));
        Assert.Equal(TestKeys.Id(4), _s.Token("art", 1)!.Approved);
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, Move(2, 6))); // approval is per token
        _s.Apply(4, Move(1, 6));
        Assert.Equal(TestKeys.Id(6), _s.Owner("art", 1));
        Assert.True(_s.Token("art", 1)!.Approved.IsNone);
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, Move(1, 7)));
    }

    [Fact]
    public void TheOwnerTransferringClearsAPendingApproval()
    {
        _s.Apply(2, new ApproveOperation("art", 1, TestKeys.Id(4)));
        _s.Apply(2, Move(1, 6));
        Assert.True(_s.Token("art", 1)!.Approved.IsNone);
        _s.Apply(6, Move(1, 2)); // back to the approver: the old approval does not revive
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, Move(1, 7)));
    }

    [Fact]
    public void ApprovalsCanBeClearedAndOnlyTheOwnerOrOperatorGrantsThem()
    {
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(3, new ApproveOperation("art", 1, TestKeys.Id(3))));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, new ApproveOperation("art", 1, TestKeys.Id(2))));
        _s.Apply(2, new ApproveOperation("art", 1, TestKeys.Id(4)));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, new ApproveOperation("art", 1, TestKeys.Id(3)))); // a spender cannot delegate
        _s.Apply(2, new ApproveOperation("art", 1, AccountId.None));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(4, Move(1, 6)));

        _s.Apply(2, new SetOperatorOperation("art", TestKeys.Id(5), true));
        _s.Apply(5, new ApproveOperation("art", 1, TestKeys.Id(4)));
        _s.Apply(4, Move(1, 6));
        Assert.Equal(TestKeys.Id(6), _s.Owner("art", 1));
    }

    [Fact]
    public void AnOperatorMovesEveryTokenOfTheOwnerInThatCollectionUntilRevoked()
    {
        _s.Apply(1, Create(Art("other")));
        _s.Apply(1, Mint("other", 2));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, Move(1, 6)));
        _s.Apply(2, new SetOperatorOperation("art", TestKeys.Id(5), true));
        Assert.True(_s.State.IsOperator("art", TestKeys.Id(2), TestKeys.Id(5)));
        _s.Apply(5, Move(1, 6), Move(2, 7));
        Assert.Equal([TestKeys.Id(6), TestKeys.Id(7)], new[] { _s.Owner("art", 1), _s.Owner("art", 2) });
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, new TransferTokenOperation("other", 1, TestKeys.Id(6)))); // per collection
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, Move(1, 2))); // tokens that left the owner are out of reach

        _s.Apply(7, Move(2, 2));
        _s.Apply(2, new SetOperatorOperation("art", TestKeys.Id(5), false));
        Assert.False(_s.State.IsOperator("art", TestKeys.Id(2), TestKeys.Id(5)));
        Assert.Null(_s.State.Get(NftKeys.Operator("art", TestKeys.Id(2), TestKeys.Id(5))));
        Assert.Equal(NftRejectCodes.NotAuthorized, _s.Reject(5, Move(2, 6)));
    }

    [Fact]
    public void OperatorsMustBeAnotherAccountInAnExistingCollection()
    {
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, new SetOperatorOperation("art", TestKeys.Id(2), true)));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, new SetOperatorOperation("art", AccountId.None, true)));
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(2, new SetOperatorOperation("nowhere", TestKeys.Id(5), true)));
    }

    [Fact]
    public void MarketOnlyTokensCannotBeTransferredDirectly()
    {
        _s.Apply(1, Create(Art("gallery", transfer: TransferPolicy.MarketOnly)));
        _s.Apply(1, Mint("gallery", 2));
        _s.Apply(2, new SetOperatorOperation("gallery", TestKeys.Id(5), true));
        Assert.Equal(NftRejectCodes.MarketOnly, _s.Reject(2, new TransferTokenOperation("gallery", 1, TestKeys.Id(6))));
        Assert.Equal(NftRejectCodes.MarketOnly, _s.Reject(5, new TransferTokenOperation("gallery", 1, TestKeys.Id(6))));
        Assert.Equal(TestKeys.Id(2), _s.Owner("gallery", 1));
        _s.Apply(2, new BurnTokenOperation("gallery", 1)); // the owner may still destroy it
    }

    [Fact]
    public void TransfersNeedARealTokenAndANewOwner()
    {
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, Move(3, 6)));
        Assert.Equal(NftRejectCodes.UnknownCollection, _s.Reject(2, new TransferTokenOperation("nowhere", 1, TestKeys.Id(6))));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, new TransferTokenOperation("art", 1, AccountId.None)));
        Assert.Equal(NftRejectCodes.BadRecipient, _s.Reject(2, Move(1, 2)));
    }

    [Fact]
    public void ATransactionThatMovesATokenAndThenFailsLeavesItWhereItWas()
    {
        Assert.Equal(NftRejectCodes.UnknownToken, _s.Reject(2, Move(1, 6), Move(9, 6)));
        Assert.Equal(TestKeys.Id(2), _s.Owner("art", 1));
    }
}
