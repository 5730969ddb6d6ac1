namespace Hashmint.Storage;

internal enum NodeKind
{
    Empty,
    Leaf,
    Internal,
    /// <summary>A child hash read from its parent; its own bytes have not been loaded.</summary>
    Unknown,
}

/// <summary>A subtree during an update: its hash, and its kind when already known.</summary>
internal readonly record struct NodeRef(byte[] Hash, NodeKind Kind)
{
    public static readonly NodeRef Empty = new(new byte[SmtHashing.HashSize], NodeKind.Empty);

    public bool IsEmpty => Kind == NodeKind.Empty;

    public static NodeRef FromHash(byte[] hash) => SmtHashing.IsEmpty(hash) ? Empty : new NodeRef(hash, NodeKind.Unknown);
}
