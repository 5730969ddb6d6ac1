using System.Security.Cryptography;

namespace Hashmint.Crypto.Tests;

public class SchnorrTests
{
    private static readonly byte[] SecretKey = Convert.FromHexString("B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF");
    private static readonly byte[] PublicKey = Convert.FromHexString("DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659");
    private static readonly byte[] Message = SHA256.HashData("hashmint"u8);

    [Fact]
    public void RandomAuxSignaturesDifferButBothVerify()
    {
        byte[] first = Schnorr.Sign(Message, SecretKey);
        byte[] second = Schnorr.Sign(Message, SecretKey);
        Assert.NotEqual(first, second);
        Assert.True(Schnorr.Verify(first, Message, PublicKey));
        Assert.True(Schnorr.Verify(second, Message, PublicKey));
    }

    [Fact]
    public void SameAuxGivesSameSignature()
    {
        byte[] aux = new byte[32];
        Assert.Equal(Schnorr.Sign(Message, SecretKey, aux), Schnorr.Sign(Message, SecretKey, aux));
    }

    [Fact]
    public void TamperedSignatureMessageOrKeyFailsVerification()
    {
        byte[] signature = Schnorr.Sign(Message, SecretKey);
        for (int i = 0; i < signature.Length; i += 7)
        {
            byte[] bad = (byte[])signature.Clone();
            bad[i] ^= 0x01;
            Assert.False(Schnorr.Verify(bad, Message, PublicKey));
        }
        byte[] otherMessage = (byte[])Message.Clone();
        otherMessage[0] ^= 0x80;
        Assert.False(Schnorr.Verify(signature, otherMessage, PublicKey));
        Assert.False(Schnorr.Verify(signature, Message, Schnorr.GetXOnlyPublicKey(RandomSecretKey())));
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(63, 32)]
    [InlineData(65, 32)]
    [InlineData(64, 0)]
    [InlineData(64, 31)]
    [InlineData(64, 33)]
    public void WrongLengthsVerifyFalseWithoutThrowing(int signatureLength, int keyLength) =>
        Assert.False(Schnorr.Verify(new byte[signatureLength], Message, new byte[keyLength]));

    [Fact]
    public void AllZeroAndAllOnesKeysVerifyFalse()
    {
        byte[] signature = Schnorr.Sign(Message, SecretKey);
        Assert.False(Schnorr.Verify(signature, Message, new byte[32]));
        Assert.False(Schnorr.Verify(signature, Message, Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }

    [Fact]
    public void SecretKeyValidity()
    {
        byte[] curveOrder = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
        byte[] orderMinusOne = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140");
        Assert.True(Schnorr.IsValidSecretKey(SecretKey));
        Assert.True(Schnorr.IsValidSecretKey(orderMinusOne));
        Assert.False(Schnorr.IsValidSecretKey(curveOrder));
        Assert.False(Schnorr.IsValidSecretKey(new byte[32]));
        Assert.False(Schnorr.IsValidSecretKey(new byte[31]));
        Assert.Throws<ArgumentException>(() => Schnorr.GetXOnlyPublicKey(curveOrder));
        Assert.Throws<ArgumentException>(() => Schnorr.Sign(Message, new byte[32]));
    }

    [Fact]
    public void SignRejectsNon32ByteMessagesAndAux()
    {
        Assert.Throws<ArgumentException>(() => Schnorr.Sign(new byte[31], SecretKey, new byte[32]));
        Assert.Throws<ArgumentException>(() => Schnorr.Sign(new byte[33], SecretKey, new byte[32]));
        Assert.Throws<ArgumentException>(() => Schnorr.Sign(Message, SecretKey, new byte[16]));
    }

    [Fact]
    public void ConcurrentSignAndVerifyAgree()
    {
        // Block validation verifies on every core; each thread must get correct answers.
        var keys = Enumerable.Range(0, 16).Select(_ => RandomSecretKey()).ToArray();
        var failures = 0;
        Parallel.For(0, 800, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] key = keys[i % keys.Length];
            byte[] message = SHA256.HashData(BitConverter.GetBytes(i));
            byte[] signature = Schnorr.Sign(message, key);
            byte[] publicKey = Schnorr.GetXOnlyPublicKey(key);
            bool good = Schnorr.Verify(signature, message, publicKey);
            signature[5] ^= 1;
            bool bad = Schnorr.Verify(signature, message, publicKey);
            if (!good || bad)
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    private static byte[] RandomSecretKey()
    {
        var key = new byte[32];
        do RandomNumberGenerator.Fill(key);
        while (!Schnorr.IsValidSecretKey(key));
        return key;
    }
}
