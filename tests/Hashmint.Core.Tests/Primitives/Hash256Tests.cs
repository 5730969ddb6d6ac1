using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Primitives;

public class Hash256Tests
{
    private const string GenesisDisplay = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";

    [Fact]
    public void DisplayFormIsTheInternalBytesReversed()
    {
        var h = Hash256.Parse(GenesisDisplay);
        Assert.Equal(GenesisDisplay, h.ToString());
        Assert.Equal("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000", h.ToHexInternal());
        Assert.Equal(0x6f, h.ToArray()[0]);
        Assert.Equal(0x00, h.ToArray()[31]);
        Assert.Equal(h, Hash256.FromInternalHex(h.ToHexInternal()));
    }

    [Fact]
    public void ParseAcceptsUpperCaseAndFormatsLowerCase() =>
        Assert.Equal(GenesisDisplay, Hash256.Parse(GenesisDisplay.ToUpperInvariant()).ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26")]   // 63 chars
    [InlineData("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f0")] // 65 chars
    [InlineData("g00000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")]  // not hex
    [InlineData(" 00000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")]
    public void MalformedTextIsRefused(string? text)
    {
        Assert.False(Hash256.TryParse(text, out _));
        if (text is not null) Assert.Throws<FormatException>(() => Hash256.Parse(text));
    }

    [Fact]
    public void ConstructorRequiresExactly32Bytes()
    {
        Assert.Throws<ArgumentException>(() => new Hash256(new byte[31]));
        Assert.Throws<ArgumentException>(() => new Hash256(new byte[33]));
    }

    [Fact]
    public void EqualityZeroAndHashCode()
    {
        var a = Hash256.Parse(GenesisDisplay);
        var b = new Hash256(a.ToArray());
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(Hash256.Zero.IsZero);
        Assert.False(a.IsZero);
        Assert.True(default(Hash256) == Hash256.Zero);
    }

    [Fact]
    public void CompareToOrdersAsLittleEndianNumbers()
    {
        var bytesLow = new byte[32];
        bytesLow[0] = 0xff; // least significant byte
        var bytesHigh = new byte[32];
        bytesHigh[31] = 0x01; // most significant byte
        var low = new Hash256(bytesLow);
        var high = new Hash256(bytesHigh);
        Assert.True(low.CompareTo(high) < 0);
        Assert.True(high.CompareTo(low) > 0);
        Assert.Equal(0, low.CompareTo(new Hash256(bytesLow)));
    }

    [Fact]
    public void GetBitCountsFromTheTopBitOfByteZero()
    {
        var bytes = new byte[32];
        bytes[0] = 0b1000_0001;
        bytes[31] = 0b0000_0001;
        var h = new Hash256(bytes);
        Assert.Equal(1, h.GetBit(0));
        Assert.Equal(0, h.GetBit(1));
        Assert.Equal(1, h.GetBit(7));
        Assert.Equal(1, h.GetBit(255));
        Assert.Equal(0, h.GetBit(254));
    }
}
