using System.Numerics;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Chain;

public class DifficultyRulesTests
{
    private static readonly ChainParams Main = ChainParams.Main;
    private const uint AnchorBits = 0x1c0ffff0;

    /// <summary>Genesis, then an anchor at height 1, then blocks every <paramref name="spacing"/> seconds.</summary>
    private static ChainEntry BuildChain(int blocksAfterAnchor, long spacing, long extraDelayAtEnd = 0)
    {
        var genesis = new ChainEntry(new BlockHeader(1, Hash256.Zero, Hash256.Zero, Main.GenesisTime, Main.GenesisBits, 0), 0, 1, null, Hash256.Zero, BlockStatus.Valid);
        uint anchorTime = Main.GenesisTime + 5000;
        var e = new ChainEntry(new BlockHeader(1, genesis.Hash, Hash256.Zero, anchorTime, AnchorBits, 0), 1, 2, genesis, Hash256.Zero, BlockStatus.Valid);
        for (int i = 1; i <= blocksAfterAnchor; i++)
        {
            long time = anchorTime + i * spacing + (i == blocksAfterAnchor ? extraDelayAtEnd : 0);
            e = new ChainEntry(new BlockHeader(1, e.Hash, Hash256.Zero, (uint)time, AnchorBits, (uint)i), e.Height + 1, e.ChainWork + 1, e, Hash256.Zero, BlockStatus.Valid);
        }
        return e;
    }

    private static BigInteger Target(uint bits) => CompactTarget.ToTarget(bits)!.Value;

    [Fact]
    public void BlockOneUsesTheGenesisBits()
    {
        var genesis = BuildChain(0, 30).Parent!;
        Assert.Equal(Main.GenesisBits, DifficultyRules.NextBits(genesis, null, Main));
    }

    [Fact]
    public void OnScheduleKeepsTheAnchorBits()
    {
        Assert.Equal(AnchorBits, DifficultyRules.NextBits(BuildChain(0, Main.TargetSpacing), null, Main));
        Assert.Equal(AnchorBits, DifficultyRules.NextBits(BuildChain(100, Main.TargetSpacing), null, Main));
    }

    [Fact]
    public void OneHalfLifeLateDoublesTheTargetAndOneEarlyHalvesIt()
    {
        var late = DifficultyRules.NextBits(BuildChain(50, Main.TargetSpacing, Main.AsertHalfLife), null, Main);
        Assert.Equal(Target(AnchorBits) * 2, Target(late));
        var early = DifficultyRules.NextBits(BuildChain(50, Main.TargetSpacing, -Main.AsertHalfLife), null, Main);
        Assert.Equal(Target(AnchorBits) / 2, Target(early));
    }

    [Fact]
    public void TargetNeverExceedsThePowLimit()
    {
        var bits = DifficultyRules.NextBits(BuildChain(5, Main.TargetSpacing, 100 * Main.AsertHalfLife), null, Main);
        Assert.Equal(Main.PowLimitBits, bits);
    }

    [Fact]
    public void RegtestNeverRetargets()
    {
        Assert.Equal(ChainParams.Regtest.PowLimitBits, DifficultyRules.NextBits(BuildChain(10, 1, -10_000), null, ChainParams.Regtest));
    }

    [Fact]
    public void ARetargetingChainAcceptsExactlyTheComputedBits()
    {
        // A network like regtest but retargeting from a harder genesis (1 in 256 hashes), half-life 60 s.
        var p = ChainParams.Regtest with { NoRetarget = false, GenesisBits = 0x2000ffff, TargetSpacing = 10, AsertHalfLife = 60 };
        using var node = new TestNode(p);
        var seenBits = new HashSet<uint>();
        for (int i = 0; i < 8; i++)
        {
            node.Clock.Advance(40); // slower than the 10 s schedule: the target must rise
            var block = node.Mine(1);
            Assert.Equal(DifficultyRules.NextBits(node.Chain.GetEntry(block.Header.PreviousHash)!, null, p), block.Header.Bits);
            seenBits.Add(block.Header.Bits);
        }
        Assert.True(seenBits.Count > 2, "the bits should have moved");
        Assert.True(Target(node.Tip.Header.Bits) > Target(p.GenesisBits));
        var wrong = BlockBuilder.Build(node, [], editHeader: h => h with { Bits = p.GenesisBits });
        Assert.Equal(RejectCodes.BadBits, node.Reject(wrong).Code);
    }
}
