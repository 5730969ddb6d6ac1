namespace Hashmint.Storage;

/// <summary>One key's new value hash (null = delete), validated and ready to sort.</summary>
internal readonly record struct SmtChange(byte[] Key, byte[]? ValueHash) : IHasKey
{
    /// <summary>Copies, checks and sorts the caller's changes by key; a key may appear only once.</summary>
    public static SmtChange[] Prepare(IReadOnlyList<(byte[] Key, byte[]? ValueHash)> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var prepared = new SmtChange[changes.Count];
        for (var i = 0; i < prepared.Length; i++)
        {
            var (key, valueHash) = changes[i];
            if (key is null || key.Length != SmtHashing.KeySize)
                throw new ArgumentException($"Change {i}: the key must be {SmtHashing.KeySize} bytes.", nameof(changes));
            if (valueHash is not null && valueHash.Length != SmtHashing.HashSize)
                throw new ArgumentException($"Change {i}: the value hash must be {SmtHashing.HashSize} bytes or null.", nameof(changes));
            prepared[i] = new SmtChange((byte[])key.Clone(), (byte[]?)valueHash?.Clone());
        }
        Array.Sort(prepared, static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (var i = 1; i < prepared.Length; i++)
        {
            if (prepared[i - 1].Key.AsSpan().SequenceEqual(prepared[i].Key))
                throw new ArgumentException($"Key {Convert.ToHexStringLower(prepared[i].Key)} appears more than once in one update.", nameof(changes));
        }
        return prepared;
    }
}
