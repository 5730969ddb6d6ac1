using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>Moves coins from the sender to another account. Payload: to 32 | amount u64.</summary>
public sealed record TransferOperation(AccountId To, Amount Amount) : Operation
{
    public const byte Code = 0x01;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.Hash(To.Key).U64(Amount.Units);
}

/// <summary>A positive amount to an account that is neither the sender nor nobody (coins sent to zero would be lost).</summary>
public sealed class TransferHandler : OperationHandler<TransferOperation>
{
    public override byte Type => TransferOperation.Code;
    public override string Name => "transfer";

    public override TransferOperation Read(ref SpanReader r) => new(new AccountId(r.ReadHash()), new Amount(r.ReadU64()));

    public override void CheckStateless(TransferOperation op, Transaction tx, ChainParams network)
    {
        if (op.Amount.Units == 0) throw new RejectedException(RejectCodes.ZeroAmount, "a transfer must move a positive amount");
        if (op.To == tx.Sender) throw new RejectedException(RejectCodes.SelfTransfer, "a transfer to the sender itself is not allowed");
        if (op.To.IsNone) throw new RejectedException(RejectCodes.BadRecipient, "coins sent to the all-zero account would be lost: name a recipient");
    }

    public override void Apply(TransferOperation op, OperationContext context)
    {
        var state = context.State;
        var source = state.GetAccount(context.Sender);
        if (source.Balance < op.Amount) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {source.Balance} is less than {op.Amount}");
        state.SetAccount(context.Sender, source with { Balance = source.Balance - op.Amount });
        var to = state.GetAccount(op.To);
        state.SetAccount(op.To, to with { Balance = to.Balance + op.Amount });
    }

    public override Amount Outflow(TransferOperation op, AccountId sender, IStateReader state) => op.Amount;
    public override IReadOnlyList<AccountId> Participants(TransferOperation op) => [op.To];

    public override OperationDescription Describe(TransferOperation op, DescribeContext context) =>
        new(Name, $"send {op.Amount} HMT to {context.Address(op.To)}", new Dictionary<string, string>
        {
            ["to"] = context.Address(op.To),
            ["amount"] = op.Amount.ToString(),
            ["amountUnits"] = op.Amount.Units.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
