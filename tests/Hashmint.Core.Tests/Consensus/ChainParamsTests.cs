using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Consensus;

public class ChainParamsTests
{
    [Fact]
    public void RegtestSubsidyHalvesEvery150Blocks()
    {
        var p = ChainParams.Regtest;
        Assert.Equal(150, p.HalvingInterval);
        Assert.Equal(Amount.Coins(25), p.SubsidyAt(0));
        Assert.Equal(Amount.Coins(25), p.SubsidyAt(149));
        Assert.Equal(new Amount(1_250_000_000), p.SubsidyAt(150));
        Assert.Equal(new Amount(1_250_000_000), p.SubsidyAt(299));
        Assert.Equal(new Amount(625_000_000), p.SubsidyAt(300));
        Assert.Equal(new Amount(2_500_000_000UL >> 31), p.SubsidyAt(150 * 31 + 7));
    }

    [Fact]
    public void SubsidyEventuallyReachesZeroAndStaysThere()
    {
        var p = ChainParams.Regtest;
        Assert.Equal(new Amount(1), p.SubsidyAt(150 * 31));           // 2.5e9 >> 31 = 1
        Assert.Equal(Amount.Zero, p.SubsidyAt(150 * 32));
        Assert.Equal(Amount.Zero, p.SubsidyAt(150 * 64));
        Assert.Equal(Amount.Zero, p.SubsidyAt(150L * 1000));
        Assert.Equal(Amount.Zero, ChainParams.Main.SubsidyAt(long.MaxValue));
    }

    [Fact]
    public void MainnetEmissionSumsToTheCap()
    {
        var p = ChainParams.Main;
        ulong total = 0;
        for (long halving = 0; halving < 64; halving++)
            total = checked(total + p.SubsidyAt(halving * p.HalvingInterval).Units * (ulong)p.HalvingInterval);
        Assert.True(total <= p.MaxSupply.Units);
        Assert.True(p.MaxSupply.Units - total < (ulong)p.HalvingInterval * 64, "the schedule should reach the cap up to rounding");
    }

    [Fact]
    public void NetworksAreDistinct()
    {
        var all = ChainParams.All;
        Assert.Equal(all.Count, all.Select(p => p.ChainId).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.AddressPrefix).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.DefaultP2pPort).Distinct().Count());
        foreach (var p in all)
        {
            Assert.NotNull(CompactTarget.ToTarget(p.GenesisBits));
            Assert.True(CompactTarget.ToTarget(p.GenesisBits) <= p.PowLimit, $"{p.Name} genesis bits above its limit");
            Assert.Same(p, ChainParams.ByName(p.Name.ToUpperInvariant()));
        }
        Assert.Throws<ArgumentException>(() => ChainParams.ByName("nonet"));
    }

    [Fact]
    public void RegtestMinesInstantly()
    {
        var p = ChainParams.Regtest;
        Assert.True(p.NoRetarget);
        Assert.Equal(0x207fffffu, p.PowLimitBits);
        Assert.Equal(1, p.CoinbaseMaturity);
    }
}
