using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network;

/// <summary>
/// The serving side of getstate: the tip's state pairs under a tree-key path, with the proof of that subtree. The state
/// column is ordered by state key, not tree key, so an index (tree key → state key) is built once per tip, under the
/// ledger's lock (one consistent tip), and kept until the tip moves.
/// </summary>
internal sealed class StateChunkSource(LedgerFacade ledger)
{
    private readonly object _sync = new();
    private (Hash256 Tip, byte[][] TreeKeys, byte[][] StateKeys)? _index;

    public StateChunkMessage Answer(GetStateMessage m) => ledger.ReadState(view =>
    {
        if (view.Tip.Hash != m.Block) return StateChunkMessage.Refusal(m, StateChunkStatus.Unavailable);
        var (treeKeys, stateKeys) = IndexFor(view.Tip.Hash);
        var path = StatePaths.Key(m.Depth, m.Path);
        int i = LowerBound(treeKeys, path);
        var pairs = new List<KeyValuePair<byte[], byte[]>>();
        long bytes = 1024; // header, siblings, terminal, counts
        for (; i < treeKeys.Length && SmtSubtree.HasPrefix(treeKeys[i], path, m.Depth); i++)
        {
            var value = view.Get(stateKeys[i]) ?? throw new InvalidOperationException($"state key {Convert.ToHexStringLower(stateKeys[i])} vanished under the lock");
            bytes += stateKeys[i].Length + value.Length + 10;
            if (pairs.Count >= StateChunkMessage.MaxPairs || bytes > StateChunkMessage.MaxBytes)
                return StateChunkMessage.Refusal(m, StateChunkStatus.TooLarge);
            pairs.Add(new(stateKeys[i], value));
        }
        var proof = view.ProveTreeKey(path);
        var siblings = proof.Siblings.Take(Math.Min(proof.Depth, (int)m.Depth)).ToList();
        SmtLeaf? terminal = proof.Depth < m.Depth && proof.Leaf is { } leaf && !SmtSubtree.HasPrefix(leaf.Key, path, m.Depth) ? leaf : null;
        return new StateChunkMessage(m.Block, m.Depth, m.Path, StateChunkStatus.Ok, siblings, terminal, pairs);
    });

    /// <summary>Called under the ledger's lock: the tip cannot move while the state is scanned.</summary>
    private (byte[][] TreeKeys, byte[][] StateKeys) IndexFor(Hash256 tip)
    {
        lock (_sync)
        {
            if (_index is { } cached && cached.Tip == tip) return (cached.TreeKeys, cached.StateKeys);
            var stateKeys = ledger.ScanState([]).Select(p => p.Key).ToArray();
            var treeKeys = stateKeys.Select(k => SHA256.HashData(k)).ToArray();
            Array.Sort(treeKeys, stateKeys, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
            _index = (tip, treeKeys, stateKeys);
            return (treeKeys, stateKeys);
        }
    }

    private static int LowerBound(byte[][] keys, byte[] target)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (keys[mid].AsSpan().SequenceCompareTo(target) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Checks an Ok chunk against the root; null when it is right, else why not.</summary>
    public static string? Check(StateChunkMessage chunk, Hash256 root)
    {
        var leaves = new List<SmtLeaf>(chunk.Pairs.Count);
        foreach (var (key, value) in chunk.Pairs) leaves.Add(new SmtLeaf(SHA256.HashData(key), SHA256.HashData(value)));
        var path = StatePaths.Key(chunk.Depth, chunk.Path);
        for (int i = 0; i < leaves.Count; i++)
        {
            if (!SmtSubtree.HasPrefix(leaves[i].Key, path, chunk.Depth)) return $"pair {i} lies outside path {chunk.Path}/{chunk.Depth}";
            if (i > 0 && leaves[i - 1].Key.AsSpan().SequenceCompareTo(leaves[i].Key) >= 0) return $"pair {i} is not in ascending tree-key order";
        }
        return SmtSubtree.Verify(root.ToArray(), path, chunk.Depth, chunk.Siblings, chunk.Terminal, leaves)
            ? null
            : $"chunk {chunk.Path}/{chunk.Depth} of block {chunk.Block} ({chunk.Pairs.Count} pairs) does not prove against state root {root}";
    }
}
