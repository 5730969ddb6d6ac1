namespace Hashmint.Storage.Tests;

public sealed class RocksDbKeyValueStoreContractTests : KeyValueStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private int _opened;

    protected override IKeyValueStore CreateStore(IReadOnlyList<ColumnFamily> families) =>
        RocksDbKeyValueStore.Open(Path.Combine(_directory.Path, $"db{Interlocked.Increment(ref _opened)}"), families);

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
