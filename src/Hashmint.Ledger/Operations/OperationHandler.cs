using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.Operations;

/// <summary>The typed base of a handler: overrides see their own operation record, the interface does the casting.</summary>
public abstract class OperationHandler<TOperation> : IOperationHandler where TOperation : Operation
{
    public abstract byte Type { get; }
    public abstract string Name { get; }
    public Type OperationType => typeof(TOperation);

    public abstract TOperation Read(ref SpanReader reader);
    public virtual void CheckStateless(TOperation op, Transaction tx, ChainParams network) { }
    public abstract void Apply(TOperation op, OperationContext context);
    public virtual Amount Outflow(TOperation op, AccountId sender, State.IStateReader state) => Amount.Zero;
    public virtual IReadOnlyList<ConflictKey> ConflictKeys(TOperation op) => [];
    public virtual IReadOnlyList<AccountId> Participants(TOperation op) => [];
    public abstract OperationDescription Describe(TOperation op, DescribeContext context);

    Operation IOperationHandler.ReadPayload(ref SpanReader reader) => Read(ref reader);
    void IOperationHandler.CheckStateless(Operation op, Transaction tx, ChainParams network) => CheckStateless((TOperation)op, tx, network);
    void IOperationHandler.Apply(Operation op, OperationContext context) => Apply((TOperation)op, context);
    Amount IOperationHandler.Outflow(Operation op, AccountId sender, State.IStateReader state) => Outflow((TOperation)op, sender, state);
    IReadOnlyList<ConflictKey> IOperationHandler.ConflictKeys(Operation op) => ConflictKeys((TOperation)op);
    IReadOnlyList<AccountId> IOperationHandler.Participants(Operation op) => Participants((TOperation)op);
    OperationDescription IOperationHandler.Describe(Operation op, DescribeContext context) => Describe((TOperation)op, context);
}
