using Hashmint.Storage;
using System.Buffers.Binary;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.State;

/// <summary>
/// Pending writes on top of a base state. Records the value each key had in the base (read once: the base does not
/// change while an overlay is in use), which for the changed keys is the block's undo data, and supports nested
/// checkpoints so a transaction's operations apply all-or-nothing.
/// </summary>
public sealed class StateOverlay(IStateReader baseState) : IStateReader
{
    private readonly Dictionary<byte[], byte[]?> _writes = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], byte[]?> _originals = new(ByteArrayComparer.Instance);
    private readonly List<(byte[] Key, bool Had, byte[]? Value)> _journal = [];

    /// <summary>The current value: this overlay's write, else the base value (read from the base once, then remembered).</summary>
    public byte[]? Get(byte[] key)
    {
        if (_writes.TryGetValue(key, out var v)) return v;
        if (_originals.TryGetValue(key, out v)) return v;
        v = baseState.Get(key);
        _originals[key] = v;
        return v;
    }

    /// <summary>The current value, without remembering a base read (for lookups that should not grow the overlay).</summary>
    public byte[]? Peek(byte[] key)
    {
        if (_writes.TryGetValue(key, out var v)) return v;
        return _originals.TryGetValue(key, out v) ? v : baseState.Get(key);
    }

    public void Set(byte[] key, byte[]? value)
    {
        if (!_originals.ContainsKey(key)) _originals[key] = baseState.Get(key);
        bool had = _writes.TryGetValue(key, out var previous);
        _journal.Add((key, had, previous));
        _writes[key] = value;
    }

    public int Checkpoint() => _journal.Count;

    /// <summary>Undoes every write made since the checkpoint.</summary>
    public void RevertTo(int checkpoint)
    {
        for (int i = _journal.Count - 1; i >= checkpoint; i--)
        {
            var (key, had, value) = _journal[i];
            if (had) _writes[key] = value; else _writes.Remove(key);
        }
        _journal.RemoveRange(checkpoint, _journal.Count - checkpoint);
    }

    /// <summary>Keys whose final value differs from the base, with that value (null = deleted).</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]?>> Changes()
    {
        var list = new List<KeyValuePair<byte[], byte[]?>>(_writes.Count);
        foreach (var (key, value) in _writes)
        {
            var original = _originals[key];
            if (!SameValue(original, value)) list.Add(new(key, value));
        }
        list.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return list;
    }

    /// <summary>The values before the block, for exactly the keys in <see cref="Changes"/>.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]?>> UndoEntries() => UndoEntries(Changes());

    /// <summary>The values before the block for the given result of <see cref="Changes"/> (saves sorting twice).</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]?>> UndoEntries(IReadOnlyList<KeyValuePair<byte[], byte[]?>> changes) =>
        changes.Select(c => new KeyValuePair<byte[], byte[]?>(c.Key, _originals[c.Key])).ToList();

    private static bool SameValue(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    // Typed helpers used by the state machine.
    public AccountState GetAccount(AccountId id)
    {
        var bytes = Get(StateKeys.Account(id));
        return bytes is null ? AccountState.Empty : AccountState.Decode(bytes);
    }

    public void SetAccount(AccountId id, AccountState state) =>
        Set(StateKeys.Account(id), state.IsEmpty ? null : state.Encode());

    public Amount GetSupply()
    {
        var bytes = Get(StateKeys.Supply);
        return bytes is null ? Amount.Zero : new Amount(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
    }

    public void SetSupply(Amount supply)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, supply.Units);
        Set(StateKeys.Supply, b);
    }

    public IReadOnlyList<Payout> GetPendingPayouts(uint height)
    {
        var bytes = Get(StateKeys.PendingPayouts(height));
        return bytes is null ? [] : PayoutListCodec.Decode(bytes);
    }

    public void SetPendingPayouts(uint height, IReadOnlyList<Payout> payouts) =>
        Set(StateKeys.PendingPayouts(height), payouts.Count == 0 ? null : PayoutListCodec.Encode(payouts));
}
