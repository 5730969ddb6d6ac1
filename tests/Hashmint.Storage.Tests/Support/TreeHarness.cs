namespace Hashmint.Storage.Tests;

/// <summary>A state tree over a store, with a helper that applies one update in its own written batch.</summary>
public sealed class TreeHarness(IKeyValueStore store, int cachedNodes = SparseMerkleTree.DefaultCachedNodes) : IDisposable
{
    public TreeHarness() : this(new MemoryKeyValueStore()) { }

    public TreeHarness(int cachedNodes) : this(new MemoryKeyValueStore(), cachedNodes) { }

    public IKeyValueStore Store { get; } = store;

    public SparseMerkleTree Tree { get; } = new(store, cachedNodes);

    public byte[] Apply(ReadOnlySpan<byte> root, IReadOnlyList<(byte[] Key, byte[]? ValueHash)> changes)
    {
        using var batch = Store.CreateBatch();
        var newRoot = Tree.Update(root, changes, batch);
        Store.Write(batch);
        return newRoot;
    }

    public byte[] Insert(ReadOnlySpan<byte> root, IReadOnlyDictionary<byte[], byte[]> values) =>
        Apply(root, [.. values.Select(pair => (pair.Key, (byte[]?)pair.Value))]);

    public void Dispose() => Store.Dispose();

    public static Dictionary<byte[], byte[]> RandomValues(Random random, IEnumerable<byte[]> keys) =>
        keys.ToDictionary(key => key, _ => TestData.RandomHash(random), ByteArrayComparer.Instance);
}
