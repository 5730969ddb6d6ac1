using Hashmint.Core.Blocks;

namespace Hashmint.Ledger.Chain;

/// <summary>What one call into the chain manager changed on the main chain, in the order it happened.</summary>
public sealed record ChainUpdate(IReadOnlyList<Block> Disconnected, IReadOnlyList<Block> Connected)
{
    public static readonly ChainUpdate None = new([], []);
    public bool TipChanged => Disconnected.Count > 0 || Connected.Count > 0;
}

public enum BlockOutcome
{
    /// <summary>The block is now on the main chain (possibly after a reorganisation).</summary>
    Connected,
    /// <summary>Stored on a side branch with less work than the main chain.</summary>
    SideBranch,
    /// <summary>Its parent is unknown; held until the parent arrives.</summary>
    Orphan,
    /// <summary>Already known.</summary>
    Duplicate,
    /// <summary>Failed validation while being connected; see the rejection.</summary>
    Invalid,
}

public sealed record ProcessResult(BlockOutcome Outcome, ChainUpdate Update, Rejection? Rejection = null);
