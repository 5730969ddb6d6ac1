namespace Hashmint.Storage.Tests;

public sealed class SparseMerkleTreeOnRocksDbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void RootsWrittenBeforeAReopenStayReadableAndProvable()
    {
        var random = new Random(91);
        var first = TreeHarness.RandomValues(random, TestData.DistinctKeys(random, 2000));
        var second = TreeHarness.RandomValues(random, first.Keys.Take(500));
        byte[] rootOne, rootTwo;
        using (var harness = new TreeHarness(RocksDbKeyValueStore.Open(_directory.Path, [SparseMerkleTree.NodeFamily])))
        {
            rootOne = harness.Insert(SparseMerkleTree.EmptyRoot, first);
            rootTwo = harness.Insert(rootOne, second);
        }

        var latest = new Dictionary<byte[], byte[]>(first, ByteArrayComparer.Instance);
        foreach (var pair in second) latest[pair.Key] = pair.Value;
        Assert.Equal(ReferenceSmt.Root(first), rootOne);
        Assert.Equal(ReferenceSmt.Root(latest), rootTwo);

        using var reopened = new TreeHarness(RocksDbKeyValueStore.Open(_directory.Path, [SparseMerkleTree.NodeFamily]));
        foreach (var key in first.Keys.Take(600))
        {
            Assert.Equal(first[key], reopened.Tree.GetValueHash(rootOne, key));
            Assert.Equal(latest[key], reopened.Tree.GetValueHash(rootTwo, key));
            Assert.True(SparseMerkleTree.VerifyProof(rootTwo, key, latest[key], reopened.Tree.GetProof(rootTwo, key)));
        }

        // Disconnecting the second block is just going back to the first root.
        var absent = TestData.RandomHash(random);
        Assert.True(SparseMerkleTree.VerifyProof(rootOne, absent, ReadOnlySpan<byte>.Empty, reopened.Tree.GetProof(rootOne, absent)));
    }
}
