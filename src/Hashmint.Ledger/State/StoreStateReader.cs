using Hashmint.Storage;

namespace Hashmint.Ledger.State;

/// <summary>The state at the current tip, read straight from the store's State column.</summary>
internal sealed class StoreStateReader(IKeyValueStore store) : IStateReader
{
    public byte[]? Get(byte[] key) => store.Get(LedgerColumns.State, key);
}
