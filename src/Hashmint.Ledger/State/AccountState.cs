using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.State;

/// <summary>An account's spendable balance and the nonce its next transaction must carry. Encoding: balance u64 | nonce u64.</summary>
public readonly record struct AccountState(Amount Balance, ulong Nonce)
{
    public static readonly AccountState Empty = new(Amount.Zero, 0);
    public bool IsEmpty => Balance.Units == 0 && Nonce == 0;

    public byte[] Encode() => new ByteWriter(16).U64(Balance.Units).U64(Nonce).ToArray();

    public static AccountState Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var s = new AccountState(new Amount(r.ReadU64()), r.ReadU64());
        r.EnsureEnd();
        return s;
    }
}
