using Hashmint.Storage;

namespace Hashmint.Ledger;

/// <summary>
/// The column families the ledger keeps chain data in (key layouts: docs/PROTOCOL.md, "Storage and
/// crash safety"). The names are the on-disk format: renaming one orphans its data. The tuning hints'
/// reasons are in docs/STORAGE.md ("Tuning").
/// </summary>
public static class LedgerColumns
{
    /// <summary>A handful of singletons (tip) that live in the memtable: a bloom filter would never pay.</summary>
    public static readonly ColumnFamily Meta = new("meta") { PointLookups = false };

    /// <summary>Block hash → chain entry.</summary>
    public static readonly ColumnFamily Headers = new("headers");

    /// <summary>Block hash → block bytes: large values read whole.</summary>
    public static readonly ColumnFamily Blocks = new("blocks") { LargeValues = true };

    /// <summary>Main-chain height (u32 big-endian) → block hash.</summary>
    public static readonly ColumnFamily BlockIndex = new("block_index");

    /// <summary>State key → state value.</summary>
    public static readonly ColumnFamily State = new("state");

    /// <summary>Block hash → undo record: large values read whole.</summary>
    public static readonly ColumnFamily Undo = new("undo") { LargeValues = true };

    /// <summary>Txid → block hash and position.</summary>
    public static readonly ColumnFamily TxIndex = new("tx_index");

    /// <summary>Account 32 | height u32 BE | position u32 BE → txid 32 | u8 roles: what each account took part in, newest last.</summary>
    public static readonly ColumnFamily Activity = new("activity");

    /// <summary>Every family a node's database is opened with: the ledger's and the state tree's nodes.</summary>
    public static readonly IReadOnlyList<ColumnFamily> All = [Meta, Headers, Blocks, BlockIndex, State, SparseMerkleTree.NodeFamily, Undo, TxIndex, Activity];
}
