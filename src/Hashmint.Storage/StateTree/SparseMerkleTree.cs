using System.Runtime.CompilerServices;

namespace Hashmint.Storage;

/// <summary>
/// The authenticated state tree: a compact sparse Merkle tree over 32-byte (already hashed) keys
/// and 32-byte value hashes, its nodes stored by hash in <see cref="NodeFamily"/>. Nodes are
/// never deleted, so every root ever written stays readable. Rules: docs/STORAGE.md.
/// Reads are thread-safe; one batch must not be updated from two threads at once.
/// </summary>
public sealed class SparseMerkleTree
{
    /// <summary>The root of the empty tree (and the hash of any empty subtree): 32 zero bytes.</summary>
    public static readonly byte[] EmptyRoot = new byte[SmtHashing.HashSize];

    /// <summary>Nodes kept in memory by default: about 35 MB, enough for the top levels of a tree of millions of keys.</summary>
    public const int DefaultCachedNodes = 200_000;

    /// <summary>
    /// The family holding the tree's nodes: key = node hash (32 bytes), value = its 65-byte encoding.
    /// A store used by a tree must be opened with it.
    /// </summary>
    public static readonly ColumnFamily NodeFamily = new("state_tree")
    {
        // Nodes are SHA-256 outputs and hashes: compressing them costs CPU and saves nothing.
        Compressible = false,
        // Every lookup follows a hash taken from a stored parent, so it always hits.
        LookupsAlwaysHit = true,
    };

    private readonly IKeyValueStore _store;
    private readonly SmtNodeCache? _cache;
    private readonly SmtNodeReader _committed;
    // Nodes this tree put into each batch, so a second Update on the same unwritten batch can read
    // them; dropped with the batch.
    private readonly ConditionalWeakTable<IWriteBatch, Dictionary<byte[], byte[]>> _pendingByBatch = [];

    public SparseMerkleTree(IKeyValueStore store) : this(store, DefaultCachedNodes) { }

    /// <param name="store">Where nodes are read from (<see cref="NodeFamily"/>, which it must have been opened with).</param>
    /// <param name="cachedNodes">How many nodes read from the store to keep in memory (0 = none).</param>
    public SparseMerkleTree(IKeyValueStore store, int cachedNodes)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedNodes);
        _store = store;
        _cache = cachedNodes > 0 ? new SmtNodeCache(cachedNodes) : null;
        _committed = new SmtNodeReader(store, _cache, pending: null);
    }

    /// <summary>
    /// Applies the changes (value hash null = delete; deleting an absent key does nothing; a key may
    /// appear once) on top of <paramref name="oldRoot"/>, puts every new node into the batch and
    /// returns the new root. <paramref name="oldRoot"/> must be written to the store or have been
    /// returned by an earlier Update on this same tree and batch.
    /// </summary>
    public byte[] Update(ReadOnlySpan<byte> oldRoot, IReadOnlyList<(byte[] Key, byte[]? ValueHash)> changes, IWriteBatch batch)
    {
        RequireLength(oldRoot, SmtHashing.HashSize, nameof(oldRoot));
        ArgumentNullException.ThrowIfNull(batch);
        var prepared = SmtChange.Prepare(changes);
        var pending = _pendingByBatch.GetValue(batch, static _ => new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance));
        var update = new SmtBatchUpdate(new SmtNodeReader(_store, _cache, pending), new SmtNodeWriter(batch, pending));
        return update.Apply(oldRoot.ToArray(), prepared);
    }

    /// <summary>The key's value hash under this (written) root, or null when absent.</summary>
    public byte[]? GetValueHash(ReadOnlySpan<byte> root, ReadOnlySpan<byte> key)
    {
        RequireLength(root, SmtHashing.HashSize, nameof(root));
        RequireLength(key, SmtHashing.KeySize, nameof(key));
        var hash = root.ToArray();
        for (var depth = 0; ; depth++)
        {
            if (SmtHashing.IsEmpty(hash)) return null;
            var node = _committed.Load(hash);
            if (node.IsLeaf) return node.Key.SequenceEqual(key) ? node.ValueHash.ToArray() : null;
            RequireAboveLastBit(hash, depth);
            hash = node.Child(KeyBits.At(key, depth));
        }
    }

    /// <summary>A proof of the key's value hash, or of its absence, under this (written) root.</summary>
    public SmtProof GetProof(ReadOnlySpan<byte> root, ReadOnlySpan<byte> key)
    {
        RequireLength(root, SmtHashing.HashSize, nameof(root));
        RequireLength(key, SmtHashing.KeySize, nameof(key));
        var siblings = new List<byte[]>();
        var hash = root.ToArray();
        for (var depth = 0; ; depth++)
        {
            if (SmtHashing.IsEmpty(hash)) return new SmtProof(siblings, leaf: null);
            var node = _committed.Load(hash);
            if (node.IsLeaf) return new SmtProof(siblings, new SmtLeaf(node.Key.ToArray(), node.ValueHash.ToArray()));
            RequireAboveLastBit(hash, depth);
            var bit = KeyBits.At(key, depth);
            siblings.Add(node.Child(1 - bit));
            hash = node.Child(bit);
        }
    }

    /// <summary>
    /// True when the proof shows, under <paramref name="root"/>, that the key holds
    /// <paramref name="valueHash"/>, or (empty span) that the key is absent.
    /// </summary>
    public static bool VerifyProof(ReadOnlySpan<byte> root, ReadOnlySpan<byte> key, ReadOnlySpan<byte> valueHash, SmtProof proof)
    {
        RequireLength(root, SmtHashing.HashSize, nameof(root));
        RequireLength(key, SmtHashing.KeySize, nameof(key));
        if (!valueHash.IsEmpty) RequireLength(valueHash, SmtHashing.HashSize, nameof(valueHash));
        ArgumentNullException.ThrowIfNull(proof);
        return SmtProofVerifier.Verify(root, key, valueHash, proof);
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length) throw new ArgumentException($"Expected {length} bytes, got {value.Length}.", name);
    }

    private static void RequireAboveLastBit(byte[] hash, int depth)
    {
        if (depth >= KeyBits.Count)
            throw new StorageException($"state tree node {Convert.ToHexStringLower(hash)} is corrupt: an internal node below the last key bit.");
    }
}
