using Hashmint.Core.Blocks;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Support;

/// <summary>Block and transaction decoding with the chain's operation registry (the operations live in the ledger).</summary>
public static class Codec
{
    public static Block DecodeBlock(ReadOnlySpan<byte> bytes, int maxBytes = 4 * 1024 * 1024, int maxTransactions = 50_000) =>
        Block.Decode(bytes, OperationRegistry.Default, maxBytes, maxTransactions);

    public static Transaction DecodeTransaction(ReadOnlySpan<byte> bytes) => TransactionCodec.DecodeTransaction(bytes, OperationRegistry.Default);
}
