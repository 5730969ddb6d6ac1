using Hashmint.Core.Encoding;

namespace Hashmint.Core.Tests.Encoding;

public class SpanReaderRejectionTests
{
    [Theory]
    [InlineData("fd0000")]              // 0 in three bytes
    [InlineData("fdfc00")]              // 0xfc fits in one byte
    [InlineData("fe00000000")]          // 0 in five bytes
    [InlineData("feffff0000")]          // 0xffff fits in three bytes
    [InlineData("ff0000000000000000")]  // 0 in nine bytes
    [InlineData("ffffffffff00000000")]  // 0xffffffff fits in five bytes
    public void NonCanonicalVarIntsAreRejected(string hex)
    {
        var ex = Assert.Throws<DecodeException>(() => { var r = new SpanReader(Convert.FromHexString(hex)); r.ReadVarInt(); });
        Assert.Contains("non-canonical", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fd")]
    [InlineData("fd01")]
    [InlineData("fe010000")]
    [InlineData("ff01000000000000")]
    public void TruncatedVarIntsAreRejected(string hex) =>
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(Convert.FromHexString(hex)); r.ReadVarInt(); });

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var ex = Assert.Throws<DecodeException>(() =>
        {
            var r = new SpanReader(new byte[] { 1, 2, 3 });
            r.ReadU16();
            r.EnsureEnd();
        });
        Assert.Contains("1 trailing", ex.Message);
    }

    [Fact]
    public void ReadsPastTheEndAreRejected()
    {
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[3]); r.ReadU32(); });
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[31]); r.ReadHash(); });
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[7]); r.ReadU64(); });
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[4]); r.ReadBytes(-1); });
    }

    [Fact]
    public void BooleansOtherThanZeroOrOneAreRejected()
    {
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 2 }); r.ReadBool(); });
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 0xff }); r.ReadBool(); });
    }

    [Fact]
    public void LengthOverTheLimitIsRejectedBeforeReadingOrAllocating()
    {
        // A length of 2^64-1 with no data behind it: must fail on the limit, not on an allocation or a cast.
        var bytes = Convert.FromHexString("ffffffffffffffffff");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DecodeException>(() => { var r = new SpanReader(bytes); r.ReadVarBytes(1000, "blob"); });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("blob", ex.Message);
        Assert.Contains("exceeds the limit of 1000", ex.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes while rejecting");
    }

    [Fact]
    public void LengthWithinLimitButBeyondTheDataIsTruncation() =>
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 10, 1, 2 }); r.ReadVarBytes(100, "blob"); });

    [Fact]
    public void InvalidUtf8IsRejected()
    {
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 2, 0xc3, 0x28 }); r.ReadString(10, "name"); });
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 1, 0x80 }); r.ReadString(10, "name"); });
        // An encoded surrogate half (CESU-style) is not UTF-8 either.
        Assert.Throws<DecodeException>(() => { var r = new SpanReader(new byte[] { 3, 0xed, 0xa0, 0x80 }); r.ReadString(10, "name"); });
    }
}
