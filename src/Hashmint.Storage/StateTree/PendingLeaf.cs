namespace Hashmint.Storage;

/// <summary>A leaf of a subtree being rebuilt; AlreadyStored when it came from the tree unchanged.</summary>
internal readonly record struct PendingLeaf(byte[] Key, byte[] ValueHash, bool AlreadyStored) : IHasKey;

/// <summary>Lets one binary search split both changes and leaves by a key bit.</summary>
internal interface IHasKey
{
    byte[] Key { get; }
}
