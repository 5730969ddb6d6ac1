using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Network.Wire;

/// <summary>SipHash-2-4 (Aumasson and Bernstein), the keyed hash behind BIP-152's short transaction ids.</summary>
public static class SipHash
{
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> data)
    {
        ulong v0 = 0x736f6d6570736575UL ^ k0, v1 = 0x646f72616e646f6dUL ^ k1, v2 = 0x6c7967656e657261UL ^ k0, v3 = 0x7465646279746573UL ^ k1;
        int whole = data.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }
        ulong last = (ulong)data.Length << 56;
        for (int i = whole; i < data.Length; i++) last |= (ulong)data[i] << (8 * (i - whole));
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
    }
}

/// <summary>
/// A compact block (BIP-152 style): the header, a nonce, the coinbase, 6-byte short ids of the other transactions, and
/// some of them in full ("prefilled"). Short id = the low 48 bits of SipHash-2-4 of the txid (internal order), keyed
/// with the first 16 bytes of SHA256(header | nonce u64) as two little-endian u64.
/// Encoding: <c>header 80 | nonce u64 | coinbase | varint n | shortid 6 × n | varint p | (varint index delta | transaction) × p</c>;
/// prefilled indexes count the non-coinbase transactions from 0, each written as the difference from the previous
/// index plus one (the first as itself), so they strictly increase.
/// </summary>
public sealed record CompactBlockMessage(BlockHeader Header, ulong Nonce, Coinbase Coinbase, IReadOnlyList<ulong> ShortIds,
    IReadOnlyList<(int Index, Transaction Transaction)> Prefilled)
{
    public const int MaxTransactions = 20_000;

    public int TransactionCount => ShortIds.Count + Prefilled.Count;

    public static (ulong K0, ulong K1) Keys(BlockHeader header, ulong nonce)
    {
        Span<byte> b = stackalloc byte[BlockHeader.Size + 8];
        header.WriteTo(b);
        BinaryPrimitives.WriteUInt64LittleEndian(b[BlockHeader.Size..], nonce);
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(b, h);
        return (BinaryPrimitives.ReadUInt64LittleEndian(h), BinaryPrimitives.ReadUInt64LittleEndian(h[8..]));
    }

    public static ulong ShortId((ulong K0, ulong K1) keys, Hash256 txid)
    {
        Span<byte> b = stackalloc byte[32];
        txid.CopyTo(b);
        return SipHash.Hash(keys.K0, keys.K1, b) & 0xffff_ffff_ffffUL;
    }

    /// <summary>The compact form of a block, with no transaction prefilled but the coinbase.</summary>
    public static CompactBlockMessage From(Block block, ulong nonce)
    {
        var keys = Keys(block.Header, nonce);
        return new CompactBlockMessage(block.Header, nonce, block.Coinbase, block.Transactions.Select(t => ShortId(keys, t.Id)).ToList(), []);
    }

    public byte[] Encode()
    {
        var w = new ByteWriter(BlockHeader.Size + 200 + ShortIds.Count * 6);
        Span<byte> h = stackalloc byte[BlockHeader.Size];
        Header.WriteTo(h);
        w.Bytes(h).U64(Nonce).Bytes(Coinbase.Encoded).VarInt((ulong)ShortIds.Count);
        Span<byte> id = stackalloc byte[8];
        foreach (var s in ShortIds)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(id, s);
            w.Bytes(id[..6]);
        }
        w.VarInt((ulong)Prefilled.Count);
        int previous = -1;
        foreach (var (index, tx) in Prefilled)
        {
            w.VarInt((ulong)(index - previous - 1));
            previous = index;
            w.Bytes(tx.Encoded);
        }
        return w.ToArray();
    }

    /// <summary>
    /// Reads one differentially encoded index (the gap after <paramref name="previous"/>, BIP-152 style) and refuses one
    /// at or past <paramref name="limit"/>. The gap is checked before it is added: a gap near 2^64 must not wrap the
    /// index around to a negative number (found by the peer-getblocktxn fuzz target).
    /// </summary>
    internal static long NextIndex(ref SpanReader r, long previous, int limit, string what)
    {
        ulong gap = r.ReadVarInt();
        if (gap >= (ulong)(limit - previous - 1)) throw new DecodeException($"{what} {previous} + 1 + {gap} beyond the limit of {limit}");
        return previous + 1 + (long)gap;
    }

    public static CompactBlockMessage Decode(ReadOnlySpan<byte> payload, IOperationCodec operations)
    {
        var r = new SpanReader(payload);
        var header = BlockHeader.Read(ref r);
        ulong nonce = r.ReadU64();
        if (TransactionCodec.Read(ref r, payload, operations) is not Coinbase coinbase) throw new DecodeException("a compact block starts with the coinbase");
        int n = r.ReadLength(MaxTransactions, "short ids");
        var ids = new ulong[n];
        Span<byte> id = stackalloc byte[8];
        for (int i = 0; i < n; i++)
        {
            r.ReadBytes(6).CopyTo(id);
            ids[i] = BinaryPrimitives.ReadUInt64LittleEndian(id);
            id.Clear();
        }
        int p = r.ReadLength(MaxTransactions - n, "prefilled transactions");
        var prefilled = new (int, Transaction)[p];
        long index = -1;
        for (int i = 0; i < p; i++)
        {
            index = NextIndex(ref r, index, n + p, "prefilled index");
            prefilled[i] = ((int)index, TransactionCodec.Read(ref r, payload, operations) as Transaction ?? throw new DecodeException("a second coinbase"));
        }
        r.EnsureEnd();
        return new CompactBlockMessage(header, nonce, coinbase, ids, prefilled);
    }
}

/// <summary>getblocktxn: <c>block hash 32 | varint n | varint index delta × n</c> (indexes as in a compact block).</summary>
public sealed record GetBlockTransactionsMessage(Hash256 Block, IReadOnlyList<int> Indexes)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(40 + Indexes.Count * 2).Hash(Block).VarInt((ulong)Indexes.Count);
        int previous = -1;
        foreach (var i in Indexes)
        {
            w.VarInt((ulong)(i - previous - 1));
            previous = i;
        }
        return w.ToArray();
    }

    public static GetBlockTransactionsMessage Decode(ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload);
        var hash = r.ReadHash();
        int n = r.ReadLength(CompactBlockMessage.MaxTransactions, "indexes");
        var list = new int[n];
        long index = -1;
        for (int i = 0; i < n; i++)
        {
            index = CompactBlockMessage.NextIndex(ref r, index, CompactBlockMessage.MaxTransactions, "index");
            list[i] = (int)index;
        }
        r.EnsureEnd();
        return new GetBlockTransactionsMessage(hash, list);
    }
}

/// <summary>blocktxn: <c>block hash 32 | varint n | transaction × n</c>, the ones a getblocktxn asked for, in its order.</summary>
public sealed record BlockTransactionsMessage(Hash256 Block, IReadOnlyList<Transaction> Transactions)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(40 + Transactions.Count * 200).Hash(Block).VarInt((ulong)Transactions.Count);
        foreach (var t in Transactions) w.Bytes(t.Encoded);
        return w.ToArray();
    }

    public static BlockTransactionsMessage Decode(ReadOnlySpan<byte> payload, IOperationCodec operations)
    {
        var r = new SpanReader(payload);
        var hash = r.ReadHash();
        int n = r.ReadLength(CompactBlockMessage.MaxTransactions, "transactions");
        var txs = new Transaction[n];
        for (int i = 0; i < n; i++) txs[i] = TransactionCodec.Read(ref r, payload, operations) as Transaction ?? throw new DecodeException("a coinbase in blocktxn");
        r.EnsureEnd();
        return new BlockTransactionsMessage(hash, txs);
    }
}
