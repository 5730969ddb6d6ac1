namespace Hashmint.Storage;

/// <summary>Checks a proof against a root by rehashing the path from its end up to the root.</summary>
internal static class SmtProofVerifier
{
    /// <summary>An empty <paramref name="valueHash"/> asks "is the key absent?", otherwise "does the key hold this value hash?".</summary>
    public static bool Verify(ReadOnlySpan<byte> root, ReadOnlySpan<byte> key, ReadOnlySpan<byte> valueHash, SmtProof proof)
    {
        var depth = proof.Depth;
        var provesAbsence = valueHash.IsEmpty;
        // A canonical tree has no internal node with an empty child beside a leaf or beside another
        // empty subtree (both collapse), so the last sibling of a valid proof is never empty.
        if (depth > 0 && SmtHashing.IsEmpty(proof.Siblings[depth - 1])) return false;

        byte[] current;
        if (proof.Leaf is { } leaf)
        {
            // The leaf must sit where the key's path leads.
            if (!KeyBits.SharePrefix(leaf.Key, key, depth)) return false;
            var sameKey = leaf.Key.AsSpan().SequenceEqual(key);
            if (provesAbsence ? sameKey : !sameKey || !leaf.ValueHash.AsSpan().SequenceEqual(valueHash)) return false;
            current = SmtHashing.HashLeaf(leaf.Key, leaf.ValueHash);
        }
        else
        {
            if (!provesAbsence) return false;
            current = new byte[SmtHashing.HashSize];
        }

        for (var level = depth - 1; level >= 0; level--)
        {
            var sibling = proof.Siblings[level];
            current = KeyBits.At(key, level) == 0 ? SmtHashing.HashInternal(current, sibling) : SmtHashing.HashInternal(sibling, current);
        }
        return current.AsSpan().SequenceEqual(root);
    }
}
