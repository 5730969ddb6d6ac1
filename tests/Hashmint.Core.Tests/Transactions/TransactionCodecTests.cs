using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Transactions;

public class TransactionCodecTests
{
    [Fact]
    public void EncodeDecodeRoundTripKeepsEveryField()
    {
        var tx = Samples.MultiTransfer(1, 3, nonce: 9);
        var decoded = Codec.DecodeTransaction(tx.Encoded);
        Assert.Equal(tx.Encoded, decoded.Encoded);
        Assert.Equal(tx.Id, decoded.Id);
        Assert.Equal(Transaction.CurrentVersion, decoded.Version);
        Assert.Equal(Samples.ChainId, decoded.ChainId);
        Assert.Equal(Samples.Account(1), decoded.Sender);
        Assert.Equal(9UL, decoded.Nonce);
        Assert.Equal(new Amount(5000), decoded.Fee);
        Assert.Equal(77u, decoded.ExpiryHeight);
        Assert.Equal(tx.Operations, decoded.Operations);
        Assert.Equal(tx.Signature, decoded.Signature);
        Assert.False(decoded.IsCoinbase);
    }

    [Fact]
    public void LayoutIsTheDocumentedOne()
    {
        var tx = Samples.Transfer(1, 2, 12345, nonce: 3, fee: 700, expiry: 99);
        var b = tx.Encoded;
        Assert.Equal(1 + 1 + 4 + 32 + 8 + 8 + 4 + 1 + (1 + 32 + 8) + 64, b.Length);
        Assert.Equal(tx.Size, b.Length);
        Assert.Equal(Transaction.Kind, b[0]);
        Assert.Equal(Transaction.CurrentVersion, b[1]);
        Assert.Equal(Samples.ChainId, BitConverter.ToUInt32(b, 2));
        Assert.Equal(Samples.Account(1).ToArray(), b[6..38]);
        Assert.Equal(3UL, BitConverter.ToUInt64(b, 38));
        Assert.Equal(700UL, BitConverter.ToUInt64(b, 46));
        Assert.Equal(99u, BitConverter.ToUInt32(b, 54));
        Assert.Equal(1, b[58]);
        Assert.Equal((byte)TransferOperation.Code, b[59]);
        Assert.Equal(Samples.Account(2).ToArray(), b[60..92]);
        Assert.Equal(12345UL, BitConverter.ToUInt64(b, 92));
        Assert.Equal(tx.Signature, b[100..]);
        Assert.Equal(new Hash256(Hashmint.Crypto.Sha256d.Hash(b)), tx.Id);
    }

    [Fact]
    public void UnsupportedVersionIsRejected()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        b[1] = 2;
        Assert.Contains("version", Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(b)).Message);
    }

    [Fact]
    public void UnknownOperationTypeIsRejected()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        b[59] = 0x7f;
        Assert.Contains("operation type", Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(b)).Message);
    }

    [Fact]
    public void ZeroOperationsAreRejected()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        var noOps = b[..58].Concat(new byte[] { 0 }).Concat(b[100..]).ToArray();
        Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(noOps));
    }

    [Fact]
    public void TooManyOperationsAreRejectedBeforeReadingThem()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        b[58] = Transaction.MaxOperations + 1;
        Assert.Contains("operation count", Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(b)).Message);
        var max = Samples.MultiTransfer(3, Transaction.MaxOperations);
        Assert.Equal(max.Encoded, Codec.DecodeTransaction(max.Encoded).Encoded);
    }

    [Fact]
    public void TrailingAndMissingBytesAreRejected()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        Assert.Throws<DecodeException>(() => Codec.DecodeTransaction([.. b, 0]));
        Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(b[..^1]));
        Assert.Throws<DecodeException>(() => Codec.DecodeTransaction([]));
    }

    [Fact]
    public void ACoinbaseCannotBeSubmittedAsATransaction() =>
        Assert.Contains("coinbase", Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(Samples.Coinbase().Encoded)).Message);

    [Fact]
    public void OversizedInputIsRejectedBeforeParsing() =>
        Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(new byte[TransactionCodec.MaxTransactionBytes + 1]));

    [Fact]
    public void UnknownKindIsRejected()
    {
        var b = Samples.Transfer(1, 2, 5).Encoded;
        b[0] = 0x05;
        Assert.Contains("kind", Assert.Throws<DecodeException>(() => Codec.DecodeTransaction(b)).Message);
    }

    [Fact]
    public void OutflowAddsFeeAndTransfersAndOverflowIsRefused()
    {
        var tx = Samples.MultiTransfer(1, 3);
        var empty = new Hashmint.Ledger.State.StateOverlay(new EmptyState());
        Assert.Equal(new Amount(5000 + 1000 + 2000 + 3000), OperationRegistry.Default.Outflow(tx, empty));
        var huge = Transaction.CreateSigned(Samples.ChainId, Samples.SecretKey(1), 0, new Amount(1), 0,
            [new TransferOperation(Samples.Account(2), new Amount(ulong.MaxValue))]);
        Assert.Equal(Hashmint.Ledger.RejectCodes.InsufficientFunds,
            Assert.Throws<Hashmint.Ledger.RejectedException>(() => OperationRegistry.Default.Outflow(huge, empty)).Rejection.Code);
    }

    private sealed class EmptyState : Hashmint.Ledger.State.IStateReader
    {
        public byte[]? Get(byte[] key) => null;
    }
}
