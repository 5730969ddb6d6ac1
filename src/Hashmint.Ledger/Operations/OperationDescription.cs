using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Operations;

/// <summary>How an operation reads for people: its type name, one sentence, and its fields as display strings.</summary>
public sealed record OperationDescription(string Type, string Summary, IReadOnlyDictionary<string, string> Fields);

/// <summary>What describing needs: the network's address prefix.</summary>
public sealed record DescribeContext(string AddressPrefix)
{
    public string Address(AccountId account) => account.IsNone ? "none" : account.ToAddress(AddressPrefix);
}
