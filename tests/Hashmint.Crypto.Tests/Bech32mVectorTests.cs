namespace Hashmint.Crypto.Tests;

/// <summary>The test vectors of BIP-350 (copied exactly from the BIP text).</summary>
public class Bech32mVectorTests
{
    [Theory]
    [InlineData("A1LQFN3A")]
    [InlineData("a1lqfn3a")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6")]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")]
    [InlineData("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v")]
    [InlineData("?1v759aa")]
    public void ValidStringsDecodeAndReencodeToTheirLowercaseForm(string text)
    {
        Assert.True(Bech32m.TryDecodeFiveBitGroups(text, out string hrp, out byte[] groups, out string error), error);
        Assert.Equal("", error);
        Assert.Equal(text[..text.LastIndexOf('1')].ToLowerInvariant(), hrp);
        Assert.Equal(text.ToLowerInvariant(), Bech32m.EncodeFiveBitGroups(hrp, groups));
    }

    [Fact]
    public void AbcdefVectorCarriesTheCharsetInReverse()
    {
        Assert.True(Bech32m.TryDecodeFiveBitGroups("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", out _, out byte[] groups, out _));
        Assert.Equal(Enumerable.Range(0, 32).Reverse().Select(v => (byte)v), groups);
    }

    [Theory]
    [InlineData(" 1xj0phk", "invalid character")]        // HRP character out of range (0x20)
    [InlineData("\u007F1g6xzxy", "invalid character")]   // HRP character out of range (0x7F)
    [InlineData("\u00801vctc34", "invalid character")]   // HRP character out of range (0x80)
    [InlineData("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", "too long")]
    [InlineData("qyrz8wqd2c9m", "missing separator")]
    [InlineData("1qyrz8wqd2c9m", "empty human-readable part")]
    [InlineData("y1b0jsk6g", "invalid data character 'b'")]
    [InlineData("lt1igcx5c0", "invalid data character 'i'")]
    [InlineData("in1muywd", "too short")]
    [InlineData("mm1crxm3i", "invalid data character 'i'")]  // invalid character in checksum
    [InlineData("au1s5cgom", "invalid data character 'o'")]  // invalid character in checksum
    [InlineData("M1VUXWEZ", "bad checksum")]                  // checksum calculated with uppercase form of HRP
    [InlineData("16plkw9", "empty human-readable part")]
    [InlineData("1p2gdwpf", "empty human-readable part")]
    public void InvalidStringsAreRejectedForTheRightReason(string text, string expectedReason)
    {
        Assert.False(Bech32m.TryDecodeFiveBitGroups(text, out string hrp, out byte[] groups, out string error));
        Assert.Contains(expectedReason, error);
        Assert.Equal("", hrp);
        Assert.Empty(groups);
        Assert.False(Bech32m.TryDecode(text, out _, out _, out string byteError));
        Assert.Equal(error, byteError);
    }

    // Valid bech32m segwit addresses: the first 5-bit group is the witness version, the rest the
    // program, which checks the 5-to-8 regrouping against official data.
    [Theory]
    [InlineData("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("BC1SW50QGDZ25J", "6002751e")]
    [InlineData("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323")]
    [InlineData("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    public void SegwitV1PlusProgramsRegroupToTheOfficialBytes(string address, string scriptPubKeyHex)
    {
        Assert.True(Bech32m.TryDecodeFiveBitGroups(address, out _, out byte[] groups, out string error), error);
        Assert.True(BitGroups.TryToEightBit(groups.AsSpan(1), out byte[] program, out error), error);
        Assert.Equal(Convert.FromHexString(scriptPubKeyHex)[2..], program);
    }

    [Theory]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")]
    [InlineData("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf")]
    [InlineData("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL")]
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")]
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7")]
    [InlineData("A12UEL5L")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    public void Bech32ChecksumIsReportedAsTheWrongVariant(string bech32Text)
    {
        Assert.False(Bech32m.TryDecode(bech32Text, out _, out _, out string error));
        Assert.Contains("wrong checksum variant", error);
    }

    [Fact]
    public void MixedCaseIsRejected()
    {
        Assert.False(Bech32m.TryDecode("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", out _, out _, out string error));
        Assert.Contains("mixed case", error);
    }

    [Theory]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "leftover bits")]  // zero padding of more than 4 bits
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "not zero")]       // non-zero padding in 8-to-5 conversion
    public void PaddingErrorsAreRejected(string address, string expectedReason)
    {
        Assert.True(Bech32m.TryDecodeFiveBitGroups(address, out _, out byte[] groups, out string error), error);
        Assert.False(BitGroups.TryToEightBit(groups.AsSpan(1), out _, out error));
        Assert.Contains("invalid padding", error);
        Assert.Contains(expectedReason, error);
    }

    [Fact]
    public void ByteDecodeRejectsNonZeroPaddingOfAValidString()
    {
        // 82 groups = 410 bits: 51 bytes plus two padding bits that are '1's in this vector.
        Assert.False(Bech32m.TryDecode("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8", out _, out _, out string error));
        Assert.Contains("invalid padding", error);
    }
}
