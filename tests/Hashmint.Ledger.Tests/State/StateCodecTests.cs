using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.State;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.State;

public class StateCodecTests
{
    [Fact]
    public void AccountStateIsSixteenBytesAndRoundTrips()
    {
        var s = new AccountState(new Amount(123_456_789), 42);
        var bytes = s.Encode();
        Assert.Equal(16, bytes.Length);
        Assert.Equal(s, AccountState.Decode(bytes));
        Assert.Throws<DecodeException>(() => AccountState.Decode(bytes[..15]));
        Assert.Throws<DecodeException>(() => AccountState.Decode([.. bytes, 0]));
        Assert.True(AccountState.Empty.IsEmpty);
        Assert.False(new AccountState(Amount.Zero, 1).IsEmpty);
    }

    [Fact]
    public void PayoutListRoundTripsAndIsBounded()
    {
        var payouts = new[] { new Payout(TestKeys.Id(1), new Amount(5)), new Payout(TestKeys.Id(2), new Amount(ulong.MaxValue)) };
        var bytes = PayoutListCodec.Encode(payouts);
        Assert.Equal(1 + 2 * 40, bytes.Length);
        Assert.Equal(payouts, PayoutListCodec.Decode(bytes));
        Assert.Empty(PayoutListCodec.Decode([0]));
        var tooMany = new ByteWriter().VarInt(Coinbase.MaxPayouts + 1).ToArray();
        Assert.Throws<DecodeException>(() => PayoutListCodec.Decode(tooMany));
    }

    [Fact]
    public void UndoRecordRoundTripsPresentAndAbsentValues()
    {
        var record = new UndoRecord([
            new KeyValuePair<byte[], byte[]?>([1, 2, 3], [9, 9]),
            new KeyValuePair<byte[], byte[]?>([4], null),
            new KeyValuePair<byte[], byte[]?>([], []),
        ]);
        var decoded = UndoRecord.Decode(record.Encode());
        Assert.Equal(3, decoded.PriorValues.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.PriorValues[0].Key);
        Assert.Equal(new byte[] { 9, 9 }, decoded.PriorValues[0].Value);
        Assert.Null(decoded.PriorValues[1].Value);
        Assert.Equal(Array.Empty<byte>(), decoded.PriorValues[2].Value);
        Assert.Equal(record.Encode(), decoded.Encode());
    }

    [Fact]
    public void UndoRecordWithAHugeCountIsRejectedWithoutAllocatingForIt()
    {
        var bytes = new ByteWriter().VarInt(9_999_999).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DecodeException>(() => UndoRecord.Decode(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"rejecting a 4-byte undo record allocated {allocated} bytes");
    }

    [Fact]
    public void ChainEntryRoundTrips()
    {
        var header = new BlockHeader(1, Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000aa"), Hash256.Zero, 77, 0x207fffff, 5);
        foreach (var work in new[] { BigInteger.One, new BigInteger(0x1_0001_0001), BigInteger.Pow(2, 200) + 12345 })
        {
            var entry = new ChainEntry(header, 9, work, null, Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000bb"), BlockStatus.Valid);
            var decoded = ChainEntry.Decode(entry.Encode());
            Assert.Equal(header, decoded.Header);
            Assert.Equal(9u, decoded.Height);
            Assert.Equal(entry.StateRoot, decoded.StateRoot);
            Assert.Equal(BlockStatus.Valid, decoded.Status);
            Assert.Equal(work, decoded.Work);
        }
    }

    [Fact]
    public void ChainEntryWithAnUnknownStatusOrPaddedWorkIsRejected()
    {
        var header = new BlockHeader(1, Hash256.Zero, Hash256.Zero, 77, 0x207fffff, 5);
        var bytes = new ChainEntry(header, 9, 1000, null, Hash256.Zero, BlockStatus.Stored).Encode();
        var badStatus = (byte[])bytes.Clone();
        badStatus[80 + 4 + 32] = 7;
        Assert.Throws<DecodeException>(() => ChainEntry.Decode(badStatus));
        // Work 1000 = e8 03; padded with a zero byte it is the same number in a second encoding.
        var padded = bytes[..^3].Concat(new byte[] { 3, 0xe8, 0x03, 0x00 }).ToArray();
        Assert.Throws<DecodeException>(() => ChainEntry.Decode(padded));
    }
}
