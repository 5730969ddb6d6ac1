using System.Buffers.Binary;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Storage;

namespace Hashmint.Pool.Payouts;

/// <summary>The pool's column family in the node's store (key layouts: docs/POOL.md, "State that survives").</summary>
public static class PoolColumns
{
    /// <summary>The name is the on-disk format: renaming it orphans the pool's shares and history.</summary>
    public static readonly ColumnFamily Pool = new("pool");
}

/// <summary>One block-job share in the PPLNS window: its sequence number, account and credited difficulty.</summary>
public readonly record struct WindowShare(ulong Sequence, AccountId Account, double Difficulty, long UnixMilliseconds);

/// <summary>
/// What the pool keeps across restarts, in its own column family: the PPLNS window's shares (written before a share
/// is acknowledged), the blocks found with what they paid, and the NFTs found. Every write is one atomic batch.
/// </summary>
public sealed class PoolStore(IKeyValueStore store)
{
    private const byte SharePrefix = (byte)'s', BlockPrefix = (byte)'b', MintPrefix = (byte)'m';
    private static readonly ColumnFamily F = PoolColumns.Pool;

    private static byte[] Key(byte prefix, ulong sequence)
    {
        var k = new byte[9];
        k[0] = prefix;
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(1), sequence);
        return k;
    }

    /// <summary>
    /// Appends shares, each followed by the deletions of the shares that left the window when it came, in one write
    /// (in this order, so a share that came and left within the batch ends deleted).
    /// </summary>
    public void AppendShares(IEnumerable<(WindowShare Share, IEnumerable<ulong> Left)> shares)
    {
        using var batch = store.CreateBatch();
        foreach (var (share, leftWindow) in shares)
        {
            var value = new ByteWriter(56).Hash(share.Account.Key).U64((ulong)BitConverter.DoubleToInt64Bits(share.Difficulty)).U64((ulong)share.UnixMilliseconds).ToArray();
            batch.Put(F, Key(SharePrefix, share.Sequence), value);
            foreach (var old in leftWindow) batch.Delete(F, Key(SharePrefix, old));
        }
        store.Write(batch);
    }

    /// <summary>The stored window shares, newest first.</summary>
    public IEnumerable<WindowShare> SharesNewestFirst()
    {
        foreach (var kv in store.Iterate(F, [SharePrefix], new ScanOptions { Reverse = true }))
        {
            var r = new SpanReader(kv.Value);
            var account = new AccountId(r.ReadHash());
            double difficulty = BitConverter.Int64BitsToDouble((long)r.ReadU64());
            long ms = (long)r.ReadU64();
            yield return new WindowShare(BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(1)), account, difficulty, ms);
        }
    }

    public void AddBlock(ulong sequence, FoundBlock b)
    {
        var w = new ByteWriter(128).U32(b.Height).Hash(b.Hash).Hash(b.Finder.Key).String(b.Worker).String(b.Outcome).String(b.Rejection ?? "")
            .U64((ulong)b.At.ToUnixTimeMilliseconds()).VarInt((ulong)b.Payouts.Count);
        foreach (var p in b.Payouts) w.Hash(p.To.Key).U64(p.Amount.Units);
        Put(Key(BlockPrefix, sequence), w.ToArray());
    }

    public IEnumerable<FoundBlock> Blocks()
    {
        foreach (var kv in store.Iterate(F, [BlockPrefix]))
        {
            var r = new SpanReader(kv.Value);
            uint height = r.ReadU32();
            var hash = r.ReadHash();
            var finder = new AccountId(r.ReadHash());
            string worker = r.ReadString(64, "worker"), outcome = r.ReadString(64, "outcome"), rejection = r.ReadString(4096, "rejection");
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)r.ReadU64());
            int n = r.ReadLength(100_000, "payouts");
            var payouts = new Payout[n];
            for (int i = 0; i < n; i++) payouts[i] = new Payout(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
            yield return new FoundBlock(height, hash, finder, worker, outcome, rejection.Length == 0 ? null : rejection, at) { Payouts = payouts };
        }
    }

    public void AddMint(ulong sequence, FoundMint m)
    {
        var w = new ByteWriter(160).String(m.Collection).Hash(m.MintHash).Hash(m.Minter.Key).String(m.Worker).U8(m.TransactionId is null ? (byte)0 : (byte)1);
        if (m.TransactionId is { } txid) w.Hash(txid);
        w.String(m.Rejection ?? "").U64((ulong)m.At.ToUnixTimeMilliseconds());
        Put(Key(MintPrefix, sequence), w.ToArray());
    }

    public IEnumerable<FoundMint> Mints()
    {
        foreach (var kv in store.Iterate(F, [MintPrefix]))
        {
            var r = new SpanReader(kv.Value);
            string collection = r.ReadString(32, "collection");
            var hash = r.ReadHash();
            var minter = new AccountId(r.ReadHash());
            string worker = r.ReadString(64, "worker");
            Hash256? txid = r.ReadU8() == 1 ? r.ReadHash() : null;
            string rejection = r.ReadString(4096, "rejection");
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)r.ReadU64());
            yield return new FoundMint(collection, hash, minter, worker, txid, rejection.Length == 0 ? null : rejection, at);
        }
    }

    /// <summary>The next free sequence number of a record kind (blocks 'b', mints 'm', shares 's').</summary>
    public ulong NextSequence(char kind)
    {
        foreach (var kv in store.Iterate(F, [(byte)kind], new ScanOptions { Reverse = true }))
            return BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(1)) + 1;
        return 1;
    }

    private void Put(byte[] key, byte[] value)
    {
        using var batch = store.CreateBatch();
        batch.Put(F, key, value);
        store.Write(batch);
    }
}
