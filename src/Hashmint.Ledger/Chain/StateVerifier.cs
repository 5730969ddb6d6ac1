using Hashmint.Ledger.Operations;
using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

public sealed record StateReport(uint Height, string TipHash, string StoredRoot, string ReplayedRoot, long StateKeys, long MismatchedKeys, bool Consistent);

/// <summary>
/// Rebuilds the state from genesis by replaying the stored main chain into a fresh in-memory chain, with full
/// validation, and compares tip, state root and every state key-value pair with the database.
/// </summary>
internal static class StateVerifier
{
    public static StateReport Verify(ChainManager stored, OperationRegistry operations)
    {
        if (stored.ValidatedFrom is { } floor)
            throw new NotBackfilledException(1, floor.Height); // a replay from genesis needs the bodies below the snapshot
        using var memory = new MemoryKeyValueStore();
        var replay = new ChainManager(memory, stored.Params, operations);
        foreach (var block in stored.MainChainBlocks(1))
        {
            var r = replay.ProcessBlock(block);
            if (r.Rejection is not null) throw new InvalidOperationException($"stored block {block.Height} fails validation on replay: {r.Rejection}");
        }
        var storedPairs = stored.Blocks.Store.Iterate(LedgerColumns.State, []).ToList();
        var replayPairs = memory.Iterate(LedgerColumns.State, []).ToDictionary(kv => Convert.ToHexString(kv.Key), kv => kv.Value);
        long mismatched = 0;
        foreach (var (key, value) in storedPairs)
            if (!replayPairs.Remove(Convert.ToHexString(key), out var other) || !other.AsSpan().SequenceEqual(value)) mismatched++;
        mismatched += replayPairs.Count;
        var tip = stored.Tip;
        bool consistent = mismatched == 0 && replay.Tip.Hash == tip.Hash && replay.Tip.StateRoot == tip.StateRoot;
        return new StateReport(tip.Height, tip.Hash.ToString(), tip.StateRoot.ToHexInternal(), replay.Tip.StateRoot.ToHexInternal(), storedPairs.Count, mismatched, consistent);
    }
}
