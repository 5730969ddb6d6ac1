using Hashmint.Core.Consensus;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Which bits the next block must carry. Block 1 uses the genesis bits; from block 2 on, ASERT anchored at
/// block 1 of the same branch (not at genesis, whose fixed timestamp may lie far in the past: anchoring there
/// would make a fresh network "catch up" with a flood of easy blocks). See docs/PROTOCOL.md.
/// </summary>
internal static class DifficultyRules
{
    public const uint AnchorHeight = 1;

    public static uint NextBits(ChainEntry parent, ChainEntry? anchor, ChainParams p)
    {
        if (p.NoRetarget) return p.PowLimitBits;
        if (parent.Height < AnchorHeight) return p.GenesisBits;
        anchor ??= (parent.Height == AnchorHeight ? parent : parent.Anchor) ?? throw new InvalidOperationException("anchor block missing");
        var anchorTarget = CompactTarget.ToTarget(anchor.Header.Bits)!.Value;
        long anchorParentTime = (long)anchor.Header.Time - p.TargetSpacing;
        long timeDiff = (long)parent.Header.Time - anchorParentTime;
        long heightDiff = (long)parent.Height - anchor.Height;
        var next = Asert.NextTarget(anchorTarget, timeDiff, heightDiff, p.TargetSpacing, p.AsertHalfLife, p.PowLimit);
        return CompactTarget.FromTarget(next);
    }
}
