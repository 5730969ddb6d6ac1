using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Where chain data lives in the store (docs/STORAGE.md): Headers = block hash → <see cref="ChainEntry"/> record;
/// Blocks = block hash → block bytes; BlockIndex = height (u32 BE) → main-chain block hash; Undo = block hash →
/// <see cref="State.UndoRecord"/>; TxIndex = txid → block hash | position u32; Meta "tip" → tip hash.
/// </summary>
internal sealed class ChainStore(IKeyValueStore store, Core.Transactions.IOperationCodec operations)
{
    private static readonly byte[] TipKey = "tip"u8.ToArray();
    private static readonly byte[] ValidatedFromKey = "validated-from"u8.ToArray();
    private static readonly byte[] SnapshotVerifiedKey = "snapshot-verified"u8.ToArray();

    public IKeyValueStore Store => store;

    public Hash256? ReadTip()
    {
        var b = store.Get(LedgerColumns.Meta, TipKey);
        return b is null ? null : new Hash256(b);
    }

    public void WriteTip(IWriteBatch batch, Hash256 tip) => batch.Put(LedgerColumns.Meta, TipKey, tip.ToArray());

    /// <summary>The snapshot block a node started from (height u32 BE | hash 32), or null for a node that replayed from genesis.</summary>
    public (uint Height, Hash256 Hash)? ReadValidatedFrom()
    {
        var b = store.Get(LedgerColumns.Meta, ValidatedFromKey);
        if (b is null) return null;
        if (b.Length != 36) throw new StorageException($"meta 'validated-from' is {b.Length} bytes, not 36");
        return (BinaryPrimitives.ReadUInt32BigEndian(b), new Hash256(b.AsSpan(4, 32)));
    }

    public void WriteValidatedFrom(IWriteBatch batch, uint height, Hash256 hash)
    {
        var b = new byte[36];
        BinaryPrimitives.WriteUInt32BigEndian(b, height);
        hash.ToArray().CopyTo(b, 4);
        batch.Put(LedgerColumns.Meta, ValidatedFromKey, b);
    }

    /// <summary>The snapshot block whose state a replay from genesis reached (null: not verified yet).</summary>
    public Hash256? ReadSnapshotVerified() => store.Get(LedgerColumns.Meta, SnapshotVerifiedKey) is { Length: 32 } b ? new Hash256(b) : null;

    public void WriteSnapshotVerified(IWriteBatch batch, Hash256 floor) => batch.Put(LedgerColumns.Meta, SnapshotVerifiedKey, floor.ToArray());

    public void WriteEntry(IWriteBatch batch, ChainEntry e) => batch.Put(LedgerColumns.Headers, e.Hash.ToArray(), e.Encode());

    public IEnumerable<KeyValuePair<byte[], byte[]>> ReadAllEntries() => store.Iterate(LedgerColumns.Headers, []);

    public void WriteBlock(IWriteBatch batch, Hash256 hash, byte[] encoded) => batch.Put(LedgerColumns.Blocks, hash.ToArray(), encoded);

    public byte[]? ReadBlockBytes(Hash256 hash) => store.Get(LedgerColumns.Blocks, hash.ToArray());

    public Block? ReadBlock(Hash256 hash)
    {
        var b = ReadBlockBytes(hash);
        return b is null ? null : Block.Decode(b, operations);
    }

    public static byte[] HeightKey(uint height)
    {
        var k = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(k, height);
        return k;
    }

    public void WriteMainChain(IWriteBatch batch, uint height, Hash256 hash) => batch.Put(LedgerColumns.BlockIndex, HeightKey(height), hash.ToArray());
    public void DeleteMainChain(IWriteBatch batch, uint height) => batch.Delete(LedgerColumns.BlockIndex, HeightKey(height));

    public void WriteUndo(IWriteBatch batch, Hash256 hash, byte[] undo) => batch.Put(LedgerColumns.Undo, hash.ToArray(), undo);
    public byte[]? ReadUndo(Hash256 hash) => store.Get(LedgerColumns.Undo, hash.ToArray());

    public void WriteTxLocation(IWriteBatch batch, Hash256 txid, Hash256 block, int position) =>
        batch.Put(LedgerColumns.TxIndex, txid.ToArray(), new ByteWriter(36).Hash(block).U32((uint)position).ToArray());

    public void DeleteTxLocation(IWriteBatch batch, Hash256 txid) => batch.Delete(LedgerColumns.TxIndex, txid.ToArray());

    public (Hash256 Block, int Position)? ReadTxLocation(Hash256 txid)
    {
        var b = store.Get(LedgerColumns.TxIndex, txid.ToArray());
        if (b is null) return null;
        var r = new SpanReader(b);
        return (r.ReadHash(), (int)r.ReadU32());
    }
}
