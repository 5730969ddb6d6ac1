namespace Hashmint.Storage.Tests;

public sealed class MemoryKeyValueStoreTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore CreateStore() => new MemoryKeyValueStore();
}
