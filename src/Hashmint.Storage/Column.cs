namespace Hashmint.Storage;

/// <summary>The key spaces of the node's database; each is one RocksDB column family.</summary>
public enum Column
{
    Meta,
    Headers,
    Blocks,
    BlockIndex,
    State,
    StateTree,
    Undo,
    TxIndex,
}
