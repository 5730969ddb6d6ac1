namespace Hashmint.Storage.Tests;

public sealed class RocksDbKeyValueStoreContractTests : KeyValueStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private int _opened;

    protected override IKeyValueStore CreateStore() =>
        RocksDbKeyValueStore.Open(Path.Combine(_directory.Path, $"db{_opened++}"));

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
