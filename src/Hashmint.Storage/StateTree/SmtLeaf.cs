namespace Hashmint.Storage;

/// <summary>The leaf that ends a proof's path: its 32-byte key and 32-byte value hash. Equality is by content.</summary>
public sealed record SmtLeaf
{
    public SmtLeaf(byte[] key, byte[] valueHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(valueHash);
        if (key.Length != SmtHashing.KeySize) throw new ArgumentException($"A leaf key must be {SmtHashing.KeySize} bytes.", nameof(key));
        if (valueHash.Length != SmtHashing.HashSize) throw new ArgumentException($"A value hash must be {SmtHashing.HashSize} bytes.", nameof(valueHash));
        Key = (byte[])key.Clone();
        ValueHash = (byte[])valueHash.Clone();
    }

    public byte[] Key { get; }

    public byte[] ValueHash { get; }

    public bool Equals(SmtLeaf? other) =>
        other is not null && Key.AsSpan().SequenceEqual(other.Key) && ValueHash.AsSpan().SequenceEqual(other.ValueHash);

    public override int GetHashCode() => ByteArrayComparer.Instance.GetHashCode(Key);

    public override string ToString() => $"SmtLeaf {{ Key = {Convert.ToHexStringLower(Key)}, ValueHash = {Convert.ToHexStringLower(ValueHash)} }}";
}
