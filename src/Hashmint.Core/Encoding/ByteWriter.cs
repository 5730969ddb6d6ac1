using System.Buffers;
using System.Buffers.Binary;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Encoding;

/// <summary>Growable little-endian writer; the mirror of <see cref="SpanReader"/>.</summary>
public sealed class ByteWriter(int initialCapacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(initialCapacity);

    public int Length => _buffer.WrittenCount;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public ByteWriter Bytes(ReadOnlySpan<byte> data) { _buffer.Write(data); return this; }
    public ByteWriter U8(byte v) { _buffer.GetSpan(1)[0] = v; _buffer.Advance(1); return this; }
    public ByteWriter Bool(bool v) => U8(v ? (byte)1 : (byte)0);
    public ByteWriter U16(ushort v) { BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), v); _buffer.Advance(2); return this; }
    public ByteWriter U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), v); _buffer.Advance(4); return this; }
    public ByteWriter U64(ulong v) { BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), v); _buffer.Advance(8); return this; }
    public ByteWriter Hash(Hash256 h) { h.CopyTo(_buffer.GetSpan(Hash256.Size)); _buffer.Advance(Hash256.Size); return this; }

    public ByteWriter VarInt(ulong v)
    {
        if (v < 0xfd) return U8((byte)v);
        if (v <= 0xffff) return U8(0xfd).U16((ushort)v);
        if (v <= 0xffff_ffff) return U8(0xfe).U32((uint)v);
        return U8(0xff).U64(v);
    }

    public ByteWriter VarBytes(ReadOnlySpan<byte> data) => VarInt((ulong)data.Length).Bytes(data);
    public ByteWriter String(string s) => VarBytes(System.Text.Encoding.UTF8.GetBytes(s));
}
