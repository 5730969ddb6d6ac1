using System.Security.Cryptography;
using Hashmint.Crypto;

namespace Hashmint.Wallet.Tests;

public class HdWalletTests
{
    private const string AbandonAbout = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    [Theory]
    [InlineData(24)]
    [InlineData(12)]
    public void CreateMakesAFreshValidMnemonic(int words)
    {
        HdWallet first = HdWallet.Create(words);
        HdWallet second = HdWallet.Create(words);
        Assert.Equal(words, first.Mnemonic.Split(' ').Length);
        Assert.NotEqual(first.Mnemonic, second.Mnemonic);
        Assert.Equal(first.Mnemonic, HdWallet.FromMnemonic(first.Mnemonic).Mnemonic);
    }

    [Fact]
    public void CreateDefaultsTo24Words() => Assert.Equal(24, HdWallet.Create().Mnemonic.Split(' ').Length);

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(18)]
    [InlineData(25)]
    public void CreateAllowsOnly12Or24Words(int words) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HdWallet.Create(words));

    [Fact]
    public void KeysFollowTheDocumentedPath()
    {
        HdWallet wallet = HdWallet.FromMnemonic(AbandonAbout);
        byte[] seed = Bip39.MnemonicToSeed(AbandonAbout);
        for (int index = 0; index < 3; index++)
        {
            Assert.Equal($"m/44'/9339'/0'/0/{index}", HdWallet.PathOf(index));
            Assert.Equal(Bip32.DeriveSecretKey(seed, HdWallet.PathOf(index)), wallet.GetSecretKey(index));
            Assert.Equal(Schnorr.GetXOnlyPublicKey(wallet.GetSecretKey(index)), wallet.GetPublicKey(index));
        }
    }

    [Fact]
    public void KnownMnemonicGivesPinnedKeys()
    {
        // Pinned so that any change to the path or the derivation (which would strand users' funds) fails loudly.
        HdWallet wallet = HdWallet.FromMnemonic(AbandonAbout);
        Assert.Equal(PinnedSecretKey0, Convert.ToHexStringLower(wallet.GetSecretKey(0)));
        Assert.Equal(PinnedPublicKey0, Convert.ToHexStringLower(wallet.GetPublicKey(0)));
    }

    // Cross-checked with NBitcoin's own Taproot internal key for the same secret.
    private const string PinnedSecretKey0 = "5b115b3dbe41f0196605858ae6388cc9026b51a06ce95d6d7d2b59728e37d70e";
    private const string PinnedPublicKey0 = "1ae489e6bd89c0ae341eaed9b31fd713b5394bf992d10b3ce9b3e4c6ca7ad68b";

    [Fact]
    public void DerivedKeysSignAndVerify()
    {
        HdWallet wallet = HdWallet.Create();
        byte[] message = SHA256.HashData("transfer"u8);
        byte[] signature = Schnorr.Sign(message, wallet.GetSecretKey(7));
        Assert.True(Schnorr.Verify(signature, message, wallet.GetPublicKey(7)));
        Assert.False(Schnorr.Verify(signature, message, wallet.GetPublicKey(8)));
    }

    [Fact]
    public void Bip39PassphraseSelectsADifferentWallet()
    {
        HdWallet plain = HdWallet.FromMnemonic(AbandonAbout);
        HdWallet withPassphrase = HdWallet.FromMnemonic(AbandonAbout, "TREZOR");
        Assert.NotEqual(plain.GetPublicKey(0), withPassphrase.GetPublicKey(0));
        Assert.Equal(withPassphrase.GetPublicKey(0), HdWallet.FromMnemonic(AbandonAbout, "TREZOR").GetPublicKey(0));
    }

    // Found by fuzzing (fuzz/regressions/keystore-secret): with invariant globalization NBitcoin normalizes (NFKD) with
    // its own table and threw PlatformNotSupportedException for characters outside it.
    [Theory]
    [InlineData("\ue009t\u00e9")]
    [InlineData("пароль")]
    [InlineData("\ud83d\udd11")]
    public void Bip39PassphraseThatCannotBeNormalizedIsAnArgumentError(string passphrase)
    {
        var error = Assert.Throws<ArgumentException>(() => HdWallet.FromMnemonic(AbandonAbout, passphrase));
        Assert.Contains("cannot normalize", error.Message);
    }

    [Theory]
    [InlineData("\u00e9t\u00e9")]
    [InlineData("パスワード")]
    [InlineData("ＴＲＥＺＯＲ")]
    public void Bip39PassphrasesThatNormalizeStillWork(string passphrase) =>
        Assert.NotEqual(HdWallet.FromMnemonic(AbandonAbout).GetPublicKey(0), HdWallet.FromMnemonic(AbandonAbout, passphrase).GetPublicKey(0));

    [Fact]
    public void MnemonicIsNormalized()
    {
        HdWallet wallet = HdWallet.FromMnemonic("  ABANDON abandon\tabandon abandon abandon abandon abandon abandon abandon abandon abandon\nAbout ");
        Assert.Equal(AbandonAbout, wallet.Mnemonic);
    }

    [Theory]
    [InlineData("abandon abandon abandon", "expected 12, 15, 18, 21 or 24 words, got 3")]
    [InlineData("", "got 0")]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon xyzzy", "word 12 ('xyzzy') is not in the BIP-39 English word list")]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", "checksum mismatch")]
    [InlineData("about abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", "checksum mismatch")]
    [InlineData("абандон abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "word 1 ('абандон') is not in the BIP-39 English word list")]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon \ud83d\udd11", "word 12 ('\ud83d\udd11') is not in")]
    public void InvalidMnemonicsAreRejectedWithTheReason(string words, string reason)
    {
        var error = Assert.Throws<InvalidMnemonicException>(() => HdWallet.FromMnemonic(words));
        Assert.StartsWith("invalid mnemonic: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void NegativeIndexIsRejected()
    {
        HdWallet wallet = HdWallet.FromMnemonic(AbandonAbout);
        Assert.Throws<ArgumentOutOfRangeException>(() => wallet.GetSecretKey(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => wallet.GetPublicKey(int.MinValue));
    }

    [Fact]
    public void AddressEncodesThePublicKey()
    {
        HdWallet wallet = HdWallet.FromMnemonic(AbandonAbout);
        string address = wallet.GetAddress(0, "hm");
        Assert.True(Address.TryDecode(address, "hm", out byte[] publicKey, out string error), error);
        Assert.Equal(wallet.GetPublicKey(0), publicKey);
    }

    [Fact]
    public void ToStringDoesNotRevealTheMnemonic()
    {
        HdWallet wallet = HdWallet.FromMnemonic(AbandonAbout);
        Assert.DoesNotContain("abandon", wallet.ToString());
        Assert.DoesNotContain("abandon", $"{wallet}");
    }
}
