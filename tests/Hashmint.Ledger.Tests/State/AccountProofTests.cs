using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.State;

public class AccountProofTests
{
    [Fact]
    public void AccountInclusionProofsVerifyOnlyForTheTrueValue()
    {
        using var node = new TestNode();
        node.MineMany(3, 1);
        node.Mine(2, TestKeys.Transfer(1, 3, 5_000_000, nonce: 0));
        node.Mine(1); // key 2's payout matures
        var root = node.Tip.StateRoot;

        foreach (int key in new[] { 1, 2, 3 })
        {
            var stateKey = StateKeys.Account(TestKeys.Id(key));
            var value = node.Chain.TipState.Get(stateKey);
            Assert.NotNull(value);
            var proof = node.Chain.Commitment.Prove(root, stateKey);
            Assert.True(StateProofs.Verify(root, stateKey, value, proof));

            var wrong = new AccountState(AccountState.Decode(value).Balance + new Amount(1), AccountState.Decode(value).Nonce).Encode();
            Assert.False(StateProofs.Verify(root, stateKey, wrong, proof));
            Assert.False(StateProofs.Verify(root, stateKey, null, proof));
            Assert.False(StateProofs.Verify(root, StateKeys.Account(TestKeys.Id(key + 10)), value, proof));
            // The proof binds the root too.
            var otherRoot = node.Chain.MainChainAt(2)!.StateRoot;
            Assert.False(StateProofs.Verify(otherRoot, stateKey, value, proof));
            // Survives its wire form.
            Assert.True(StateProofs.Verify(root, stateKey, value, Hashmint.Storage.SmtProof.FromBytes(proof.ToBytes())));
        }
    }

    [Fact]
    public void UnknownAccountHasANonInclusionProof()
    {
        using var node = new TestNode();
        node.MineMany(3, 1);
        var root = node.Tip.StateRoot;
        var stranger = StateKeys.Account(TestKeys.Id(77));
        Assert.Null(node.Chain.TipState.Get(stranger));
        var proof = node.Chain.Commitment.Prove(root, stranger);
        Assert.True(StateProofs.Verify(root, stranger, null, proof));
        Assert.False(StateProofs.Verify(root, stranger, new AccountState(new Amount(1), 0).Encode(), proof));
    }

    [Fact]
    public void ProofsAgainstAnOlderRootShowTheOlderValue()
    {
        using var node = new TestNode();
        node.MineMany(2, 1);
        var key = StateKeys.Account(TestKeys.Id(1));
        var oldRoot = node.Tip.StateRoot;
        var oldValue = node.Chain.TipState.Get(key);
        node.MineMany(2, 1);
        var newValue = node.Chain.TipState.Get(key);
        Assert.NotEqual(oldValue, newValue);

        var oldProof = node.Chain.Commitment.Prove(oldRoot, key);
        Assert.True(StateProofs.Verify(oldRoot, key, oldValue, oldProof));
        Assert.False(StateProofs.Verify(oldRoot, key, newValue, oldProof));
        Assert.True(StateProofs.Verify(node.Tip.StateRoot, key, newValue, node.Chain.Commitment.Prove(node.Tip.StateRoot, key)));
    }

    [Fact]
    public void TheEmptyGenesisStateProvesEveryAccountAbsent()
    {
        using var node = new TestNode();
        var key = StateKeys.Account(TestKeys.Id(1));
        var proof = node.Chain.Commitment.Prove(node.Tip.StateRoot, key);
        Assert.True(StateProofs.Verify(node.Tip.StateRoot, key, null, proof));
    }
}
