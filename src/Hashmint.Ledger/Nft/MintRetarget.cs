using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;

namespace Hashmint.Ledger.Nft;

/// <summary>
/// Per-collection ASERT in blocks: anchored at the collection's creation with its initial bits, aiming at one
/// mint every spacing blocks; after n mints, the last at height h, the target is
/// initial · 2^((h − created − spacing·n) / half-life), clamped to the mint limit.
/// </summary>
public static class MintRetarget
{
    public static uint NextMintBits(PowMintParams pow, uint createdHeight, uint lastMintHeight, ulong mints)
    {
        var initial = CompactTarget.ToTarget(pow.InitialBits)!.Value;
        var next = Asert.NextTarget(initial, (long)lastMintHeight - createdHeight, (long)mints - 1, pow.TargetSpacingBlocks, pow.HalfLifeBlocks, MintProof.LimitTarget);
        return CompactTarget.FromTarget(next);
    }
}
