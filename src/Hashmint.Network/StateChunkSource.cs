using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network;

/// <summary>
/// The serving side of getstate: the state pairs of a block under a tree-key path, with the proof of that subtree
/// against the block's state root. Served: the tip, and the snapshot heights of <see cref="SnapshotHeights"/> on the
/// main chain (at or above a snapshot node's floor, where undo records exist). The state column is ordered by state
/// key, not tree key, so the first getstate for a block builds its index (<see cref="StateAtBlock"/>) by one scan
/// under the ledger's lock; a snapshot height's index is kept while it is served, the tip's until the tip moves.
/// </summary>
internal sealed class StateChunkSource(LedgerFacade ledger, int interval)
{
    private readonly object _sync = new();
    private readonly Dictionary<Hash256, StateAtBlock> _states = [];

    public StateChunkMessage Answer(GetStateMessage m) => Answer(m, out _);

    /// <summary>The answer; <paramref name="indexedBytes"/>: the state bytes scanned to build the block's index for it (0 when it was kept).</summary>
    public StateChunkMessage Answer(GetStateMessage m, out long indexedBytes)
    {
        long built = 0;
        var answer = ledger.ReadState(view => AnswerUnderLock(view, m, ref built));
        indexedBytes = built;
        return answer;
    }

    /// <summary>Drops and refreshes the kept indexes for the tip now (as a getstate does first), so ones no longer served do not stay in memory.</summary>
    public void Prune() => ledger.ReadState(view =>
    {
        lock (_sync) Forget(view);
        return 0;
    });

    private StateChunkMessage AnswerUnderLock(StateView view, GetStateMessage m, ref long built)
    {
        if (StateOf(view, m.Block, ref built) is not { } state) return StateChunkMessage.Refusal(m, StateChunkStatus.Unavailable);
        var path = StatePaths.Key(m.Depth, m.Path);
        var treeKeys = state.TreeKeys;
        int i = LowerBound(treeKeys, path);
        var pairs = new List<KeyValuePair<byte[], byte[]>>();
        long bytes = 1024; // header, siblings, terminal, counts
        for (; i < treeKeys.Length && SmtSubtree.HasPrefix(treeKeys[i], path, m.Depth); i++)
        {
            var key = state.StateKeys[i];
            var value = state.Get(view, key) ?? throw new InvalidOperationException($"state key {Convert.ToHexStringLower(key)} of block {m.Block} has no value");
            bytes += key.Length + value.Length + 10;
            if (pairs.Count >= StateChunkMessage.MaxPairs || bytes > StateChunkMessage.MaxBytes)
                return StateChunkMessage.Refusal(m, StateChunkStatus.TooLarge);
            pairs.Add(new(key, value));
        }
        var proof = view.ProveTreeKey(state.Block.StateRoot, path);
        var siblings = proof.Siblings.Take(Math.Min(proof.Depth, (int)m.Depth)).ToList();
        SmtLeaf? terminal = proof.Depth < m.Depth && proof.Leaf is { } leaf && !SmtSubtree.HasPrefix(leaf.Key, path, m.Depth) ? leaf : null;
        return new StateChunkMessage(m.Block, m.Depth, m.Path, StateChunkStatus.Ok, siblings, terminal, pairs);
    }

    /// <summary>The blocks whose state indexes are kept now (for tests and status).</summary>
    public IReadOnlyList<uint> KeptHeights() { lock (_sync) return _states.Values.Select(s => s.Block.Height).Order().ToList(); }

    /// <summary>Called under the ledger's lock: the tip cannot move while a state is indexed or refreshed.</summary>
    private StateAtBlock? StateOf(StateView view, Hash256 block, ref long builtBytes)
    {
        lock (_sync)
        {
            Forget(view);
            if (_states.TryGetValue(block, out var kept)) return kept;
            if (!Serves(view, block, out var point)) return null;
            var built = StateAtBlock.Build(ledger, view, point);
            builtBytes = built.ScannedBytes;
            _states[block] = built;
            return built;
        }
    }

    /// <summary>Drops the indexes no longer served (the tip moved, the height aged out, a reorganisation took the block off the main chain) and refreshes the rest.</summary>
    private void Forget(StateView view)
    {
        foreach (var (hash, state) in _states.ToList())
        {
            bool served = hash == view.Tip.Hash || SnapshotHeights.IsServed(state.Block.Height, view.Tip.Height, interval);
            bool fresh;
            try { fresh = served && state.Refresh(view); }
            catch (InvalidOperationException) { fresh = false; } // an undo record missing: drop this index, not every peer's getstate
            if (!fresh) _states.Remove(hash);
        }
    }

    private bool Serves(StateView view, Hash256 block, out ChainPoint point)
    {
        point = view.Tip;
        if (block == view.Tip.Hash) return true;
        if (ledger.FindBlock(block) is not { } found || !ledger.IsOnMainChain(block)) return false;
        if (!SnapshotHeights.IsServed(found.Height, view.Tip.Height, interval)) return false;
        // Below a snapshot node's floor there are no undo records to go back with (and at the floor no body above is missing).
        if (ledger.ValidatedFrom is { } floor && found.Height < floor.Height) return false;
        point = found;
        return true;
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
