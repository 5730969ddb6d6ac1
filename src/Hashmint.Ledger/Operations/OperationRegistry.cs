using System.Collections.Frozen;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Blocks;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// The operation handlers and block hooks one chain runs, looked up by type byte (decoding) and by record type
/// (everything else). Immutable; <see cref="Default"/> is the table in <see cref="OperationTable"/>. It is also the
/// codec that block and transaction decoding use for operations.
/// </summary>
public sealed class OperationRegistry : IOperationCodec
{
    private readonly FrozenDictionary<byte, IOperationHandler> _byType;
    private readonly FrozenDictionary<Type, IOperationHandler> _byRecord;

    public static OperationRegistry Default { get; } = new(OperationTable.Handlers, OperationTable.BlockHooks);

    public IReadOnlyList<IOperationHandler> Handlers { get; }
    public IReadOnlyList<IBlockHook> BeforeTransactions { get; }
    public IReadOnlyList<IBlockHook> AfterTransactions { get; }

    public OperationRegistry(IEnumerable<IOperationHandler> handlers, IEnumerable<IBlockHook> hooks)
    {
        Handlers = handlers.ToList();
        var byType = new Dictionary<byte, IOperationHandler>();
        var byRecord = new Dictionary<Type, IOperationHandler>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in Handlers)
        {
            if (!byType.TryAdd(h.Type, h)) throw new ArgumentException($"operation type 0x{h.Type:x2} is registered twice ({byType[h.Type].Name}, {h.Name})");
            if (!byRecord.TryAdd(h.OperationType, h)) throw new ArgumentException($"operation record {h.OperationType.Name} has two handlers");
            if (!names.Add(h.Name)) throw new ArgumentException($"operation name '{h.Name}' is used twice");
        }
        _byType = byType.ToFrozenDictionary();
        _byRecord = byRecord.ToFrozenDictionary();
        var hookList = hooks.ToList();
        BeforeTransactions = hookList.Where(h => h.Stage == BlockHookStage.BeforeTransactions).ToList();
        AfterTransactions = hookList.Where(h => h.Stage == BlockHookStage.AfterTransactions).ToList();
    }

    public IOperationHandler For(Operation op) =>
        _byRecord.TryGetValue(op.GetType(), out var h) ? h
            : throw new RejectedException(RejectCodes.Malformed, $"operation {op.GetType().Name} (type 0x{op.Type:x2}) has no handler on this chain");

    public IOperationHandler? ForType(byte type) => _byType.GetValueOrDefault(type);

    public Operation ReadOperation(ref SpanReader reader)
    {
        byte type = reader.ReadU8();
        var handler = _byType.GetValueOrDefault(type) ?? throw new DecodeException($"unknown operation type {type}");
        var op = handler.ReadPayload(ref reader);
        if (op.Type != type) throw new InvalidOperationException($"handler {handler.Name} read an operation of type {op.Type}");
        return op;
    }

    /// <summary>Strict block decoding with this registry's operations.</summary>
    /// <exception cref="DecodeException">on any defect.</exception>
    public Block DecodeBlock(ReadOnlySpan<byte> bytes, int maxBytes = 4 * 1024 * 1024) => Block.Decode(bytes, this, maxBytes);

    /// <summary>Strict decoding of one submitted (signed, non-coinbase) transaction.</summary>
    /// <exception cref="DecodeException">on any defect.</exception>
    public Transaction DecodeTransaction(ReadOnlySpan<byte> bytes) => TransactionCodec.DecodeTransaction(bytes, this);

    /// <summary>Transaction rules that need no state: the chain id, each operation's own checks, and amounts that add up.</summary>
    /// <exception cref="RejectedException">with the rule's code.</exception>
    public void CheckStateless(Transaction tx, ChainParams network)
    {
        if (tx.ChainId != network.ChainId)
            throw new RejectedException(RejectCodes.WrongChain, $"transaction is for chain {tx.ChainId:x8}, this is {network.Name} ({network.ChainId:x8})");
        foreach (var op in tx.Operations) For(op).CheckStateless(op, tx, network);
    }

    /// <summary>The fee plus every coin the operations can take from the sender, on this state.</summary>
    /// <exception cref="RejectedException">when the amounts overflow.</exception>
    public Amount Outflow(Transaction tx, State.IStateReader state)
    {
        try
        {
            var total = tx.Fee;
            foreach (var op in tx.Operations) total += For(op).Outflow(op, tx.Sender, state);
            return total;
        }
        catch (OverflowException) { throw new RejectedException(RejectCodes.InsufficientFunds, "the transaction's amounts overflow"); }
    }

    public IReadOnlyList<ConflictKey> ConflictKeys(Transaction tx)
    {
        List<ConflictKey>? keys = null;
        foreach (var op in tx.Operations)
        {
            var k = For(op).ConflictKeys(op);
            if (k.Count > 0) (keys ??= []).AddRange(k);
        }
        return keys ?? (IReadOnlyList<ConflictKey>)[];
    }

    /// <summary>The sender and every account the operations involve, each once.</summary>
    public IReadOnlyList<AccountId> Participants(Transaction tx)
    {
        var accounts = new List<AccountId> { tx.Sender };
        foreach (var op in tx.Operations)
            foreach (var a in For(op).Participants(op))
                if (!a.IsNone && !accounts.Contains(a)) accounts.Add(a);
        return accounts;
    }

    public OperationDescription Describe(Operation op, DescribeContext context) => For(op).Describe(op, context);
}
