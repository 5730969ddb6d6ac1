using System.Security.Cryptography;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Storage;

namespace Hashmint.Network;

/// <summary>
/// The state at one main-chain block at or below the tip, read through the tip's state: every key the block's state
/// has, sorted by tree key, and the values at the block of the keys changed since (taken from the undo records of the
/// blocks above it). A value is the one in <see cref="_before"/> when the key changed since, else the tip's.
/// Every member is called under the ledger's lock (inside <see cref="LedgerFacade.ReadState{T}"/>), so the tip
/// cannot move during a call.
/// </summary>
internal sealed class StateAtBlock
{
    private readonly LedgerFacade _ledger;
    private readonly Dictionary<byte[], byte[]?> _before = new(ByteArrayComparer.Instance);
    // The main-chain blocks above Block whose changes are in _before, by height (Block.Height + 1 first).
    private readonly List<Hash256> _applied = [];
    private Hash256 _refreshedAt;

    public ChainPoint Block { get; }
    public byte[][] TreeKeys { get; }
    public byte[][] StateKeys { get; }
    /// <summary>The bytes of state scanned to build the index (what a getstate that built it is charged beside its answer).</summary>
    public long ScannedBytes { get; private init; }

    private StateAtBlock(LedgerFacade ledger, ChainPoint block, byte[][] treeKeys, byte[][] stateKeys)
    {
        _ledger = ledger;
        Block = block;
        TreeKeys = treeKeys;
        StateKeys = stateKeys;
    }

    /// <summary>Builds the index of <paramref name="block"/>'s state (one scan of the tip's state and the undo records above the block).</summary>
    public static StateAtBlock Build(LedgerFacade ledger, StateView view, ChainPoint block)
    {
        var before = new Dictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
        var applied = new List<Hash256>();
        ApplyChanges(ledger, before, applied, block.Height + 1, view.Tip.Height);
        var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
        long scanned = 0;
        foreach (var pair in ledger.ScanState([]))
        {
            keys.Add(pair.Key);
            scanned += pair.Key.Length + pair.Value.Length;
        }
        foreach (var (key, value) in before)
        {
            if (value is null) keys.Remove(key);
            else keys.Add(key);
        }
        var stateKeys = keys.ToArray();
        var treeKeys = stateKeys.Select(k => SHA256.HashData(k)).ToArray();
        Array.Sort(treeKeys, stateKeys, ByteArrayComparer.Instance);
        var built = new StateAtBlock(ledger, block, treeKeys, stateKeys) { ScannedBytes = scanned };
        foreach (var (key, value) in before) built._before[key] = value;
        built._applied.AddRange(applied);
        built._refreshedAt = view.Tip.Hash;
        return built;
    }

    /// <summary>The block's value of a key its state has.</summary>
    public byte[]? Get(StateView view, byte[] stateKey) => _before.TryGetValue(stateKey, out var value) ? value : view.Get(stateKey);

    /// <summary>
    /// Brings the values changed since the block up to the tip: the blocks above it that are new since the last call
    /// (after a reorganisation above it, those of the new branch) add the keys they change with their prior values.
    /// A key already here keeps its value, which is the block's whatever branch is above it. False when the block is
    /// no longer on the main chain.
    /// </summary>
    public bool Refresh(StateView view)
    {
        if (view.Tip.Hash == _refreshedAt) return true; // the same tip: the same main chain
        if (_ledger.BlockAt(Block.Height) is not { } still || still.Hash != Block.Hash) return false;
        uint tip = view.Tip.Height;
        if (tip < Block.Height) return false;
        int keep = 0;
        while (keep < _applied.Count && Block.Height + 1 + (uint)keep <= tip
               && _ledger.BlockAt(Block.Height + 1 + (uint)keep) is { } at && at.Hash == _applied[keep]) keep++;
        _applied.RemoveRange(keep, _applied.Count - keep);
        ApplyChanges(_ledger, _before, _applied, Block.Height + 1 + (uint)keep, tip);
        _refreshedAt = view.Tip.Hash;
        return true;
    }

    private static void ApplyChanges(LedgerFacade ledger, Dictionary<byte[], byte[]?> before, List<Hash256> applied, uint from, uint to)
    {
        for (uint h = from; h <= to && h != 0; h++)
        {
            var block = ledger.BlockAt(h) ?? throw new InvalidOperationException($"main chain has no block at {h} below its tip {to}");
            var changes = ledger.StateChangesOf(block.Hash)
                          ?? throw new InvalidOperationException($"block {h} {block.Hash} has no undo record");
            foreach (var (key, prior) in changes) before.TryAdd(key, prior);
            applied.Add(block.Hash);
        }
    }
}
