using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>What verify-state found; <paramref name="ValidatedFrom"/> is the snapshot height a node started from (null: it replayed every block).</summary>
public sealed record StateReport(uint Height, string TipHash, string StoredRoot, string ReplayedRoot, long StateKeys, long MismatchedKeys, bool Consistent, uint? ValidatedFrom = null);

/// <summary>
/// Rebuilds the state from genesis by replaying the stored main chain (<see cref="ChainReplay"/>), with full
/// validation, and compares tip, state root and every state key-value pair with the database. A node that started
/// from a snapshot is replayed the same way once every body below its snapshot is backfilled.
/// </summary>
internal static class StateVerifier
{
    /// <exception cref="NotBackfilledException">the node started from a snapshot and a body below it is still missing.</exception>
    /// <exception cref="InvalidOperationException">a stored block fails on replay.</exception>
    public static StateReport Verify(ChainManager stored)
    {
        var floor = stored.ValidatedFrom;
        if (stored.FirstMissingBelowFloor() is { } missing)
            throw new NotBackfilledException(missing, floor!.Value.Height); // a replay from genesis needs every body below the snapshot
        var tip = stored.Tip;
        using var run = ChainReplay.Run(stored, tip.Height);
        if (run.Failure is { } failure) throw new InvalidOperationException($"stored chain fails on replay: {failure}");
        var replay = run.Chain;
        var (keys, mismatched) = CompareState(stored.Blocks.Store, replay.Blocks.Store);
        bool consistent = mismatched == 0 && replay.Tip.Hash == tip.Hash && replay.Tip.StateRoot == tip.StateRoot;
        return new StateReport(tip.Height, tip.Hash.ToString(), tip.StateRoot.ToHexInternal(), replay.Tip.StateRoot.ToHexInternal(), keys, mismatched, consistent, floor?.Height);
    }

    /// <summary>
    /// Walks both state columns side by side in key order (both stores scan in unsigned-byte order), so memory stays
    /// flat however many keys there are: a key in one only, or with another value, is one mismatch.
    /// </summary>
    private static (long StoredKeys, long Mismatched) CompareState(IKeyValueStore stored, IKeyValueStore replayed)
    {
        long keys = 0, mismatched = 0;
        using var a = stored.Iterate(LedgerColumns.State, []).GetEnumerator();
        using var b = replayed.Iterate(LedgerColumns.State, []).GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            int order = !hasA ? 1 : !hasB ? -1 : ByteArrayComparer.Instance.Compare(a.Current.Key, b.Current.Key);
            if (order != 0 || !a.Current.Value.AsSpan().SequenceEqual(b.Current.Value)) mismatched++;
            if (order <= 0) { keys++; hasA = a.MoveNext(); }
            if (order >= 0) hasB = b.MoveNext();
        }
        return (keys, mismatched);
    }
}
