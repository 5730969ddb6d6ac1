using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Chain;

/// <summary>A block of the tree as readers see it: header, height, cumulative work, the state root its coinbase commits to.</summary>
public sealed record ChainPoint(Hash256 Hash, uint Height, BlockHeader Header, BigInteger ChainWork, Hash256 StateRoot)
{
    internal static ChainPoint Of(ChainEntry e) => new(e.Hash, e.Height, e.Header, e.ChainWork, e.StateRoot);
}
