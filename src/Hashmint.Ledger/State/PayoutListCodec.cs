using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.State;

/// <summary>varint count | (account 32 | amount u64)*.</summary>
public static class PayoutListCodec
{
    public static byte[] Encode(IReadOnlyList<Payout> payouts)
    {
        var w = new ByteWriter(1 + payouts.Count * 40).VarInt((ulong)payouts.Count);
        foreach (var p in payouts) w.Hash(p.To.Key).U64(p.Amount.Units);
        return w.ToArray();
    }

    public static IReadOnlyList<Payout> Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        int n = r.ReadLength(Coinbase.MaxCommittedPayoutsDecoded, "payouts");
        var list = new Payout[n];
        for (int i = 0; i < n; i++) list[i] = new Payout(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
        r.EnsureEnd();
        return list;
    }
}
