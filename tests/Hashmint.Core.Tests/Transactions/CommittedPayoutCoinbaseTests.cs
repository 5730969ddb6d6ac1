using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Transactions;

/// <summary>Coinbase kind 0x02: the payout list follows the coinbase in the block, committed by its hash (docs/PROTOCOL.md).</summary>
public class CommittedPayoutCoinbaseTests
{
    private static Coinbase Committed(int payouts, int messageBytes = 64) => new(Samples.ChainId, 7, 0x0102030405060708,
        Enumerable.Range(0, payouts).Select(i => new Payout(Samples.Account(i + 1), new Amount((ulong)(1000 + i)))).ToList(),
        Samples.Account(500), new Hash256(Enumerable.Repeat((byte)0xab, 32).ToArray()), new byte[messageBytes], commitsPayouts: true);

    private static Block InBlock(Coinbase cb) => new(new BlockHeader(1, Hash256.Zero, cb.Id, 0, 0x207fffff, 0), cb, []);

    [Fact]
    public void The_bytes_a_miner_hashes_stay_at_most_181_however_many_are_paid()
    {
        foreach (int n in new[] { 0, 1, 64, 1000 })
        {
            var cb = Committed(n);
            Assert.True(cb.Encoded.Length <= 181, $"{n} payouts: {cb.Encoded.Length} bytes");
            Assert.Equal(Coinbase.CommittedKind, cb.Encoded[0]);
            Assert.Equal(9, cb.Coinb1.Length);
            Assert.Equal(cb.Encoded.Length - 17, cb.Coinb2.Length);
        }
        Assert.Equal(1 + 4 + 4 + 8 + 3 + 32 + 32 + 32 + 1 + 64, Committed(1000).Encoded.Length); // = 181
    }

    [Fact]
    public void Layout_commits_to_the_count_and_the_payout_list_hash_and_the_txid_covers_only_the_hashed_bytes()
    {
        var cb = Committed(3);
        var r = new SpanReader(cb.Encoded);
        Assert.Equal(0x02, r.ReadU8());
        Assert.Equal(Samples.ChainId, r.ReadU32());
        Assert.Equal(7u, r.ReadU32());
        Assert.Equal(0x0102030405060708UL, r.ReadU64());
        Assert.Equal(3, r.ReadLength(10, "n"));
        Assert.Equal(new Hash256(Sha256d.Hash(cb.PayoutList)), r.ReadHash());
        Assert.Equal(Samples.Account(500).Key, r.ReadHash());
        Assert.Equal(cb.StateRoot, r.ReadHash());
        Assert.Equal(64, r.ReadVarBytes(64, "message").Length);
        r.EnsureEnd();
        Assert.Equal(new Hash256(Sha256d.Hash(cb.Encoded)), cb.Id);
        Assert.Equal(1 + 3 * 40, cb.PayoutList.Length);
        Assert.Equal([.. cb.Encoded, .. cb.PayoutList], cb.BlockBytes);
        Assert.Equal(cb.Id, cb.WithExtranonce(9).WithExtranonce(0x0102030405060708).Id);
    }

    [Fact]
    public void A_block_round_trips_with_its_payout_list()
    {
        var block = InBlock(Committed(1000));
        var decoded = Codec.DecodeBlock(block.Encode());
        Assert.True(decoded.Coinbase.CommitsPayouts);
        Assert.Equal(1000, decoded.Coinbase.Payouts.Count);
        Assert.Equal(block.Coinbase.Payouts, decoded.Coinbase.Payouts);
        Assert.Equal(block.Coinbase.Id, decoded.Coinbase.Id);
        Assert.Equal(block.Encode(), decoded.Encode());
    }

    [Fact]
    public void A_payout_list_that_does_not_match_the_commitment_does_not_decode()
    {
        var bytes = InBlock(Committed(2)).Encode();
        var tampered = (byte[])bytes.Clone();
        tampered[^1] ^= 1; // the last payout's amount
        Assert.Contains("commitment", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(tampered)).Message);

        // A list of another length than the coinbase commits to.
        var cb = Committed(2);
        var wrongCount = InBlock(cb).Encode().AsSpan(0, 80 + 1 + cb.Encoded.Length).ToArray().Concat(Committed(3).PayoutList).ToArray();
        Assert.Contains("commits to 2", Assert.Throws<DecodeException>(() => Codec.DecodeBlock(wrongCount)).Message);

        // A message over 64 bytes cannot be built, nor decoded.
        Assert.Throws<ArgumentException>(() => Committed(1, messageBytes: 65).Encoded);
    }
}
