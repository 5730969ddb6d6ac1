using System.Security.Cryptography;

namespace Hashmint.Storage.Tests;

public class SparseMerkleTreeRootTests
{
    [Fact]
    public void EmptyTreeHasTheZeroRoot()
    {
        using var harness = new TreeHarness();
        Assert.Equal(new byte[32], SparseMerkleTree.EmptyRoot);
        Assert.Equal(SparseMerkleTree.EmptyRoot, harness.Apply(SparseMerkleTree.EmptyRoot, []));
        Assert.Null(harness.Tree.GetValueHash(SparseMerkleTree.EmptyRoot, TestData.Hash(7)));
    }

    [Fact]
    public void SingleLeafRootIsTheLeafHash()
    {
        using var harness = new TreeHarness();
        var key = TestData.Hash(0xAB);
        var value = TestData.Hash(0x01);
        var root = harness.Apply(SparseMerkleTree.EmptyRoot, [(key, value)]);
        Assert.Equal(SHA256.HashData([0x00, .. key, .. value]), root);
    }

    [Fact]
    public void KnownVectorMatchesTheDocumentedRules()
    {
        // Keys 0x00.., 0x40.. share bit 0 (both left) and split on bit 1; key 0x80.. is alone on the right.
        var k0 = TestData.Key("00");
        var k1 = TestData.Key("40");
        var k2 = TestData.Key("80");
        var v = TestData.Hash(0x11);
        var leaf0 = SHA256.HashData([0x00, .. k0, .. v]);
        var leaf1 = SHA256.HashData([0x00, .. k1, .. v]);
        var leaf2 = SHA256.HashData([0x00, .. k2, .. v]);
        var left = SHA256.HashData([0x01, .. leaf0, .. leaf1]);
        var expected = SHA256.HashData([0x01, .. left, .. leaf2]);

        using var harness = new TreeHarness();
        var root = harness.Apply(SparseMerkleTree.EmptyRoot, [(k2, v), (k0, v), (k1, v)]);

        Assert.Equal(expected, root);
        // The same vector is printed in docs/STORAGE.md (computed there with Python's hashlib).
        Assert.Equal("1bc838f766af826ab0874f27adfa2e1579060ea0454e2136799254ad41ba8d5f", Convert.ToHexStringLower(root));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 17)]
    [InlineData(4, 300)]
    [InlineData(5, 2000)]
    public void RootMatchesTheReferenceForRandomKeys(int seed, int count)
    {
        var random = new Random(seed);
        var values = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, count));
        using var harness = new TreeHarness();
        Assert.Equal(ReferenceSmt.Root(values), harness.Insert(SparseMerkleTree.EmptyRoot, values));
    }

    [Theory]
    [InlineData(11, 40)]
    [InlineData(12, 200)]
    public void RootMatchesTheReferenceForKeysWithLongSharedPrefixes(int seed, int count)
    {
        var random = new Random(seed);
        var values = TreeHarness.RandomValues(random, TestData.ClusteredKeys(random, count));
        using var harness = new TreeHarness();
        Assert.Equal(ReferenceSmt.Root(values), harness.Insert(SparseMerkleTree.EmptyRoot, values));
    }

    [Fact]
    public void KeysDifferingOnlyInTheLastBitSitAtDepth256()
    {
        var a = TestData.Hash(0x5A);
        var b = (byte[])a.Clone();
        b[31] ^= 0x01;
        var values = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance) { [a] = TestData.Hash(1), [b] = TestData.Hash(2) };
        using var harness = new TreeHarness();
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, values);
        Assert.Equal(ReferenceSmt.Root(values), root);
        Assert.Equal(TestData.Hash(1), harness.Tree.GetValueHash(root, a));
        Assert.Equal(TestData.Hash(2), harness.Tree.GetValueHash(root, b));
        Assert.Equal(256, harness.Tree.GetProof(root, a).Depth);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void RootIsIndependentOfInsertionOrderAndBatching(int seed)
    {
        var random = new Random(seed);
        var values = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 500));
        var expected = ReferenceSmt.Root(values);
        var pairs = values.Select(pair => (pair.Key, (byte[]?)pair.Value)).ToList();

        using var allAtOnce = new TreeHarness();
        Assert.Equal(expected, allAtOnce.Apply(SparseMerkleTree.EmptyRoot, pairs));

        // Shuffled, in random-sized batches, each written before the next.
        using var chunked = new TreeHarness();
        var shuffled = pairs.OrderBy(_ => random.Next()).ToList();
        var root = SparseMerkleTree.EmptyRoot;
        for (var start = 0; start < shuffled.Count;)
        {
            var size = Math.Min(random.Next(1, 60), shuffled.Count - start);
            root = chunked.Apply(root, shuffled.GetRange(start, size));
            start += size;
        }
        Assert.Equal(expected, root);

        // One key at a time, in reverse order.
        using var oneByOne = new TreeHarness();
        root = SparseMerkleTree.EmptyRoot;
        foreach (var pair in Enumerable.Reverse(pairs)) root = oneByOne.Apply(root, [pair]);
        Assert.Equal(expected, root);
    }

    [Theory]
    [InlineData(31, SparseMerkleTree.DefaultCachedNodes)]
    [InlineData(32, 0)]
    [InlineData(33, 4)]
    public void MixedInsertsUpdatesAndDeletesTrackTheReference(int seed, int cachedNodes)
    {
        var random = new Random(seed);
        var universe = TestData.DistinctKeys(random, 400).Concat(TestData.ClusteredKeys(random, 40)).ToList();
        var model = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        using var harness = new TreeHarness(cachedNodes);
        var root = SparseMerkleTree.EmptyRoot;
        for (var round = 0; round < 25; round++)
        {
            var changes = new List<(byte[] Key, byte[]? ValueHash)>();
            foreach (var key in universe.Where(_ => random.Next(4) == 0))
            {
                // Deletes include keys that are absent, which must change nothing.
                var value = random.Next(3) == 0 ? null : TestData.RandomHash(random);
                changes.Add((key, value));
                if (value is null) model.Remove(key);
                else model[key] = value;
            }
            root = harness.Apply(root, changes);
            Assert.Equal(ReferenceSmt.Root(model), root);
        }
        foreach (var key in universe) Assert.Equal(model.GetValueOrDefault(key), harness.Tree.GetValueHash(root, key));
    }

    [Fact]
    public void DeletingRestoresTheEarlierRootExactly()
    {
        var random = new Random(41);
        var first = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 300));
        var second = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 120).Concat(TestData.ClusteredKeys(random, 10)));
        using var harness = new TreeHarness();

        var before = harness.Insert(SparseMerkleTree.EmptyRoot, first);
        var after = harness.Insert(before, second);
        Assert.NotEqual(before, after);

        var restored = harness.Apply(after, [.. second.Keys.Select(key => (key, (byte[]?)null))]);
        Assert.Equal(before, restored);

        var emptied = harness.Apply(restored, [.. first.Keys.Select(key => (key, (byte[]?)null))]);
        Assert.Equal(SparseMerkleTree.EmptyRoot, emptied);
    }

    [Fact]
    public void ChangingAValueAndChangingItBackRestoresTheRoot()
    {
        var random = new Random(42);
        var values = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 100));
        using var harness = new TreeHarness();
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, values);
        var key = values.Keys.First();

        var changed = harness.Apply(root, [(key, TestData.Hash(9))]);
        Assert.NotEqual(root, changed);
        Assert.Equal(TestData.Hash(9), harness.Tree.GetValueHash(changed, key));
        Assert.Equal(root, harness.Apply(changed, [(key, values[key])]));
    }

    [Fact]
    public void DeletingAnAbsentKeyChangesNothingAndWritesNothing()
    {
        var random = new Random(43);
        using var harness = new TreeHarness();
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 50)));
        var batch = new RecordingBatch();
        Assert.Equal(root, harness.Tree.Update(root, [(TestData.RandomHash(random), null)], batch));
        Assert.Empty(batch.Puts);
    }
}
