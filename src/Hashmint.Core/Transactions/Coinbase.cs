using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Transactions;

public sealed record Payout(AccountId To, Amount Amount);

/// <summary>
/// The first transaction of a block. Its bytes split as coinb1 | extranonce (8 bytes) | coinb2, so a pool can
/// hand the two halves to Stratum miners: coinb1 = kind 0x00 | chain id u32 | height u32;
/// coinb2 = varint payout count | (account 32 | amount u64)* | block-NFT recipient 32 | post-state root 32 | varbytes message.
/// </summary>
public sealed class Coinbase(uint chainId, uint height, ulong extranonce, IReadOnlyList<Payout> payouts, AccountId nftRecipient, Hash256 stateRoot, byte[] message)
    : IBlockTransaction
{
    public const byte Kind = 0x00;
    public const int MaxMessageBytes = 100;
    public const int MaxPayouts = 256;
    public const int ExtranonceOffset = 9;
    public const int ExtranonceSize = 8;

    public uint ChainId { get; } = chainId;
    public uint Height { get; } = height;
    public ulong Extranonce { get; } = extranonce;
    public IReadOnlyList<Payout> Payouts { get; } = payouts;
    public AccountId NftRecipient { get; } = nftRecipient;
    /// <summary>Root of the state tree after this block's transactions and coinbase are applied.</summary>
    public Hash256 StateRoot { get; } = stateRoot;
    public byte[] Message { get; } = message;

    private byte[]? _encoded;
    private Hash256? _id;
    public byte[] Encoded => _encoded ??= Encode();
    public Hash256 Id => _id ??= new Hash256(Sha256d.Hash(Encoded));
    public bool IsCoinbase => true;

    public Amount TotalPaid()
    {
        var total = Amount.Zero;
        foreach (var p in Payouts) total += p.Amount;
        return total;
    }

    public Coinbase WithExtranonce(ulong extranonce) => new(ChainId, Height, extranonce, Payouts, NftRecipient, StateRoot, Message);
    public Coinbase WithStateRoot(Hash256 root) => new(ChainId, Height, Extranonce, Payouts, NftRecipient, root, Message);

    /// <summary>The bytes before the extranonce.</summary>
    public ReadOnlySpan<byte> Coinb1 => Encoded.AsSpan(0, ExtranonceOffset);
    /// <summary>The bytes after the extranonce.</summary>
    public ReadOnlySpan<byte> Coinb2 => Encoded.AsSpan(ExtranonceOffset + ExtranonceSize);

    private byte[] Encode()
    {
        var w = new ByteWriter(128);
        w.U8(Kind).U32(ChainId).U32(Height).U64(Extranonce).VarInt((ulong)Payouts.Count);
        foreach (var p in Payouts) w.Hash(p.To.Key).U64(p.Amount.Units);
        w.Hash(NftRecipient.Key).Hash(StateRoot).VarBytes(Message);
        return w.ToArray();
    }

    internal static Coinbase ReadBody(ref SpanReader r, int start, ReadOnlySpan<byte> whole)
    {
        uint chainId = r.ReadU32();
        uint height = r.ReadU32();
        ulong extranonce = r.ReadU64();
        int count = r.ReadLength(MaxPayouts, "payout count");
        var payouts = new Payout[count];
        for (int i = 0; i < count; i++) payouts[i] = new Payout(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
        var recipient = new AccountId(r.ReadHash());
        var root = r.ReadHash();
        var message = r.ReadVarBytes(MaxMessageBytes, "coinbase message").ToArray();
        var cb = new Coinbase(chainId, height, extranonce, payouts, recipient, root, message);
        if (!whole[start..r.Position].SequenceEqual(cb.Encoded)) throw new DecodeException("non-canonical coinbase encoding");
        return cb;
    }
}
