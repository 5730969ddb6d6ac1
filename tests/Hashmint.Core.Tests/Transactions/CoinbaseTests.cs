using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Transactions;

public class CoinbaseTests
{
    [Fact]
    public void BytesSplitAsCoinb1ExtranonceCoinb2()
    {
        var cb = Samples.Coinbase(height: 513);
        var b = cb.Encoded;
        Assert.Equal(Coinbase.ExtranonceOffset, cb.Coinb1.Length);
        Assert.Equal(new byte[] { Coinbase.Kind }, cb.Coinb1[..1].ToArray());
        Assert.Equal(Samples.ChainId, BinaryPrimitives.ReadUInt32LittleEndian(cb.Coinb1[1..]));
        Assert.Equal(513u, BinaryPrimitives.ReadUInt32LittleEndian(cb.Coinb1[5..]));
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(Coinbase.ExtranonceOffset, Coinbase.ExtranonceSize)));

        var extranonce = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(extranonce, cb.Extranonce);
        byte[] rebuilt = [.. cb.Coinb1, .. extranonce, .. cb.Coinb2];
        Assert.Equal(b, rebuilt);
    }

    [Fact]
    public void RollingTheExtranonceChangesOnlyItsEightBytes()
    {
        var cb = Samples.Coinbase();
        var rolled = cb.WithExtranonce(0xdeadbeefcafef00d);
        Assert.Equal(cb.Coinb1.ToArray(), rolled.Coinb1.ToArray());
        Assert.Equal(cb.Coinb2.ToArray(), rolled.Coinb2.ToArray());
        Assert.Equal(cb.Encoded.Length, rolled.Encoded.Length);
        Assert.NotEqual(cb.Id, rolled.Id);
        Assert.Equal(cb.StateRoot, rolled.StateRoot);
        Assert.Equal(cb.Payouts, rolled.Payouts);
    }

    [Fact]
    public void AStratumMinerRebuildsTheMerkleRootFromCoinbaseHalvesAndBranch()
    {
        var block = Samples.Block(5);
        var branch = MerkleTree.CoinbaseBranch(block.TransactionIds());
        ulong extranonce = 0x0102030405060708;
        var en = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(en, extranonce);
        var coinbaseBytes = block.Coinbase.Coinb1.ToArray().Concat(en).Concat(block.Coinbase.Coinb2.ToArray()).ToArray();
        var acc = Sha256d.Hash(coinbaseBytes);
        foreach (var sibling in branch) acc = Sha256d.Hash([.. acc, .. sibling.ToArray()]);

        var rolled = new Block(block.Header, block.Coinbase.WithExtranonce(extranonce), block.Transactions);
        Assert.Equal(rolled.ComputeMerkleRoot(), new Hash256(acc));
    }

    [Fact]
    public void StateRootAndPayoutsAreAfterTheExtranonce()
    {
        var cb = Samples.Coinbase(payouts: 3);
        var coinb2 = cb.Coinb2;
        var r = new SpanReader(coinb2);
        Assert.Equal(3, r.ReadLength(256, "payouts"));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(cb.Payouts[i].To.Key, r.ReadHash());
            Assert.Equal(cb.Payouts[i].Amount.Units, r.ReadU64());
        }
        Assert.Equal(cb.NftRecipient.Key, r.ReadHash());
        Assert.Equal(cb.StateRoot, r.ReadHash());
        Assert.Equal(cb.Message, r.ReadVarBytes(100, "message").ToArray());
        r.EnsureEnd();
        Assert.NotEqual(cb.Id, cb.WithStateRoot(Hash256.Zero).Id);
    }

    [Fact]
    public void TotalPaidSumsPayoutsAndOverflowThrows()
    {
        Assert.Equal(new Amount(100_000 + 200_000 + 300_000), Samples.Coinbase(payouts: 3).TotalPaid());
        var over = new Coinbase(1, 1, 0, [new Payout(Samples.Account(1), new Amount(ulong.MaxValue)), new Payout(Samples.Account(2), new Amount(1))],
            AccountId.None, Hash256.Zero, []);
        Assert.Throws<OverflowException>(() => over.TotalPaid());
    }

    [Fact]
    public void OverlongMessageAndPayoutListAreRejectedOnDecode()
    {
        var longMessage = new Coinbase(1, 1, 0, [], AccountId.None, Hash256.Zero, new byte[Coinbase.MaxMessageBytes + 1]);
        Assert.Throws<DecodeException>(() => DecodeInBlock(longMessage));

        var manyPayouts = new Coinbase(1, 1, 0, Enumerable.Repeat(new Payout(Samples.Account(1), new Amount(1)), Coinbase.MaxPayouts + 1).ToList(),
            AccountId.None, Hash256.Zero, []);
        Assert.Throws<DecodeException>(() => DecodeInBlock(manyPayouts));

        var limits = new Coinbase(1, 1, 0, Enumerable.Repeat(new Payout(Samples.Account(1), new Amount(1)), Coinbase.MaxPayouts).ToList(),
            AccountId.None, Hash256.Zero, new byte[Coinbase.MaxMessageBytes]);
        Assert.Equal(limits.Encoded, DecodeInBlock(limits).Coinbase.Encoded);
    }

    private static Block DecodeInBlock(Coinbase cb)
    {
        var block = new Block(new BlockHeader(1, Hash256.Zero, cb.Id, 0, 0x207fffff, 0), cb, []);
        return Codec.DecodeBlock(block.Encode());
    }
}
