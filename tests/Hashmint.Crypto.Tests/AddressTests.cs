namespace Hashmint.Crypto.Tests;

public class AddressTests
{
    private static readonly byte[] PublicKey = Convert.FromHexString("DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659");

    [Fact]
    public void RoundTrip()
    {
        string address = Address.Encode("hm", PublicKey);
        Assert.StartsWith("hm1", address);
        Assert.Equal(2 + 1 + 52 + 6, address.Length);
        Assert.True(Address.TryDecode(address, "hm", out byte[] decoded, out string error), error);
        Assert.Equal(PublicKey, decoded);
        Assert.True(Address.TryDecode(address.ToUpperInvariant(), "hm", out decoded, out error), error);
        Assert.Equal(PublicKey, decoded);
    }

    [Fact]
    public void WrongPrefixNamesTheExpectedOne()
    {
        string address = Address.Encode("thm", PublicKey);
        Assert.False(Address.TryDecode(address, "hm", out byte[] decoded, out string error));
        Assert.Empty(decoded);
        Assert.Contains("wrong address prefix 'thm'", error);
        Assert.Contains("'hm1'", error);
    }

    [Fact]
    public void PayloadMustBe32Bytes()
    {
        Assert.False(Address.TryDecode(Bech32m.Encode("hm", new byte[31]), "hm", out _, out string error));
        Assert.Contains("31 bytes", error);
        Assert.False(Address.TryDecode(Bech32m.Encode("hm", new byte[33]), "hm", out _, out error));
        Assert.Contains("33 bytes", error);
        Assert.Throws<ArgumentException>(() => Address.Encode("hm", new byte[31]));
    }

    [Fact]
    public void PayloadMustBeACurvePoint()
    {
        // From BIP-340 vector 5: "public key not on the curve".
        byte[] offCurve = Convert.FromHexString("EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34");
        Assert.False(Address.TryDecode(Bech32m.Encode("hm", offCurve), "hm", out _, out string error));
        Assert.Contains("not a valid public key", error);
    }

    [Fact]
    public void CorruptedAddressExplainsWhy()
    {
        string address = Address.Encode("hm", PublicKey);
        string corrupted = address[..^1] + (address[^1] == 'q' ? 'p' : 'q');
        Assert.False(Address.TryDecode(corrupted, "hm", out _, out string error));
        Assert.Equal("invalid address: bad checksum (mistyped or altered string)", error);
    }
}
