namespace Hashmint.Storage.Tests;

/// <summary>
/// Column families for the store tests, one per combination of tuning hints the chain uses, so every
/// kind of RocksDB family goes through the contract. (The chain's own families belong to the Ledger.)
/// </summary>
public static class TestFamilies
{
    public static readonly ColumnFamily Small = new("small") { PointLookups = false };
    public static readonly ColumnFamily Plain = new("plain");
    public static readonly ColumnFamily Large = new("large") { LargeValues = true };
    public static readonly ColumnFamily Hashes = new("hashes") { Compressible = false, LookupsAlwaysHit = true };
    public static readonly ColumnFamily Scans = new("scans");
    public static readonly ColumnFamily Other = new("other");

    /// <summary>Never declared: for the errors an undeclared family raises.</summary>
    public static readonly ColumnFamily Undeclared = new("undeclared");

    public static readonly IReadOnlyList<ColumnFamily> All = [Small, Plain, Large, Hashes, Scans, Other, SparseMerkleTree.NodeFamily];
}
