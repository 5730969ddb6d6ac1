using NBitcoin;

namespace Hashmint.Wallet.Tests;

/// <summary>BIP-32 test vector 1 (seed 000102030405060708090a0b0c0d0e0f), chain m/0H/1/2H/2/1000000000.</summary>
public class Bip32VectorTests
{
    private static readonly byte[] Seed = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    public static TheoryData<string, string, string> Chain => new()
    {
        { "m", "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35",
          "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi" },
        { "m/0'", "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea",
          "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7" },
        { "m/0'/1", "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368",
          "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs" },
        { "m/0'/1/2'", "cbce0d719ecf7431d88e6a89fa1483e02e35092af60c042b1df2ff59fa424dca",
          "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM" },
        { "m/0'/1/2'/2", "0f479245fb19a38a1954c5c7c0ebab2f9bdfd96a17563ef28a6a4b1a2a764ef4",
          "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334" },
        { "m/0'/1/2'/2/1000000000", "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8",
          "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76" },
    };

    [Theory]
    [MemberData(nameof(Chain))]
    public void DerivesTheVectorPrivateKeys(string path, string privateKeyHex, string xprv)
    {
        Assert.Equal(privateKeyHex, Convert.ToHexStringLower(Bip32.DeriveSecretKey(Seed, path)));
        // The extended key from the BIP text embeds the same private key and chain code.
        ExtKey expected = ExtKey.Parse(xprv, Network.Main);
        Assert.Equal(privateKeyHex, Convert.ToHexStringLower(expected.PrivateKey.ToBytes()));
        Assert.Equal(xprv, ExtKey.CreateFromSeed(Seed).Derive(new KeyPath(path)).ToString(Network.Main));
    }

    [Fact]
    public void HardenedMarkerMayBeH()
    {
        Assert.Equal(Bip32.DeriveSecretKey(Seed, "m/0'/1/2'"), Bip32.DeriveSecretKey(Seed, "m/0h/1/2h"));
    }

    [Theory]
    [InlineData("m/x")]
    [InlineData("m/0''")]
    public void InvalidPathsAreRejected(string path) =>
        Assert.Throws<ArgumentException>(() => Bip32.DeriveSecretKey(Seed, path));

    [Fact]
    public void SeedLengthIsChecked()
    {
        Assert.Throws<ArgumentException>(() => Bip32.DeriveSecretKey(new byte[15], "m/0"));
        Assert.Throws<ArgumentException>(() => Bip32.DeriveSecretKey(new byte[65], "m/0"));
    }
}
