using System.Numerics;
using Hashmint.Core.Consensus;

namespace Hashmint.Core.Tests.Consensus;

public class AsertPropertyTests
{
    private const long Spacing = 30;
    private const long HalfLife = 3600;
    private static readonly BigInteger PowLimit = ChainParams.Main.PowLimit;
    private static readonly BigInteger Anchor = CompactTarget.ToTarget(0x1c0fffff)!.Value;

    private static BigInteger Next(long timeDiff, long heightDiff, BigInteger? anchor = null) =>
        Asert.NextTarget(anchor ?? Anchor, timeDiff, heightDiff, Spacing, HalfLife, PowLimit);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1000L)]
    [InlineData(1_000_000L)]
    public void OnScheduleKeepsTheAnchorTarget(long heightDiff) =>
        Assert.Equal(Anchor, Next(Spacing * (heightDiff + 1), heightDiff));

    [Fact]
    public void OneHalfLifeBehindDoublesAndOneAheadHalves()
    {
        Assert.Equal(Anchor * 2, Next(Spacing * 11 + HalfLife, 10));
        Assert.Equal(Anchor / 2, Next(Spacing * 11 - HalfLife, 10));
        Assert.Equal(Anchor * 4, Next(Spacing * 11 + 2 * HalfLife, 10));
        Assert.Equal(Anchor / 8, Next(Spacing * 11 - 3 * HalfLife, 10));
    }

    [Fact]
    public void TargetGrowsMonotonicallyWithTime()
    {
        var previous = BigInteger.Zero;
        for (long t = -4 * HalfLife; t <= 4 * HalfLife; t += 97)
        {
            var next = Next(t, 10);
            Assert.True(next >= previous, $"target fell at time diff {t}");
            previous = next;
        }
    }

    [Fact]
    public void FractionalStepsStayWithinTheCubicApproximationError()
    {
        for (long dt = -HalfLife; dt <= HalfLife; dt += 113)
        {
            var next = Next(Spacing * 11 + dt, 10);
            double expected = Math.Pow(2, (double)(dt * 65536 / HalfLife) / 65536.0);
            double actual = Math.Exp(BigInteger.Log(next) - BigInteger.Log(Anchor));
            Assert.True(Math.Abs(actual / expected - 1) < 0.0002, $"dt {dt}: ratio {actual} vs 2^x {expected}");
        }
    }

    [Fact]
    public void ClampsToThePowLimit()
    {
        Assert.Equal(PowLimit, Next(1000 * HalfLife, 0));
        Assert.Equal(PowLimit, Next(long.MaxValue / 65536 / 2, 0));
        Assert.Equal(PowLimit, Next(0, 0, PowLimit * 1000));
    }

    [Fact]
    public void NeverReachesZero()
    {
        Assert.Equal(BigInteger.One, Next(-1000 * HalfLife, 0));
        Assert.Equal(BigInteger.One, Next(0, 10_000_000));
        Assert.Equal(BigInteger.One, Next(-HalfLife, 0, BigInteger.One));
    }
}
