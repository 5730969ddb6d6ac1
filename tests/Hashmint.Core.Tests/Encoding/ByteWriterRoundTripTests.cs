using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Encoding;

public class ByteWriterRoundTripTests
{
    [Fact]
    public void EveryFieldTypeReadsBackAsWritten()
    {
        var hash = Hash256.FromInternalHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        var w = new ByteWriter(4)
            .U8(0xab).Bool(true).Bool(false).U16(0xbeef).U32(0xdeadbeef).U64(0x0123456789abcdef)
            .Hash(hash).VarBytes([1, 2, 3]).String("héllo ✓").VarInt(0).VarInt(ulong.MaxValue);

        var r = new SpanReader(w.WrittenSpan);
        Assert.Equal(0xab, r.ReadU8());
        Assert.True(r.ReadBool());
        Assert.False(r.ReadBool());
        Assert.Equal(0xbeef, r.ReadU16());
        Assert.Equal(0xdeadbeefu, r.ReadU32());
        Assert.Equal(0x0123456789abcdefUL, r.ReadU64());
        Assert.Equal(hash, r.ReadHash());
        Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadVarBytes(3, "bytes").ToArray());
        Assert.Equal("héllo ✓", r.ReadString(64, "text"));
        Assert.Equal(0UL, r.ReadVarInt());
        Assert.Equal(ulong.MaxValue, r.ReadVarInt());
        Assert.Equal(0, r.Remaining);
        r.EnsureEnd();
    }

    [Fact]
    public void IntegersAreLittleEndian()
    {
        var bytes = new ByteWriter().U16(0x0102).U32(0x03040506).U64(0x0708090a0b0c0d0e).ToArray();
        Assert.Equal(Convert.FromHexString("0201060504030e0d0c0b0a090807"), bytes);
    }

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(0xfcUL, "fc")]
    [InlineData(0xfdUL, "fdfd00")]
    [InlineData(0xffffUL, "fdffff")]
    [InlineData(0x10000UL, "fe00000100")]
    [InlineData(0xffffffffUL, "feffffffff")]
    [InlineData(0x100000000UL, "ff0000000001000000")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff")]
    public void VarIntUsesBitcoinCompactSizeAndReadsBack(ulong value, string hex)
    {
        var bytes = new ByteWriter().VarInt(value).ToArray();
        Assert.Equal(hex, Convert.ToHexStringLower(bytes));
        var r = new SpanReader(bytes);
        Assert.Equal(value, r.ReadVarInt());
        r.EnsureEnd();
    }

    [Fact]
    public void ManyRandomVarIntsRoundTrip()
    {
        var rng = new Random(1234);
        var values = new ulong[2000];
        var w = new ByteWriter();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (ulong)rng.NextInt64() >> rng.Next(64);
            w.VarInt(values[i]);
        }
        var r = new SpanReader(w.WrittenSpan);
        foreach (var v in values) Assert.Equal(v, r.ReadVarInt());
        r.EnsureEnd();
    }
}
