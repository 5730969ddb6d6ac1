using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Storage;

namespace Hashmint.Ledger.State;

/// <summary>
/// Commits the state key-value space with the sparse Merkle tree: tree key = SHA256(state key),
/// value hash = SHA256(value). The root is recomputed once per block over the keys the block changed.
/// </summary>
internal sealed class StateCommitment(IKeyValueStore store)
{
    private readonly SparseMerkleTree _tree = new(store);

    public static byte[] TreeKey(byte[] stateKey) => StateProofs.TreeKey(stateKey);

    /// <summary>Puts the new tree nodes into the batch and returns the new root.</summary>
    public Hash256 Apply(Hash256 parentRoot, IReadOnlyList<KeyValuePair<byte[], byte[]?>> changes, IWriteBatch batch)
    {
        var treeChanges = new List<(byte[] Key, byte[]? ValueHash)>(changes.Count);
        foreach (var (key, value) in changes)
            treeChanges.Add((TreeKey(key), value is null ? null : SHA256.HashData(value)));
        return new Hash256(_tree.Update(parentRoot.ToArray(), treeChanges, batch));
    }

    public SmtProof Prove(Hash256 root, byte[] stateKey) => _tree.GetProof(root.ToArray(), TreeKey(stateKey));

    /// <summary>The proof of the path toward a tree key (not a state key): what a subtree proof is cut from.</summary>
    public SmtProof ProveTreeKey(Hash256 root, byte[] treeKey) => _tree.GetProof(root.ToArray(), treeKey);

}

/// <summary>
/// Checking a state proof needs nothing but the root a block's coinbase commits to: anyone (a light client, a
/// browser, a peer) can confirm "this key holds this value (or nothing) at this block".
/// </summary>
public static class StateProofs
{
    /// <summary>The tree key of a state key: SHA256(state key).</summary>
    public static byte[] TreeKey(byte[] stateKey) => SHA256.HashData(stateKey);

    /// <summary>True when <paramref name="proof"/> shows that <paramref name="stateKey"/> holds <paramref name="value"/> (null: is absent) under <paramref name="root"/>.</summary>
    public static bool Verify(Hash256 root, byte[] stateKey, byte[]? value, SmtProof proof) =>
        SparseMerkleTree.VerifyProof(root.ToArray(), TreeKey(stateKey), value is null ? [] : SHA256.HashData(value), proof);
}
