using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>The 256-bit little-endian comparison the re-check and the miner rely on.</summary>
public sealed class HashTargetTests
{
    [Fact]
    public void EqualMeetsAndTheMostSignificantDifferingByteDecides()
    {
        byte[] target = new byte[32];
        target[31] = 0x10;
        target[0] = 0x05;

        Assert.True(HashTarget.Meets(target, target));
        Assert.False(HashTarget.Meets(With(target, 0, 0x06), target));
        Assert.True(HashTarget.Meets(With(target, 0, 0x04), target));
        // A larger low byte loses to a smaller high byte.
        Assert.True(HashTarget.Meets(With(With(target, 0, 0xff), 31, 0x0f), target));
        Assert.False(HashTarget.Meets(With(With(target, 0, 0x00), 31, 0x11), target));
        // Byte 8 is in the second 64-bit limb: limb boundaries must not break the order.
        Assert.False(HashTarget.Meets(With(target, 8, 0x01), target));
    }

    [Fact]
    public void CompactTargetOfTheGenesisBitsIsFfffShiftedLeft208Bits()
    {
        byte[] target = CompactTarget.ToLittleEndian(0x1d00ffff);

        Assert.Equal("00000000ffff0000000000000000000000000000000000000000000000000000", DisplayHex.FromInternalOrder(target));
    }

    private static byte[] With(byte[] bytes, int index, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }
}
