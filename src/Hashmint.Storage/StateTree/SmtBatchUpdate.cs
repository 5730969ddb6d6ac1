namespace Hashmint.Storage;

/// <summary>
/// Applies a sorted set of changes to a compact sparse Merkle tree in one walk: the changes are
/// split by key bit on the way down, so each touched node is loaded once and each new node is
/// hashed and written once, however many keys share its path.
/// </summary>
internal sealed class SmtBatchUpdate
{
    private readonly SmtNodeReader _reader;
    private readonly SmtNodeWriter _writer;

    public SmtBatchUpdate(SmtNodeReader reader, SmtNodeWriter writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public byte[] Apply(byte[] root, SmtChange[] sortedChanges) => Update(NodeRef.FromHash(root), 0, sortedChanges).Hash;

    private NodeRef Update(NodeRef node, int depth, ReadOnlySpan<SmtChange> changes)
    {
        if (changes.IsEmpty) return node;
        if (node.IsEmpty) return Build(depth, MergeLeaves(changes, existing: null));
        var stored = _reader.Load(node.Hash);
        // A lone leaf and the changes below it form a small subtree: rebuild it from scratch.
        if (stored.IsLeaf) return Build(depth, MergeLeaves(changes, new PendingLeaf(stored.Key.ToArray(), stored.ValueHash.ToArray(), AlreadyStored: true)));
        if (depth >= KeyBits.Count)
            throw new StorageException($"state tree node {Convert.ToHexStringLower(node.Hash)} is corrupt: an internal node below the last key bit.");

        var oldLeft = stored.Left;
        var oldRight = stored.Right;
        var split = FirstWithBitSet(changes, depth);
        var left = Update(NodeRef.FromHash(oldLeft), depth + 1, changes[..split]);
        var right = Update(NodeRef.FromHash(oldRight), depth + 1, changes[split..]);
        // Unchanged children (e.g. deleting absent keys) leave the stored node as it is.
        if (left.Hash.AsSpan().SequenceEqual(oldLeft) && right.Hash.AsSpan().SequenceEqual(oldRight))
            return node with { Kind = NodeKind.Internal };
        return Combine(left, right);
    }

    /// <summary>The canonical subtree at this depth holding exactly these leaves (sorted, distinct keys).</summary>
    private NodeRef Build(int depth, ReadOnlySpan<PendingLeaf> leaves)
    {
        if (leaves.IsEmpty) return NodeRef.Empty;
        if (leaves.Length == 1)
        {
            var leaf = leaves[0];
            // A leaf's hash does not depend on its depth, so a stored leaf that only moves needs no write.
            var hash = leaf.AlreadyStored
                ? SmtHashing.HashLeaf(leaf.Key, leaf.ValueHash)
                : _writer.Write(SmtHashing.EncodeLeaf(leaf.Key, leaf.ValueHash));
            return new NodeRef(hash, NodeKind.Leaf);
        }
        var split = FirstWithBitSet(leaves, depth);
        return Combine(Build(depth + 1, leaves[..split]), Build(depth + 1, leaves[split..]));
    }

    /// <summary>The parent of two subtrees; a lone leaf beside an empty sibling moves up instead.</summary>
    private NodeRef Combine(NodeRef left, NodeRef right)
    {
        if (left.IsEmpty && right.IsEmpty) return NodeRef.Empty;
        if (left.IsEmpty && IsLeaf(right)) return right with { Kind = NodeKind.Leaf };
        if (right.IsEmpty && IsLeaf(left)) return left with { Kind = NodeKind.Leaf };
        return new NodeRef(_writer.Write(SmtHashing.EncodeInternal(left.Hash, right.Hash)), NodeKind.Internal);
    }

    private bool IsLeaf(NodeRef node) => node.Kind switch
    {
        NodeKind.Leaf => true,
        NodeKind.Unknown => _reader.Load(node.Hash).IsLeaf,
        _ => false,
    };

    /// <summary>The surviving leaves: the changes' non-null values plus the existing leaf unless a change names its key.</summary>
    private static PendingLeaf[] MergeLeaves(ReadOnlySpan<SmtChange> changes, PendingLeaf? existing)
    {
        var leaves = new List<PendingLeaf>(changes.Length + 1);
        foreach (var change in changes)
        {
            if (existing is { } leaf)
            {
                var order = leaf.Key.AsSpan().SequenceCompareTo(change.Key);
                if (order < 0) leaves.Add(leaf);
                if (order <= 0) existing = null;
            }
            if (change.ValueHash is not null) leaves.Add(new PendingLeaf(change.Key, change.ValueHash, AlreadyStored: false));
        }
        if (existing is { } last) leaves.Add(last);
        return [.. leaves];
    }

    /// <summary>In a span sorted by key whose keys share the first <paramref name="depth"/> bits, the first index whose bit at depth is 1.</summary>
    private static int FirstWithBitSet<T>(ReadOnlySpan<T> sorted, int depth) where T : IHasKey
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (KeyBits.At(sorted[middle].Key, depth) == 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
