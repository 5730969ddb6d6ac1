using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Operations;
using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>How an account took part in a transaction (flags).</summary>
[Flags]
public enum ActivityRoles : byte
{
    None = 0,
    /// <summary>It sent (signed) the transaction.</summary>
    Sender = 1,
    /// <summary>An operation involves it: a recipient, a new owner, an approved spender, a minter.</summary>
    Participant = 2,
    /// <summary>The coinbase pays it.</summary>
    Payee = 4,
    /// <summary>The coinbase names it to receive the block NFT (minted when the next block connects).</summary>
    BlockNftRecipient = 8,
}

/// <summary>One entry of an account's activity: a main-chain transaction (position 0 is the coinbase) and the account's roles in it.</summary>
public sealed record ActivityEntry(uint Height, int Position, Hash256 Txid, ActivityRoles Roles);

/// <summary>
/// The account → transactions index behind "activity" pages: written in the same atomic batch as each block's connect
/// and removed in its disconnect's, so it always matches the main chain (on a node started from a snapshot, the blocks
/// below the floor get theirs through <see cref="Add"/> too, once the replay confirms it: <see cref="BelowFloorIndexes"/>).
/// Not consensus (not in the state tree): who took part is read from each operation handler's
/// <see cref="IOperationHandler.Participants"/>, from the block alone (no state).
/// Key: account 32 | height u32 BE | position u32 BE; value: txid 32 | u8 roles.
/// </summary>
internal sealed class ActivityIndex(IKeyValueStore store, OperationRegistry operations)
{
    private static readonly byte[] BuiltKey = "activity-index"u8.ToArray();

    public void Add(IWriteBatch batch, Block block)
    {
        foreach (var (key, value) in Entries(block)) batch.Put(LedgerColumns.Activity, key, value);
    }

    public void Remove(IWriteBatch batch, Block block)
    {
        foreach (var (key, _) in Entries(block)) batch.Delete(LedgerColumns.Activity, key);
    }

    /// <summary>Whether the index covers the whole main chain (a database from before it existed needs one pass first).</summary>
    public bool IsBuilt => store.Get(LedgerColumns.Meta, BuiltKey) is not null;

    /// <summary>Indexes the main chain of a database written before the index existed, in batches; idempotent if interrupted.</summary>
    public void Build(IEnumerable<Block> mainChain)
    {
        var batch = store.CreateBatch();
        try
        {
            foreach (var block in mainChain)
            {
                Add(batch, block);
                if (batch.Count < 20_000) continue;
                store.Write(batch);
                batch.Dispose();
                batch = store.CreateBatch();
            }
            batch.Put(LedgerColumns.Meta, BuiltKey, [1]);
            store.Write(batch);
        }
        finally { batch.Dispose(); }
    }

    /// <summary>Marks a fresh database's index as complete (it is written block by block from genesis on).</summary>
    public static void MarkBuilt(IWriteBatch batch) => batch.Put(LedgerColumns.Meta, BuiltKey, [1]);

    /// <summary>An account's entries, newest first, after <paramref name="after"/> (a key from an earlier page).</summary>
    public IReadOnlyList<(ActivityEntry Entry, byte[] Key)> Newest(AccountId account, byte[]? after, int limit) =>
        store.Iterate(LedgerColumns.Activity, account.ToArray(), new ScanOptions { Reverse = true, From = after, FromExclusive = true })
            .Take(limit).Select(kv => (Decode(kv.Key, kv.Value), kv.Key)).ToList();

    private static ActivityEntry Decode(byte[] key, byte[] value) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(32)), (int)BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(36)), new Hash256(value.AsSpan(0, 32)), (ActivityRoles)value[32]);

    private IEnumerable<(byte[] Key, byte[] Value)> Entries(Block block)
    {
        uint height = block.Height;
        var roles = new Dictionary<AccountId, ActivityRoles>();
        foreach (var p in block.Coinbase.Payouts) roles[p.To] = roles.GetValueOrDefault(p.To) | ActivityRoles.Payee;
        if (!block.Coinbase.NftRecipient.IsNone)
            roles[block.Coinbase.NftRecipient] = roles.GetValueOrDefault(block.Coinbase.NftRecipient) | ActivityRoles.BlockNftRecipient;
        foreach (var (account, role) in roles) yield return Entry(account, height, 0, block.Coinbase.Id, role);

        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            foreach (var account in operations.Participants(tx))
                yield return Entry(account, height, i + 1, tx.Id, account == tx.Sender ? ActivityRoles.Sender : ActivityRoles.Participant);
        }
    }

    private static (byte[], byte[]) Entry(AccountId account, uint height, int position, Hash256 txid, ActivityRoles roles)
    {
        var key = new byte[40];
        account.Key.CopyTo(key);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(32), height);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(36), (uint)position);
        var value = new byte[33];
        txid.CopyTo(value);
        value[32] = (byte)roles;
        return (key, value);
    }
}
