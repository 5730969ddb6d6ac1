namespace Hashmint.Storage.Tests;

public class SparseMerkleTreeBatchTests
{
    [Fact]
    public void OldRootsStayReadableAfterLaterUpdates()
    {
        var random = new Random(51);
        var keys = TestData.DistinctKeys(random, 200);
        var model = new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        var history = new List<(byte[] Root, Dictionary<byte[], byte[]> Snapshot)>();
        using var harness = new TreeHarness();
        var root = SparseMerkleTree.EmptyRoot;
        for (var block = 0; block < 10; block++)
        {
            var changes = keys.Where(_ => random.Next(3) == 0)
                .Select(key => (key, random.Next(4) == 0 ? null : (byte[]?)TestData.RandomHash(random))).ToList();
            foreach (var (key, value) in changes)
            {
                if (value is null) model.Remove(key);
                else model[key] = value;
            }
            root = harness.Apply(root, changes);
            history.Add((root, new Dictionary<byte[], byte[]>(model, ByteArrayComparer.Instance)));
        }

        foreach (var (oldRoot, snapshot) in history)
        {
            foreach (var key in keys) Assert.Equal(snapshot.GetValueOrDefault(key), harness.Tree.GetValueHash(oldRoot, key));
        }
    }

    [Fact]
    public void TwoUpdatesOnOneUnwrittenBatchChainLikeOne()
    {
        var random = new Random(52);
        var first = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 150));
        var second = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 150).Concat(first.Keys.Take(30)));
        var combined = new Dictionary<byte[], byte[]>(first, ByteArrayComparer.Instance);
        foreach (var pair in second) combined[pair.Key] = pair.Value;

        using var harness = new TreeHarness();
        using var batch = harness.Store.CreateBatch();
        var middle = harness.Tree.Update(SparseMerkleTree.EmptyRoot, [.. first.Select(p => (p.Key, (byte[]?)p.Value))], batch);
        // The second update reads nodes that exist only in the batch so far.
        var final = harness.Tree.Update(middle, [.. second.Select(p => (p.Key, (byte[]?)p.Value))], batch);
        harness.Store.Write(batch);

        Assert.Equal(ReferenceSmt.Root(first), middle);
        Assert.Equal(ReferenceSmt.Root(combined), final);
        foreach (var pair in combined) Assert.Equal(pair.Value, harness.Tree.GetValueHash(final, pair.Key));
        foreach (var pair in first) Assert.Equal(pair.Value, harness.Tree.GetValueHash(middle, pair.Key));
    }

    [Fact]
    public void AnUnwrittenRootIsNotVisibleToAnotherBatchOrToReads()
    {
        var random = new Random(53);
        using var harness = new TreeHarness();
        using var abandoned = harness.Store.CreateBatch();
        var unwritten = harness.Tree.Update(SparseMerkleTree.EmptyRoot, [.. TestData.DistinctKeys(random, 5).Select(k => (k, (byte[]?)TestData.RandomHash(random)))], abandoned);

        using var other = harness.Store.CreateBatch();
        var error = Assert.Throws<MissingTreeNodeException>(() => harness.Tree.Update(unwritten, [(TestData.RandomHash(random), TestData.RandomHash(random))], other));
        Assert.Equal(unwritten, error.NodeHash);
        Assert.Throws<MissingTreeNodeException>(() => harness.Tree.GetValueHash(unwritten, TestData.RandomHash(random)));
    }

    [Fact]
    public void AnUpdateWritesEachNewNodeOnceAndNothingElse()
    {
        var random = new Random(54);
        var keys = TestData.DistinctKeys(random, 1000).Concat(TestData.ClusteredKeys(random, 30)).ToList();
        using var harness = new TreeHarness();
        var batch = new RecordingBatch();
        harness.Tree.Update(SparseMerkleTree.EmptyRoot, [.. keys.Select(k => (k, (byte[]?)TestData.RandomHash(random)))], batch);

        Assert.All(batch.Puts, put => Assert.Same(SparseMerkleTree.NodeFamily, put.Family));
        Assert.Equal(batch.Puts.Count, batch.Puts.Select(p => p.Key).Distinct(ByteArrayComparer.Instance).Count());
        Assert.Equal(keys.Count + ReferenceSmt.InternalNodeCount(keys), batch.Puts.Count);
    }

    [Fact]
    public void AnUpdateReadsEachStoredNodeAtMostOnce()
    {
        var random = new Random(55);
        var keys = TestData.DistinctKeys(random, 3000);
        using var counting = new ReadCountingStore(new MemoryKeyValueStore());
        // No node cache, so every load reaches the store and is counted.
        using var harness = new TreeHarness(counting, cachedNodes: 0);
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, TreeHarness.RandomValues(random, keys));
        counting.TreeReads.Clear();

        // Updates, inserts and deletes, many of them sharing upper paths.
        var changes = keys.Take(400).Select(k => (k, (byte[]?)TestData.RandomHash(random)))
            .Concat(keys.Skip(400).Take(200).Select(k => (k, (byte[]?)null)))
            .Concat(TestData.DistinctKeys(random, 300).Select(k => (k, (byte[]?)TestData.RandomHash(random))))
            .ToList();
        harness.Apply(root, changes);

        Assert.NotEmpty(counting.TreeReads);
        Assert.Equal(counting.TreeReads.Count, counting.TreeReads.Distinct(ByteArrayComparer.Instance).Count());
    }

    [Fact]
    public void ANodeCacheServesRepeatedReadsWithoutTheStore()
    {
        var random = new Random(56);
        var keys = TestData.DistinctKeys(random, 500);
        using var counting = new ReadCountingStore(new MemoryKeyValueStore());
        using var harness = new TreeHarness(counting, cachedNodes: 10_000);
        var root = harness.Insert(SparseMerkleTree.EmptyRoot, TreeHarness.RandomValues(random, keys));

        foreach (var key in keys) Assert.NotNull(harness.Tree.GetValueHash(root, key));
        var firstPass = counting.TreeReads.Count;
        foreach (var key in keys) Assert.NotNull(harness.Tree.GetValueHash(root, key));
        Assert.True(firstPass > 0);
        Assert.Equal(firstPass, counting.TreeReads.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMerkleTree(counting, -1));
    }

    [Fact]
    public void UpdateRejectsBadInput()
    {
        using var harness = new TreeHarness();
        var batch = new RecordingBatch();
        var key = TestData.Hash(1);
        Assert.Throws<ArgumentException>(() => harness.Tree.Update(new byte[31], [(key, key)], batch));
        Assert.Throws<ArgumentException>(() => harness.Tree.Update(SparseMerkleTree.EmptyRoot, [(new byte[31], key)], batch));
        Assert.Throws<ArgumentException>(() => harness.Tree.Update(SparseMerkleTree.EmptyRoot, [(key, new byte[33])], batch));
        var duplicate = Assert.Throws<ArgumentException>(() => harness.Tree.Update(SparseMerkleTree.EmptyRoot, [(key, key), (TestData.Hash(1), null)], batch));
        Assert.Contains("more than once", duplicate.Message);
        Assert.Empty(batch.Puts);
    }
}
