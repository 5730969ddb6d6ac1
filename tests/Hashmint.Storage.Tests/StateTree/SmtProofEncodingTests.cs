namespace Hashmint.Storage.Tests;

public class SmtProofEncodingTests
{
    [Fact]
    public void RoundTripsRealProofs()
    {
        var random = new Random(71);
        using var harness = new TreeHarness();
        var values = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 100).Concat(TestData.ClusteredKeys(random, 10)));
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, values);
        foreach (var key in values.Keys.Concat(TestData.DistinctKeys(random, 50)))
        {
            var proof = harness.Tree.GetProof(root, key);
            var bytes = proof.ToBytes();
            var decoded = SmtProof.FromBytes(bytes);
            Assert.Equal(proof, decoded);
            Assert.Equal(bytes, decoded.ToBytes());
        }
    }

    [Fact]
    public void EncodesTheDocumentedLayout()
    {
        var sibling = TestData.Hash(0xAA);
        var leaf = new SmtLeaf(TestData.Hash(0x01), TestData.Hash(0x02));
        var bytes = new SmtProof([sibling, sibling], leaf).ToBytes();
        Assert.Equal([0x01, 0x00, 0x02], bytes[..3]);
        Assert.Equal(3 + 2 * 32 + 64, bytes.Length);
        Assert.Equal(sibling, bytes[3..35]);
        Assert.Equal(leaf.Key, bytes[67..99]);
        Assert.Equal(leaf.ValueHash, bytes[99..]);

        Assert.Equal([0x00, 0x00, 0x00], new SmtProof([], leaf: null).ToBytes());
    }

    [Fact]
    public void RoundTripsTheDeepestProof()
    {
        var siblings = Enumerable.Range(0, SmtProof.MaxDepth).Select(i => TestData.Hash((byte)(i + 1))).ToArray();
        var proof = new SmtProof(siblings, new SmtLeaf(TestData.Hash(3), TestData.Hash(4)));
        Assert.Equal(proof, SmtProof.FromBytes(proof.ToBytes()));
    }

    [Theory]
    [InlineData("", "shorter than")]
    [InlineData("0100", "shorter than")]
    [InlineData("020000", "unknown terminal kind 2")]
    [InlineData("ff0000", "unknown terminal kind 255")]
    [InlineData("000101", "exceeds the maximum")]
    [InlineData("00ffff", "exceeds the maximum")]
    [InlineData("000001", "truncated")]
    [InlineData("010000", "truncated")]
    [InlineData("00000000", "1 trailing bytes")]
    public void RejectsMalformedBytes(string hex, string reason)
    {
        var error = Assert.Throws<SmtProofFormatException>(() => SmtProof.FromBytes(Convert.FromHexString(hex)));
        Assert.Contains(reason, error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void RejectsTruncatedAndExtendedRealProofs()
    {
        var proof = new SmtProof([TestData.Hash(1), TestData.Hash(2)], new SmtLeaf(TestData.Hash(3), TestData.Hash(4)));
        var bytes = proof.ToBytes();
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<SmtProofFormatException>(() => SmtProof.FromBytes(bytes.AsSpan(0, length)));
        Assert.Throws<SmtProofFormatException>(() => SmtProof.FromBytes([.. bytes, 0x00]));
    }

    [Fact]
    public void RandomBytesEitherRoundTripExactlyOrFailWithAFormatError()
    {
        var random = new Random(72);
        var decoded = 0;
        for (var i = 0; i < 2000; i++)
        {
            // Half the inputs get a consistent header and length, so some decode; the rest are noise.
            var plausible = random.Next(2) == 0;
            var kind = random.Next(2);
            var depth = random.Next(0, 5);
            var bytes = new byte[plausible ? 3 + depth * 32 + kind * 64 + random.Next(-1, 2) : random.Next(0, 200)];
            random.NextBytes(bytes);
            if (plausible && bytes.Length >= 3)
            {
                bytes[0] = (byte)kind;
                bytes[1] = 0;
                bytes[2] = (byte)depth;
            }
            try
            {
                Assert.Equal(bytes, SmtProof.FromBytes(bytes).ToBytes());
                decoded++;
            }
            catch (SmtProofFormatException)
            {
                // The only other acceptable outcome.
            }
        }
        Assert.True(decoded > 100, $"only {decoded} inputs decoded; the test no longer exercises success");
    }

    [Fact]
    public void ConstructorRejectsBadParts()
    {
        Assert.Throws<ArgumentException>(() => new SmtProof([new byte[31]], leaf: null));
        Assert.Throws<ArgumentException>(() => new SmtProof(Enumerable.Repeat(new byte[32], 257).ToArray(), leaf: null));
        Assert.Throws<ArgumentException>(() => new SmtLeaf(new byte[32], new byte[31]));
        Assert.Throws<ArgumentException>(() => new SmtLeaf(new byte[33], new byte[32]));
    }
}
