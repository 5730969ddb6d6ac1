using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Core.Blocks;

/// <summary>
/// A header and its transactions, coinbase first. Encoding: header (80) | varint transaction count | transactions,
/// each self-delimiting and starting with its kind byte.
/// </summary>
public sealed class Block(BlockHeader header, Coinbase coinbase, IReadOnlyList<Transaction> transactions)
{
    public BlockHeader Header { get; } = header;
    public Coinbase Coinbase { get; } = coinbase;
    public IReadOnlyList<Transaction> Transactions { get; } = transactions;

    private Hash256? _hash;
    public Hash256 Hash => _hash ??= Header.Hash;
    public uint Height => Coinbase.Height;

    public IReadOnlyList<Hash256> TransactionIds()
    {
        var ids = new Hash256[Transactions.Count + 1];
        ids[0] = Coinbase.Id;
        for (int i = 0; i < Transactions.Count; i++) ids[i + 1] = Transactions[i].Id;
        return ids;
    }

    public Hash256 ComputeMerkleRoot() => MerkleTree.ComputeRoot(TransactionIds());

    public byte[] Encode()
    {
        var w = new ByteWriter(BlockHeader.Size + 256 + Transactions.Count * 170);
        Span<byte> h = stackalloc byte[BlockHeader.Size];
        Header.WriteTo(h);
        w.Bytes(h).VarInt((ulong)(Transactions.Count + 1)).Bytes(Coinbase.BlockBytes);
        foreach (var tx in Transactions) w.Bytes(tx.Encoded);
        return w.ToArray();
    }

    /// <summary>Strict decode: size and count limits, coinbase first and only first, no trailing bytes.</summary>
    public static Block Decode(ReadOnlySpan<byte> bytes, IOperationCodec operations, int maxBytes = 4 * 1024 * 1024, int maxTransactions = 50_000)
    {
        if (bytes.Length > maxBytes) throw new DecodeException($"block of {bytes.Length} bytes exceeds the limit of {maxBytes}");
        var r = new SpanReader(bytes);
        var header = BlockHeader.Read(ref r);
        int count = r.ReadLength(maxTransactions, "transaction count");
        if (count == 0) throw new DecodeException("a block needs a coinbase");
        if (TransactionCodec.Read(ref r, bytes, operations) is not Coinbase coinbase) throw new DecodeException("the first transaction must be the coinbase");
        var txs = new Transaction[count - 1];
        for (int i = 0; i < txs.Length; i++)
            txs[i] = TransactionCodec.Read(ref r, bytes, operations) as Transaction ?? throw new DecodeException($"transaction {i + 1} is a second coinbase");
        r.EnsureEnd();
        return new Block(header, coinbase, txs);
    }
}
