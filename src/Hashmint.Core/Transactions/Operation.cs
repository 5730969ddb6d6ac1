using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Transactions;

/// <summary>One step of a transaction. A transaction's operations apply all-or-nothing.</summary>
public abstract record Operation
{
    public abstract OperationType Type { get; }
    internal abstract void WritePayload(ByteWriter w);

    public void Write(ByteWriter w)
    {
        w.U8((byte)Type);
        WritePayload(w);
    }

    public static Operation Read(ref SpanReader r)
    {
        var type = (OperationType)r.ReadU8();
        return type switch
        {
            OperationType.Transfer => TransferOperation.ReadPayload(ref r),
            OperationType.CreateCollection => CreateCollectionOperation.ReadPayload(ref r),
            OperationType.Mint => MintOperation.ReadPayload(ref r),
            OperationType.MineMint => MineMintOperation.ReadPayload(ref r),
            OperationType.TransferToken => TransferTokenOperation.ReadPayload(ref r),
            OperationType.BurnToken => BurnTokenOperation.ReadPayload(ref r),
            OperationType.Approve => ApproveOperation.ReadPayload(ref r),
            OperationType.SetOperator => SetOperatorOperation.ReadPayload(ref r),
            _ => throw new DecodeException($"unknown operation type {(byte)type}"),
        };
    }
}

public enum OperationType : byte
{
    Transfer = 0x01,
    CreateCollection = 0x10,
    Mint = 0x11,
    MineMint = 0x12,
    TransferToken = 0x13,
    BurnToken = 0x14,
    Approve = 0x15,
    SetOperator = 0x16,
}

/// <summary>Moves coins from the sender to another account.</summary>
public sealed record TransferOperation(AccountId To, Amount Amount) : Operation
{
    public override OperationType Type => OperationType.Transfer;

    internal override void WritePayload(ByteWriter w) => w.Hash(To.Key).U64(Amount.Units);

    internal static TransferOperation ReadPayload(ref SpanReader r) => new(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));
}
