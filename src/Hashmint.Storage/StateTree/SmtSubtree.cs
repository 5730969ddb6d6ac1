namespace Hashmint.Storage;

/// <summary>
/// Proofs of a whole subtree: every leaf whose key starts with a path of <c>depth</c> bits, proven complete against a
/// root (what snapshot sync needs: a chunk of the state that can neither add nor hide a key). The compact tree's hash
/// of a set of leaves is a function of the set alone — empty: 32 zero bytes; one leaf: its leaf hash; more: the
/// internal hash of the two halves split by the next key bit — so hashing the leaves a peer sent, then folding the
/// sibling hashes along the path up to the root, must give the committed root or the chunk is wrong.
/// </summary>
public static class SmtSubtree
{
    /// <summary>The compact tree hash of <paramref name="leaves"/> (keys strictly ascending, all sharing their first <paramref name="depth"/> bits).</summary>
    public static byte[] Hash(IReadOnlyList<SmtLeaf> leaves, int depth)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return HashRange(leaves, 0, leaves.Count, depth);
    }

    private static byte[] HashRange(IReadOnlyList<SmtLeaf> leaves, int from, int to, int depth)
    {
        if (to == from) return new byte[SmtHashing.HashSize];
        if (to - from == 1) return SmtHashing.HashLeaf(leaves[from].Key, leaves[from].ValueHash);
        if (depth >= KeyBits.Count) throw new ArgumentException("two leaves share all 256 key bits", nameof(leaves));
        int split = from;
        while (split < to && KeyBits.At(leaves[split].Key, depth) == 0) split++;
        return SmtHashing.HashInternal(HashRange(leaves, from, split, depth + 1), HashRange(leaves, split, to, depth + 1));
    }

    /// <summary>True when the first <paramref name="depth"/> bits of <paramref name="key"/> are those of <paramref name="path"/>.</summary>
    public static bool HasPrefix(ReadOnlySpan<byte> key, ReadOnlySpan<byte> path, int depth)
    {
        if (key.Length != SmtHashing.KeySize || path.Length != SmtHashing.KeySize) return false;
        return KeyBits.SharePrefix(key, path, depth);
    }

    /// <summary>
    /// True when <paramref name="leaves"/> are exactly the leaves whose keys start with the first <paramref name="depth"/>
    /// bits of <paramref name="path"/> under <paramref name="root"/>. <paramref name="siblings"/> are the sibling hashes
    /// from the root down the path; there are <paramref name="depth"/> of them, or fewer when the path ends early in an
    /// empty subtree or at a single leaf (<paramref name="terminal"/>: that leaf when it lies outside the path, so it
    /// is not among <paramref name="leaves"/>). Leaves must be in strictly ascending key order.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> root, ReadOnlySpan<byte> path, int depth, IReadOnlyList<byte[]> siblings, SmtLeaf? terminal,
        IReadOnlyList<SmtLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        ArgumentNullException.ThrowIfNull(leaves);
        if (root.Length != SmtHashing.HashSize || path.Length != SmtHashing.KeySize) return false;
        if (depth is < 0 or > KeyBits.Count || siblings.Count > depth) return false;
        for (int i = 0; i < leaves.Count; i++)
        {
            if (!HasPrefix(leaves[i].Key, path, depth)) return false;
            if (i > 0 && leaves[i - 1].Key.AsSpan().SequenceCompareTo(leaves[i].Key) >= 0) return false;
        }
        foreach (var s in siblings)
            if (s is not { Length: SmtHashing.HashSize }) return false;

        int k = siblings.Count;
        byte[] current;
        if (k == depth)
        {
            if (terminal is not null) return false;
            current = Hash(leaves, depth);
        }
        else
        {
            // The path ends above the requested depth: the subtree there is empty or one leaf, in the path or beside it.
            if (leaves.Count + (terminal is null ? 0 : 1) > 1) return false;
            if (terminal is { } t)
            {
                // A leaf beside the path: it must be where the path ends, and must not itself be in the path (then it
                // would have to be among the leaves: a peer cannot hide a key as a "terminal").
                if (!HasPrefix(t.Key, path, k) || HasPrefix(t.Key, path, depth)) return false;
                current = SmtHashing.HashLeaf(t.Key, t.ValueHash);
            }
            else current = leaves.Count == 1 ? SmtHashing.HashLeaf(leaves[0].Key, leaves[0].ValueHash) : new byte[SmtHashing.HashSize];
        }
        for (int level = k - 1; level >= 0; level--)
        {
            var sibling = siblings[level];
            current = KeyBits.At(path, level) == 0 ? SmtHashing.HashInternal(current, sibling) : SmtHashing.HashInternal(sibling, current);
        }
        return current.AsSpan().SequenceEqual(root);
    }
}
