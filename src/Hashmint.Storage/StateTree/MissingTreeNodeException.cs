namespace Hashmint.Storage;

/// <summary>A state tree node (or root) is not in the store: an unknown root, or a batch never written.</summary>
public sealed class MissingTreeNodeException : StorageException
{
    public MissingTreeNodeException(ReadOnlySpan<byte> nodeHash)
        : base($"state tree node {Convert.ToHexStringLower(nodeHash)} is missing from the store")
    {
        NodeHash = nodeHash.ToArray();
    }

    public byte[] NodeHash { get; }
}
