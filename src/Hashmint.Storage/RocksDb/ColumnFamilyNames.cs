namespace Hashmint.Storage;

/// <summary>The on-disk column family name of each <see cref="Column"/>. Changing one orphans its data.</summary>
internal static class ColumnFamilyNames
{
    public static string Of(Column column) => column switch
    {
        Column.Meta => "meta",
        Column.Headers => "headers",
        Column.Blocks => "blocks",
        Column.BlockIndex => "block_index",
        Column.State => "state",
        Column.StateTree => "state_tree",
        Column.Undo => "undo",
        Column.TxIndex => "tx_index",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown column."),
    };
}
