namespace Hashmint.Crypto.Tests;

public class Bech32mTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(32)]
    [InlineData(50)]
    public void BytesRoundTrip(int length)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray();
        string text = Bech32m.Encode("hm", data);
        Assert.Equal(text.ToLowerInvariant(), text);
        Assert.True(Bech32m.TryDecode(text, out string hrp, out byte[] decoded, out string error), error);
        Assert.Equal("hm", hrp);
        Assert.Equal(data, decoded);
        Assert.True(Bech32m.TryDecode(text.ToUpperInvariant(), out _, out decoded, out error), error);
        Assert.Equal(data, decoded);
    }

    [Fact]
    public void EncodeLowercasesAnUppercaseHrp()
    {
        Assert.StartsWith("hm1", Bech32m.Encode("HM", [1, 2, 3]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("h m")]
    [InlineData("hM")]
    [InlineData("h\u00e9")]
    public void EncodeRejectsBadHrp(string hrp) =>
        Assert.Throws<ArgumentException>(() => Bech32m.Encode(hrp, [1]));

    [Fact]
    public void EncodeRejectsHrpLongerThan83()
    {
        Assert.Throws<ArgumentException>(() => Bech32m.EncodeFiveBitGroups(new string('a', 84), []));
        Assert.Equal(90, Bech32m.EncodeFiveBitGroups(new string('a', 83), []).Length);
    }

    [Fact]
    public void EncodeRejectsResultLongerThan90()
    {
        // hrp (2) + separator (1) + 82 groups + checksum (6) = 91 characters.
        Assert.Throws<ArgumentException>(() => Bech32m.EncodeFiveBitGroups("hm", new byte[82]));
        Assert.Equal(90, Bech32m.EncodeFiveBitGroups("hm", new byte[81]).Length);
    }

    [Fact]
    public void EncodeRejectsGroupsAbove31() =>
        Assert.Throws<ArgumentException>(() => Bech32m.EncodeFiveBitGroups("hm", [32]));

    [Fact]
    public void EverySingleCharacterSubstitutionIsDetected()
    {
        string text = Bech32m.Encode("hm", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        for (int position = 3; position < text.Length; position++)
        {
            char replacement = charset[(charset.IndexOf(text[position]) + 1) % 32];
            string altered = string.Concat(text.AsSpan(0, position), replacement.ToString(), text.AsSpan(position + 1));
            Assert.False(Bech32m.TryDecode(altered, out _, out _, out string error));
            Assert.Equal("bad checksum (mistyped or altered string)", error);
        }
    }

    [Fact]
    public void NullAndEmptyAreRejected()
    {
        Assert.False(Bech32m.TryDecode(null!, out _, out _, out string error));
        Assert.Equal("empty string", error);
        Assert.False(Bech32m.TryDecode("", out _, out _, out error));
        Assert.Equal("empty string", error);
    }

    [Fact]
    public void BitGroupsRoundTripAndRejectOutOfRangeValues()
    {
        byte[] data = [0xFF, 0x00, 0xA5];
        byte[] groups = BitGroups.ToFiveBit(data);
        Assert.Equal(5, groups.Length);
        Assert.True(BitGroups.TryToEightBit(groups, out byte[] back, out _));
        Assert.Equal(data, back);
        Assert.False(BitGroups.TryToEightBit([40], out _, out string error));
        Assert.Contains("5 bits", error);
    }
}
