using Hashmint.Core.Primitives;

namespace Hashmint.Core.Transactions;

/// <summary>What a block's transaction list holds: the coinbase first, then signed transactions.</summary>
public interface IBlockTransaction
{
    Hash256 Id { get; }
    byte[] Encoded { get; }
    bool IsCoinbase { get; }
}
