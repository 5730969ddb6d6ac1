namespace Hashmint.Storage.Tests;

public sealed class SmtProofTests : IDisposable
{
    private readonly TreeHarness _harness = new();
    private readonly Dictionary<byte[], byte[]> _values;
    private readonly byte[] _root;

    public SmtProofTests()
    {
        var random = new Random(61);
        _values = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 200).Concat(TestData.ClusteredKeys(random, 20)));
        _root = _harness.Insert(SparseMerkleTree.EmptyRoot, _values);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void InclusionProofsVerifyForEveryKey()
    {
        foreach (var (key, value) in _values)
        {
            var proof = _harness.Tree.GetProof(_root, key);
            Assert.Equal(new SmtLeaf(key, value), proof.Leaf);
            Assert.True(SparseMerkleTree.VerifyProof(_root, key, value, proof));
        }
    }

    [Fact]
    public void InclusionProofsFailForAWrongValueRootOrClaim()
    {
        var (key, value) = _values.First();
        var proof = _harness.Tree.GetProof(_root, key);
        var wrongValue = (byte[])value.Clone();
        wrongValue[0] ^= 1;
        var wrongRoot = (byte[])_root.Clone();
        wrongRoot[31] ^= 1;

        Assert.False(SparseMerkleTree.VerifyProof(_root, key, wrongValue, proof));
        Assert.False(SparseMerkleTree.VerifyProof(wrongRoot, key, value, proof));
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, ReadOnlySpan<byte>.Empty, proof));
        // Another key cannot borrow this proof.
        var otherKey = _values.Keys.Skip(1).First();
        Assert.False(SparseMerkleTree.VerifyProof(_root, otherKey, value, proof));
    }

    [Fact]
    public void NonInclusionProofsVerifyForAbsentKeysAndCoverBothEndings()
    {
        var random = new Random(62);
        var sawEmpty = false;
        var sawOtherLeaf = false;
        var absent = TestData.DistinctKeys(random, 300).Concat(TestData.ClusteredKeys(new Random(61), 300)).Where(k => !_values.ContainsKey(k));
        foreach (var key in absent)
        {
            var proof = _harness.Tree.GetProof(_root, key);
            sawEmpty |= proof.Leaf is null;
            sawOtherLeaf |= proof.Leaf is not null;
            Assert.True(SparseMerkleTree.VerifyProof(_root, key, ReadOnlySpan<byte>.Empty, proof));
            Assert.False(SparseMerkleTree.VerifyProof(_root, key, TestData.Hash(3), proof));
            if (proof.Leaf is { } leaf) Assert.False(SparseMerkleTree.VerifyProof(_root, key, leaf.ValueHash, proof));
        }
        Assert.True(sawEmpty, "no absence proof ended in an empty subtree");
        Assert.True(sawOtherLeaf, "no absence proof ended in another key's leaf");
    }

    [Fact]
    public void AnyTamperedSiblingOrLeafFails()
    {
        var (key, value) = _values.Last();
        var proof = _harness.Tree.GetProof(_root, key);
        Assert.True(proof.Depth > 0);
        for (var i = 0; i < proof.Depth; i++)
        {
            var siblings = proof.Siblings.Select(s => (byte[])s.Clone()).ToArray();
            siblings[i][i % 32] ^= 0x40;
            Assert.False(SparseMerkleTree.VerifyProof(_root, key, value, new SmtProof(siblings, proof.Leaf)), $"tampered sibling {i} verified");
        }

        var tamperedValue = (byte[])value.Clone();
        tamperedValue[5] ^= 1;
        var forged = new SmtProof(proof.Siblings, new SmtLeaf(key, tamperedValue));
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, tamperedValue, forged));

        Assert.False(SparseMerkleTree.VerifyProof(_root, key, value, new SmtProof(proof.Siblings.Take(proof.Depth - 1).ToArray(), proof.Leaf)));
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, value, new SmtProof([.. proof.Siblings, TestData.Hash(8)], proof.Leaf)));
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, value, new SmtProof(proof.Siblings, leaf: null)));
    }

    [Fact]
    public void AnAbsenceProofCannotBeForgedForAPresentKey()
    {
        var (key, _) = _values.First();
        var real = _harness.Tree.GetProof(_root, key);
        // Claim the path ends in an empty subtree, or at some other key's leaf.
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, ReadOnlySpan<byte>.Empty, new SmtProof(real.Siblings, leaf: null)));
        var otherKey = (byte[])key.Clone();
        otherKey[31] ^= 1;
        Assert.False(SparseMerkleTree.VerifyProof(_root, key, ReadOnlySpan<byte>.Empty, new SmtProof(real.Siblings, new SmtLeaf(otherKey, real.Leaf!.ValueHash))));
    }

    [Fact]
    public void EmptyAndSingleLeafTreesProveAbsenceAndPresence()
    {
        var key = TestData.Hash(0x42);
        var emptyProof = _harness.Tree.GetProof(SparseMerkleTree.EmptyRoot, key);
        Assert.Equal(0, emptyProof.Depth);
        Assert.Null(emptyProof.Leaf);
        Assert.True(SparseMerkleTree.VerifyProof(SparseMerkleTree.EmptyRoot, key, ReadOnlySpan<byte>.Empty, emptyProof));

        var value = TestData.Hash(0x01);
        var root = _harness.Apply(SparseMerkleTree.EmptyRoot, [(key, value)]);
        var inclusion = _harness.Tree.GetProof(root, key);
        Assert.Equal(0, inclusion.Depth);
        Assert.True(SparseMerkleTree.VerifyProof(root, key, value, inclusion));

        var absentKey = TestData.Hash(0x43);
        var absence = _harness.Tree.GetProof(root, absentKey);
        Assert.Equal(new SmtLeaf(key, value), absence.Leaf);
        Assert.True(SparseMerkleTree.VerifyProof(root, absentKey, ReadOnlySpan<byte>.Empty, absence));
    }

    [Fact]
    public void AProofUnderAnOldRootVerifiesAgainstThatRootOnly()
    {
        var (key, value) = _values.First();
        var newRoot = _harness.Apply(_root, [(key, TestData.Hash(0x77))]);
        var oldProof = _harness.Tree.GetProof(_root, key);
        Assert.True(SparseMerkleTree.VerifyProof(_root, key, value, oldProof));
        Assert.False(SparseMerkleTree.VerifyProof(newRoot, key, value, oldProof));
        Assert.True(SparseMerkleTree.VerifyProof(newRoot, key, TestData.Hash(0x77), _harness.Tree.GetProof(newRoot, key)));
    }

    [Fact]
    public void VerifyRejectsWrongLengthArguments()
    {
        var proof = new SmtProof([], leaf: null);
        Assert.Throws<ArgumentException>(() => SparseMerkleTree.VerifyProof(new byte[31], new byte[32], ReadOnlySpan<byte>.Empty, proof));
        Assert.Throws<ArgumentException>(() => SparseMerkleTree.VerifyProof(new byte[32], new byte[33], ReadOnlySpan<byte>.Empty, proof));
        Assert.Throws<ArgumentException>(() => SparseMerkleTree.VerifyProof(new byte[32], new byte[32], new byte[5], proof));
    }
}
