using System.Numerics;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Nft.Support;
using Hashmint.Ledger.Tests.Support;
using static Hashmint.Ledger.Tests.Nft.Support.NftDefinitions;

namespace Hashmint.Ledger.Tests.Nft;

/// <summary>
/// Each proof-of-work collection retargets on its own (ASERT in blocks, anchored at its creation): mints faster
/// than the wanted spacing make the next proof harder, slower ones easier.
/// </summary>
public class MintRetargetTests
{
    private static readonly PowMintParams Params = new(0x1f00ffff, TargetSpacingBlocks: 10, HalfLifeBlocks: 100);
    private static BigInteger T(uint bits) => CompactTarget.ToTarget(bits)!.Value;

    [Fact]
    public void OnScheduleTheBitsStayPut()
    {
        Assert.Equal(0x1f00ffffu, MintRetarget.NextMintBits(Params, 1000, 1010, 1));
        Assert.Equal(0x1f00ffffu, MintRetarget.NextMintBits(Params, 1000, 1500, 50));
    }

    [Fact]
    public void AHalfLifeBehindScheduleDoublesTheTargetAndAHalfLifeAheadHalvesIt()
    {
        Assert.Equal(T(0x1f00ffff) * 2, T(MintRetarget.NextMintBits(Params, 1000, 1110, 1)));
        Assert.Equal(T(0x1f00ffff) * 4, T(MintRetarget.NextMintBits(Params, 1000, 1210, 1)));
        Assert.Equal(T(0x1f00ffff) / 2, T(MintRetarget.NextMintBits(Params, 1000, 1010, 11)));
        Assert.Equal(T(0x1f00ffff) / 4, T(MintRetarget.NextMintBits(Params, 1000, 1000, 20)));
    }

    [Fact]
    public void FasterMintsMakeTheTargetHarderAndSlowerOnesEasier()
    {
        // One mint every block, ten times the wanted rate: every mint lowers the target.
        var fast = Enumerable.Range(1, 30).Select(n => T(MintRetarget.NextMintBits(Params, 1000, (uint)(1000 + n), (ulong)n))).ToList();
        Assert.True(fast[0] < T(Params.InitialBits));
        for (int i = 1; i < fast.Count; i++) Assert.True(fast[i] < fast[i - 1], $"mint {i + 1}");

        // One mint every 40 blocks, a quarter of the wanted rate: every mint raises it.
        var slow = Enumerable.Range(1, 10).Select(n => T(MintRetarget.NextMintBits(Params, 1000, (uint)(1000 + 40 * n), (ulong)n))).ToList();
        Assert.True(slow[0] > T(Params.InitialBits));
        for (int i = 1; i < slow.Count; i++) Assert.True(slow[i] > slow[i - 1], $"mint {i + 1}");
    }

    [Fact]
    public void TheTargetNeverPassesTheEasiestBitsNorReachesZero()
    {
        Assert.Equal(0x207fffffu, MintRetarget.NextMintBits(Params, 0, 1_000_000, 1));
        Assert.Equal(0x207fffffu, MintRetarget.NextMintBits(new PowMintParams(0x207fffff, 10, 100), 0, 500, 1));
        uint hardest = MintRetarget.NextMintBits(new PowMintParams(0x1f00ffff, 100_000, 1), 0, 0, 1_000);
        Assert.True(T(hardest) >= BigInteger.One);
    }

    [Fact]
    public void TheCollectionStateFollowsEveryMintExactly()
    {
        var s = new NftSandbox();
        s.Height = 100;
        s.Apply(1, Create(Pow(bits: 0x2000ffff, spacing: 10, halfLife: 50)));
        var pow = s.Collection("mined").Definition.Pow!;
        var targets = new List<BigInteger> { T(0x2000ffff) };
        ulong n = 0;

        void MintAt(uint height)
        {
            s.Height = height;
            var before = s.Collection("mined");
            var proof = s.Proof("mined", minterKey: 3);
            s.Apply(4, proof);
            n++;
            var after = s.Collection("mined");
            var expected = before with
            {
                Minted = n, PowMints = n, LastMintHash = MintProofMiner.HashOf(proof), LastMintHeight = height,
                Bits = MintRetarget.NextMintBits(pow, 100, height, n),
            };
            Assert.Equal(expected.Encode(), after.Encode()); // every field, the definition included
            Assert.Equal((n, n, expected.LastMintHash, height, expected.Bits), (after.Minted, after.PowMints, after.LastMintHash, after.LastMintHeight, after.Bits));
            targets.Add(T(after.Bits));
        }

        foreach (uint h in new uint[] { 101, 102, 103, 104 }) MintAt(h); // ten times too fast
        for (int i = 1; i < targets.Count; i++) Assert.True(targets[i] < targets[i - 1], $"fast mint {i}");

        MintAt(400); // far behind schedule: much easier
        Assert.True(targets[^1] > targets[^2]);
        Assert.True(targets[^1] > T(0x2000ffff));
        MintAt(401);
        Assert.True(targets[^1] < targets[^2]);
        Assert.Equal(6UL, s.Collection("mined").PowMints);
    }

    [Fact]
    public void CollectionsRetargetIndependently()
    {
        var s = new NftSandbox();
        s.Apply(1, Create(Pow("busy", bits: 0x207fffff)));
        s.Apply(1, Create(Pow("quiet", bits: 0x207fffff)));
        for (int i = 0; i < 3; i++) s.Apply(3, s.Proof("busy", minterKey: 3));
        Assert.True(T(s.Collection("busy").Bits) < T(0x207fffff));
        Assert.Equal(0x207fffffu, s.Collection("quiet").Bits);
        Assert.Equal(MintProof.GenesisMintHash("quiet"), s.Collection("quiet").LastMintHash);
    }
}
