using System.Buffers.Binary;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Blocks;

/// <summary>Bitcoin's 80-byte header, unchanged, so stock SHA-256d miners and Stratum tooling work as they are.</summary>
public sealed record BlockHeader(uint Version, Hash256 PreviousHash, Hash256 MerkleRoot, uint Time, uint Bits, uint Nonce)
{
    public const int Size = 80;

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        WriteTo(b);
        return b;
    }

    public void WriteTo(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b, Version);
        PreviousHash.CopyTo(b[4..]);
        MerkleRoot.CopyTo(b[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[68..], Time);
        BinaryPrimitives.WriteUInt32LittleEndian(b[72..], Bits);
        BinaryPrimitives.WriteUInt32LittleEndian(b[76..], Nonce);
    }

    public Hash256 Hash
    {
        get
        {
            Span<byte> b = stackalloc byte[Size];
            WriteTo(b);
            Span<byte> h = stackalloc byte[32];
            Sha256d.Hash(b, h);
            return new Hash256(h);
        }
    }

    public static BlockHeader Read(ref SpanReader r) =>
        new(r.ReadU32(), r.ReadHash(), r.ReadHash(), r.ReadU32(), r.ReadU32(), r.ReadU32());

    public static BlockHeader Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var h = Read(ref r);
        r.EnsureEnd();
        return h;
    }
}
