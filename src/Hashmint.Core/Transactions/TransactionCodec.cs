using Hashmint.Core.Encoding;

namespace Hashmint.Core.Transactions;

/// <summary>Reads either kind of block transaction, dispatching on the leading kind byte.</summary>
public static class TransactionCodec
{
    public static IBlockTransaction Read(ref SpanReader r, ReadOnlySpan<byte> whole, IOperationCodec operations)
    {
        int start = r.Position;
        byte kind = r.ReadU8();
        return kind switch
        {
            Coinbase.Kind => Coinbase.ReadBody(ref r, start, whole),
            Coinbase.CommittedKind => Coinbase.ReadBody(ref r, start, whole, committed: true),
            Transaction.Kind => Transaction.ReadBody(ref r, start, whole, operations),
            _ => throw new DecodeException($"unknown transaction kind {kind}"),
        };
    }

    /// <summary>Decodes one signed transaction (as submitted to the API); a coinbase is refused here.</summary>
    public static Transaction DecodeTransaction(ReadOnlySpan<byte> bytes, IOperationCodec operations)
    {
        if (bytes.Length > MaxTransactionBytes) throw new DecodeException($"transaction of {bytes.Length} bytes exceeds the limit of {MaxTransactionBytes}");
        var r = new SpanReader(bytes);
        var tx = Read(ref r, bytes, operations);
        r.EnsureEnd();
        return tx as Transaction ?? throw new DecodeException("a coinbase cannot be submitted as a transaction");
    }

    public const int MaxTransactionBytes = 100_000;
}
