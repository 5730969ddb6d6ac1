using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Transactions;

public class SignatureTests
{
    [Fact]
    public void SignedTransactionVerifiesAlsoAfterDecoding()
    {
        var tx = Samples.Transfer(4, 5, 10);
        Assert.True(tx.VerifySignature());
        Assert.True(Codec.DecodeTransaction(tx.Encoded).VerifySignature());
    }

    [Fact]
    public void SignatureIsBip340OverTheTaggedHashOfTheUnsignedBytes()
    {
        var tx = Samples.Transfer(4, 5, 10);
        var digest = TaggedHash.Hash(Transaction.SigningTag, tx.Encoded.AsSpan(0, tx.Encoded.Length - Transaction.SignatureSize));
        Assert.Equal(digest, tx.SigningHash());
        Assert.True(Schnorr.Verify(tx.Signature, digest, Samples.Account(4).ToArray()));
    }

    [Fact]
    public void AnyChangedSignedByteBreaksTheSignature()
    {
        var tx = Samples.Transfer(4, 5, 10, nonce: 2, fee: 300, expiry: 50);
        var b = tx.Encoded;
        // Every byte of the signed body except the kind byte (a changed kind no longer decodes as a transaction).
        for (int i = 1; i < b.Length - Transaction.SignatureSize; i++)
        {
            if (i == 1 || i == 58 || i == 59) continue; // version, op count, op type: these no longer decode
            var changed = (byte[])b.Clone();
            changed[i] ^= 0x01;
            var decoded = Codec.DecodeTransaction(changed);
            Assert.False(decoded.VerifySignature(), $"a change at byte {i} still verifies");
        }
    }

    [Fact]
    public void AnyChangedSignatureByteFails()
    {
        var tx = Samples.Transfer(4, 5, 10);
        for (int i = tx.Encoded.Length - Transaction.SignatureSize; i < tx.Encoded.Length; i += 3)
        {
            var changed = (byte[])tx.Encoded.Clone();
            changed[i] ^= 0x80;
            Assert.False(Codec.DecodeTransaction(changed).VerifySignature());
        }
    }

    [Fact]
    public void SignatureByAnotherKeyFails()
    {
        var real = Samples.Transfer(4, 5, 10);
        var forged = new Transaction(real.Version, real.ChainId, real.Sender, real.Nonce, real.Fee, real.ExpiryHeight, real.Operations,
            Schnorr.Sign(real.SigningHash(), Samples.SecretKey(6)));
        Assert.False(forged.VerifySignature());
        var noKey = new Transaction(real.Version, real.ChainId, AccountId.None, real.Nonce, real.Fee, real.ExpiryHeight, real.Operations, real.Signature);
        Assert.False(noKey.VerifySignature());
    }

    [Fact]
    public void SignatureCommitsToTheChainId()
    {
        var tx = Samples.Transfer(4, 5, 10);
        var other = new Transaction(tx.Version, tx.ChainId + 1, tx.Sender, tx.Nonce, tx.Fee, tx.ExpiryHeight, tx.Operations, tx.Signature);
        Assert.False(other.VerifySignature());
    }
}
