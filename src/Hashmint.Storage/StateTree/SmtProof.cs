namespace Hashmint.Storage;

/// <summary>
/// A proof that a key holds a value hash, or holds nothing, under a state root: the sibling hashes
/// along the key's path from the root down, and what ends the path (a leaf, or an empty subtree
/// when <see cref="Leaf"/> is null). Byte format and rules: docs/STORAGE.md. Equality is by content.
/// </summary>
public sealed record SmtProof
{
    /// <summary>The deepest a path can go: one sibling per key bit.</summary>
    public const int MaxDepth = KeyBits.Count;

    private readonly byte[][] _siblings;

    public SmtProof(IReadOnlyList<byte[]> siblings, SmtLeaf? leaf)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        if (siblings.Count > MaxDepth) throw new ArgumentException($"A proof has at most {MaxDepth} siblings (got {siblings.Count}).", nameof(siblings));
        _siblings = new byte[siblings.Count][];
        for (var i = 0; i < _siblings.Length; i++)
        {
            if (siblings[i] is not { Length: SmtHashing.HashSize } sibling)
                throw new ArgumentException($"Sibling {i} must be {SmtHashing.HashSize} bytes.", nameof(siblings));
            _siblings[i] = (byte[])sibling.Clone();
        }
        Leaf = leaf;
    }

    /// <summary>Siblings[i] is the hash of the other child of the path's node at depth i (the root is depth 0).</summary>
    public IReadOnlyList<byte[]> Siblings => _siblings;

    /// <summary>The leaf at the end of the path, or null when the path ends in an empty subtree.</summary>
    public SmtLeaf? Leaf { get; }

    /// <summary>Depth at which the path ends (= number of siblings).</summary>
    public int Depth => _siblings.Length;

    public byte[] ToBytes() => SmtProofCodec.Encode(this);

    /// <summary>Decodes exactly one proof; throws <see cref="SmtProofFormatException"/> with the reason otherwise.</summary>
    public static SmtProof FromBytes(ReadOnlySpan<byte> bytes) => SmtProofCodec.Decode(bytes);

    public bool Equals(SmtProof? other)
    {
        if (other is null || other._siblings.Length != _siblings.Length || !Equals(Leaf, other.Leaf)) return false;
        for (var i = 0; i < _siblings.Length; i++)
        {
            if (!_siblings[i].AsSpan().SequenceEqual(other._siblings[i])) return false;
        }
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(_siblings.Length, Leaf);

    public override string ToString() => $"SmtProof {{ Depth = {Depth}, Leaf = {Leaf?.ToString() ?? "empty subtree"} }}";
}
