using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hashmint.Core.Primitives;

/// <summary>
/// A 32-byte hash held by value. Bytes are kept in the order the hash function produced them
/// ("internal order"); <see cref="ToString"/> shows them byte-reversed, as Bitcoin does for block hashes and txids.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Size = 32;
    private readonly ulong _a, _b, _c, _d;

    public static readonly Hash256 Zero;

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"a hash is {Size} bytes, got {bytes.Length}", nameof(bytes));
        _a = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    public bool IsZero => (_a | _b | _c | _d) == 0;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Bit i counted from the most significant bit of byte 0 (used to walk Merkle trees by key).</summary>
    public int GetBit(int index)
    {
        Span<byte> b = stackalloc byte[Size];
        CopyTo(b);
        return (b[index >> 3] >> (7 - (index & 7))) & 1;
    }

    /// <summary>Hex of the bytes in internal order.</summary>
    public string ToHexInternal()
    {
        Span<byte> b = stackalloc byte[Size];
        CopyTo(b);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Byte-reversed hex, the way block hashes and txids are shown.</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Size];
        CopyTo(b);
        b.Reverse();
        return Convert.ToHexStringLower(b);
    }

    /// <summary>Parses the displayed (byte-reversed) hex form.</summary>
    public static Hash256 Parse(string hex)
    {
        if (!TryParse(hex, out var h)) throw new FormatException("expected 64 hex characters");
        return h;
    }

    public static bool TryParse(string? hex, out Hash256 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2) return false;
        Span<byte> b = stackalloc byte[Size];
        if (Convert.FromHexString(hex, b, out _, out int written) != System.Buffers.OperationStatus.Done || written != Size) return false;
        b.Reverse();
        hash = new Hash256(b);
        return true;
    }

    public static Hash256 FromInternalHex(string hex) => new(Convert.FromHexString(hex));

    public bool Equals(Hash256 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is Hash256 h && Equals(h);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);
    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);

    /// <summary>Orders hashes as 256-bit little-endian numbers (the way targets compare).</summary>
    public int CompareTo(Hash256 other)
    {
        int c = _d.CompareTo(other._d); if (c != 0) return c;
        c = _c.CompareTo(other._c); if (c != 0) return c;
        c = _b.CompareTo(other._b); if (c != 0) return c;
        return _a.CompareTo(other._a);
    }

}
