namespace Hashmint.Storage;

/// <summary>A decoded state tree node: a leaf (key, value hash) or an internal node (left, right).</summary>
internal readonly struct StoredNode
{
    private readonly byte[] _bytes;

    private StoredNode(byte[] bytes) => _bytes = bytes;

    public bool IsLeaf => _bytes[0] == SmtHashing.LeafTag;

    public ReadOnlySpan<byte> Key => _bytes.AsSpan(1, SmtHashing.KeySize);

    public ReadOnlySpan<byte> ValueHash => _bytes.AsSpan(1 + SmtHashing.KeySize, SmtHashing.HashSize);

    public byte[] Left => _bytes.AsSpan(1, SmtHashing.HashSize).ToArray();

    public byte[] Right => _bytes.AsSpan(1 + SmtHashing.HashSize, SmtHashing.HashSize).ToArray();

    /// <summary>The child hash on the side given by a key bit (0 = left).</summary>
    public byte[] Child(int bit) => bit == 0 ? Left : Right;

    public static StoredNode Decode(ReadOnlySpan<byte> hash, byte[] bytes)
    {
        if (bytes.Length != SmtHashing.NodeSize || bytes[0] is not (SmtHashing.LeafTag or SmtHashing.InternalTag))
            throw new StorageException($"state tree node {Convert.ToHexStringLower(hash)} is corrupt ({bytes.Length} bytes, tag {(bytes.Length > 0 ? bytes[0] : -1)}).");
        return new StoredNode(bytes);
    }
}
