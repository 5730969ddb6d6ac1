using Hashmint.Core.Blocks;

namespace Hashmint.Ledger.Chain;

/// <summary>What one call into the chain manager changed on the main chain, in the order it happened.</summary>
internal sealed record ChainUpdate(IReadOnlyList<Block> Disconnected, IReadOnlyList<Block> Connected)
{
    public static readonly ChainUpdate None = new([], []);
    public bool TipChanged => Disconnected.Count > 0 || Connected.Count > 0;
}

internal sealed record ProcessResult(BlockOutcome Outcome, ChainUpdate Update, Rejection? Rejection = null);
