using Hashmint.Storage;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>A state whose accounts a test sets directly (for mempool tests that need no chain).</summary>
internal sealed class FakeState : IStateReader
{
    private readonly Dictionary<byte[], byte[]> _values = new(ByteArrayComparer.Instance);

    public byte[]? Get(byte[] key) => _values.GetValueOrDefault(key);

    public FakeState With(AccountId id, ulong balance, ulong nonce = 0)
    {
        _values[StateKeys.Account(id)] = new AccountState(new Amount(balance), nonce).Encode();
        return this;
    }
}
