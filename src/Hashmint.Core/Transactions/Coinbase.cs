using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Crypto;

namespace Hashmint.Core.Transactions;

public sealed record Payout(AccountId To, Amount Amount);

/// <summary>
/// The first transaction of a block. Its bytes split as coinb1 | extranonce (8 bytes) | coinb2, so a pool can
/// hand the two halves to Stratum miners: coinb1 = kind | chain id u32 | height u32. Two kinds (docs/PROTOCOL.md):
/// <list type="bullet">
/// <item>0x00, payouts inline: coinb2 = varint payout count | (account 32 | amount u64)* | block-NFT recipient 32 |
/// post-state root 32 | varbytes message (≤ 100), at most 64 payouts by consensus;</item>
/// <item>0x02, payouts committed: coinb2 = varint payout count | SHA256d(payout list) 32 | block-NFT recipient 32 |
/// post-state root 32 | varbytes message (≤ 64); the payout list (varint count | (account 32 | amount u64)*) follows the
/// coinbase in the block, outside the bytes the txid (and so a miner) hashes: at most 181 bytes to hash however many
/// are paid (up to 1,000 by consensus).</item>
/// </list>
/// </summary>
public sealed class Coinbase(uint chainId, uint height, ulong extranonce, IReadOnlyList<Payout> payouts, AccountId nftRecipient, Hash256 stateRoot, byte[] message,
    bool commitsPayouts = false) : IBlockTransaction
{
    public const byte Kind = 0x00;
    /// <summary>The kind of a coinbase whose payout list follows it in the block, committed by its hash.</summary>
    public const byte CommittedKind = 0x02;
    public const int MaxMessageBytes = 100;
    public const int MaxCommittedMessageBytes = 64;
    public const int MaxPayouts = 256;
    /// <summary>Decoding limit of a committed payout list (consensus allows ChainParams.MaxCommittedPayouts).</summary>
    public const int MaxCommittedPayoutsDecoded = 4096;
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
    /// <summary>Kind 0x02: the payout list is outside the hashed bytes, committed by <see cref="PayoutsHash"/>.</summary>
    public bool CommitsPayouts { get; } = commitsPayouts;

    private byte[]? _encoded, _payoutList;
    private Hash256? _payoutsHash;
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

    public Coinbase WithExtranonce(ulong extranonce) => new(ChainId, Height, extranonce, Payouts, NftRecipient, StateRoot, Message, CommitsPayouts)
    {
        _payoutList = _payoutList, _payoutsHash = _payoutsHash,
    };
    public Coinbase WithStateRoot(Hash256 root) => new(ChainId, Height, Extranonce, Payouts, NftRecipient, root, Message, CommitsPayouts)
    {
        _payoutList = _payoutList, _payoutsHash = _payoutsHash,
    };

    /// <summary>The payout list as it is encoded (inline in kind 0x00, after the coinbase in kind 0x02): varint n | (account 32 | amount u64)*.</summary>
    public byte[] PayoutList => _payoutList ??= EncodePayouts(Payouts);

    /// <summary>SHA256d of <see cref="PayoutList"/>: what a kind 0x02 coinbase commits to.</summary>
    public Hash256 PayoutsHash => _payoutsHash ??= new Hash256(Sha256d.Hash(PayoutList));

    /// <summary>The coinbase's bytes in a block: its hashed bytes, then (kind 0x02) the payout list.</summary>
    public byte[] BlockBytes => CommitsPayouts ? [.. Encoded, .. PayoutList] : Encoded;

    private static byte[] EncodePayouts(IReadOnlyList<Payout> payouts)
    {
        var w = new ByteWriter(1 + payouts.Count * 40).VarInt((ulong)payouts.Count);
        foreach (var p in payouts) w.Hash(p.To.Key).U64(p.Amount.Units);
        return w.ToArray();
    }

    /// <summary>The bytes before the extranonce.</summary>
    public ReadOnlySpan<byte> Coinb1 => Encoded.AsSpan(0, ExtranonceOffset);
    /// <summary>The bytes after the extranonce.</summary>
    public ReadOnlySpan<byte> Coinb2 => Encoded.AsSpan(ExtranonceOffset + ExtranonceSize);

    private byte[] Encode()
    {
        var w = new ByteWriter(128);
        if (CommitsPayouts)
        {
            if (Message.Length > MaxCommittedMessageBytes) throw new ArgumentException($"a committed-payout coinbase's message is at most {MaxCommittedMessageBytes} bytes");
            w.U8(CommittedKind).U32(ChainId).U32(Height).U64(Extranonce).VarInt((ulong)Payouts.Count).Hash(PayoutsHash);
        }
        else
        {
            w.U8(Kind).U32(ChainId).U32(Height).U64(Extranonce).VarInt((ulong)Payouts.Count);
            foreach (var p in Payouts) w.Hash(p.To.Key).U64(p.Amount.Units);
        }
        w.Hash(NftRecipient.Key).Hash(StateRoot).VarBytes(Message);
        return w.ToArray();
    }

    internal static Coinbase ReadBody(ref SpanReader r, int start, ReadOnlySpan<byte> whole, bool committed = false)
    {
        uint chainId = r.ReadU32();
        uint height = r.ReadU32();
        ulong extranonce = r.ReadU64();
        int count = r.ReadLength(committed ? MaxCommittedPayoutsDecoded : MaxPayouts, "payout count");
        Payout[] payouts;
        Hash256 committedHash = default;
        if (committed) { committedHash = r.ReadHash(); payouts = []; }
        else
        {
            payouts = new Payout[count];
            for (int i = 0; i < count; i++) payouts[i] = new Payout(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
        }
        var recipient = new AccountId(r.ReadHash());
        var root = r.ReadHash();
        var message = r.ReadVarBytes(committed ? MaxCommittedMessageBytes : MaxMessageBytes, "coinbase message").ToArray();
        int end = r.Position;
        if (committed)
        {
            // The payout list follows the hashed bytes and must be exactly what they commit to.
            int listStart = r.Position;
            int listed = r.ReadLength(MaxCommittedPayoutsDecoded, "payout list count");
            if (listed != count) throw new DecodeException($"the payout list has {listed} payouts, the coinbase commits to {count}");
            payouts = new Payout[count];
            for (int i = 0; i < count; i++) payouts[i] = new Payout(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
            if (new Hash256(Sha256d.Hash(whole[listStart..r.Position])) != committedHash)
                throw new DecodeException("the payout list does not match the coinbase's payout commitment");
        }
        var cb = new Coinbase(chainId, height, extranonce, payouts, recipient, root, message, committed);
        if (!whole[start..end].SequenceEqual(cb.Encoded)) throw new DecodeException("non-canonical coinbase encoding");
        return cb;
    }
}
