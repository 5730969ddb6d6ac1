using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Everything the ledger knows about one operation type: how its payload decodes, the checks that need no state,
/// how it changes the state (undo comes free: every write goes through the block's <see cref="State.StateOverlay"/>),
/// the coins it can take from the sender, the keys on which two pending operations conflict, the accounts it
/// involves, and how it reads in the API and explorer. Handlers are stateless; <see cref="OperationTable"/> lists them.
/// </summary>
public interface IOperationHandler
{
    /// <summary>The type byte, equal to the operation record's <see cref="Operation.Type"/>.</summary>
    byte Type { get; }

    /// <summary>The name shown in the API, the explorer and the docs (kebab-case, e.g. "transfer-token").</summary>
    string Name { get; }

    /// <summary>The operation record this handler reads and applies.</summary>
    Type OperationType { get; }

    /// <summary>Reads the payload that follows the type byte.</summary>
    /// <exception cref="DecodeException">malformed payload.</exception>
    Operation ReadPayload(ref SpanReader reader);

    /// <summary>Rules that depend only on the operation, its transaction and the network.</summary>
    /// <exception cref="RejectedException">with the rule's code.</exception>
    void CheckStateless(Operation op, Transaction tx, ChainParams network);

    /// <summary>Applies the operation; on a rejection the transaction's writes are reverted by the caller.</summary>
    /// <exception cref="RejectedException">with the rule's code.</exception>
    void Apply(Operation op, OperationContext context);

    /// <summary>
    /// Every coin the operation can take from the sender on this state (amounts, prices, escrow, bids); the fee is
    /// counted apart. Policy, not consensus: the mempool refuses what a sender cannot cover with its reason up front.
    /// </summary>
    Amount Outflow(Operation op, AccountId sender, State.IStateReader state);

    /// <summary>Keys on which two pending transactions exclude each other (e.g. two proofs for one mint slot): the first wins.</summary>
    IReadOnlyList<ConflictKey> ConflictKeys(Operation op);

    /// <summary>Accounts other than the sender that the operation involves (recipients, new owners), for activity.</summary>
    IReadOnlyList<AccountId> Participants(Operation op);

    /// <summary>The operation in words and fields, for the API and the explorer.</summary>
    OperationDescription Describe(Operation op, DescribeContext context);
}

/// <summary>
/// Something only one pending transaction may take (a mint slot, a parcel, a collection id, later a listing): the
/// key, and the code and words a later transaction taking it again is refused with.
/// </summary>
public readonly record struct ConflictKey(string Key, string Code, string What);
