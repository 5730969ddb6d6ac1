using Hashmint.Core.Encoding;

namespace Hashmint.Core.Transactions;

/// <summary>
/// One step of a transaction: a type byte and a payload. A transaction's operations apply all-or-nothing.
/// The concrete operations, with their codecs and rules, live beside their handlers in the ledger
/// (Hashmint.Ledger/Operations): Core knows only how to frame them.
/// </summary>
public abstract record Operation
{
    /// <summary>The type byte that starts the operation's encoding; unique per operation.</summary>
    public abstract byte Type { get; }

    /// <summary>Writes the payload (everything after the type byte).</summary>
    public abstract void WritePayload(ByteWriter w);

    public void Write(ByteWriter w)
    {
        w.U8(Type);
        WritePayload(w);
    }
}

/// <summary>Reads one operation (type byte and payload); the ledger's operation registry implements it.</summary>
public interface IOperationCodec
{
    /// <exception cref="DecodeException">unknown type, or a malformed payload.</exception>
    Operation ReadOperation(ref SpanReader reader);
}
