using System.Security.Cryptography;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;

namespace Hashmint.Core.Tests.Nft;

/// <summary>Game items rolled from a token seed: deterministic, weighted as the table says, stats in their ranges.</summary>
public class LootTableTests
{
    private static byte[] Seed(int i) => SHA256.HashData(BitConverter.GetBytes(i));

    [Fact]
    public void TheSameSeedRollsTheSameItemEveryTime()
    {
        var a = NftSamples.Loot();
        var b = NftSamples.Loot();
        for (int i = 0; i < 200; i++)
        {
            var first = a.Roll(Seed(i));
            var second = b.Roll(Seed(i));
            Assert.Same(a.Items.Single(x => x.Name == first.Item.Name), first.Item);
            Assert.Equal(first.Item.Name, second.Item.Name);
            Assert.Equal(first.Stats, second.Stats);
        }
    }

    [Fact]
    public void RollIsPinnedForAFixedSeed()
    {
        // Derived by hand from the documented stream: TaggedHash("Hashmint/loot", seed || 0) read as u64 words.
        var seed = Seed(0);
        var stream = new SeedStream(seed, "Hashmint/loot");
        ulong pick = stream.NextBelow(100);
        string expectedItem = pick < 60 ? "sword" : pick < 90 ? "shield" : "crown";
        var roll = NftSamples.Loot().Roll(seed);
        Assert.Equal(expectedItem, roll.Item.Name);
        var expectedStats = roll.Item.Stats.Select(s => (s.Name, (uint)(s.Min + stream.NextBelow((ulong)s.Max - s.Min + 1)))).ToList();
        Assert.Equal(expectedStats, roll.Stats);
    }

    [Fact]
    public void ItemsAppearInProportionToTheirWeights()
    {
        var table = NftSamples.Loot(); // weights 60 / 30 / 10
        const int n = 30_000;
        var counts = new Dictionary<string, int> { ["sword"] = 0, ["shield"] = 0, ["crown"] = 0 };
        for (int i = 0; i < n; i++) counts[table.Roll(Seed(i)).Item.Name]++;
        double chi = 0;
        foreach (var item in table.Items)
        {
            double expected = n * item.Weight / 100.0;
            chi += (counts[item.Name] - expected) * (counts[item.Name] - expected) / expected;
        }
        Assert.True(chi < 13.82, $"chi-square {chi:0.00} with 2 degrees of freedom exceeds its 99.9 % quantile ({string.Join(", ", counts)})");
        Assert.True(counts["sword"] > counts["shield"] && counts["shield"] > counts["crown"]);
    }

    [Fact]
    public void StatsStayInTheirRangesAndCoverThem()
    {
        var table = NftSamples.Loot();
        var seen = new Dictionary<string, HashSet<uint>>();
        for (int i = 0; i < 5_000; i++)
        {
            var (item, stats) = table.Roll(Seed(i));
            Assert.Equal(item.Stats.Select(s => s.Name), stats.Select(s => s.Name));
            foreach (var (range, (name, value)) in item.Stats.Zip(stats))
            {
                Assert.InRange(value, range.Min, range.Max);
                if (!seen.TryGetValue(name, out var set)) seen[name] = set = [];
                set.Add(value);
            }
        }
        Assert.Equal(Enumerable.Range(10, 11).Select(v => (uint)v), seen["attack"].Order());
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (uint)v), seen["speed"].Order());
        Assert.Equal([5u], seen["defence"]);
    }

    [Fact]
    public void UniformStatsAreUnbiasedOverASmallRange()
    {
        var table = new LootTable([new LootItem("die", 1, [new StatRange("face", 1, 6)])]);
        const int n = 24_000;
        var counts = new int[7];
        for (int i = 0; i < n; i++) counts[(int)table.Roll(Seed(i)).Stats[0].Value]++;
        double expected = n / 6.0;
        double chi = counts.Skip(1).Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi < 20.52, $"chi-square {chi:0.00} with 5 degrees of freedom exceeds its 99.9 % quantile");
    }

    [Fact]
    public void FullRangeStatsAndASingleItemWork()
    {
        var table = new LootTable([new LootItem("orb", uint.MaxValue, [new StatRange("power", 0, uint.MaxValue), new StatRange("fixed", 7, 7)])]);
        var values = Enumerable.Range(0, 100).Select(i => table.Roll(Seed(i))).ToList();
        Assert.All(values, v => Assert.Equal("orb", v.Item.Name));
        Assert.All(values, v => Assert.Equal(7u, v.Stats[1].Value));
        Assert.True(values.Select(v => v.Stats[0].Value).Distinct().Count() > 95);
        Assert.Contains(values, v => v.Stats[0].Value > uint.MaxValue / 2);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentRolls()
    {
        var table = NftSamples.Loot();
        var distinct = Enumerable.Range(0, 200).Select(i => table.Roll(Seed(i))).Where(r => r.Item.Name == "sword")
            .Select(r => string.Join(",", r.Stats.Select(s => s.Value))).Distinct().Count();
        Assert.True(distinct > 40, $"only {distinct} distinct sword stat lines in about 120 swords");
    }

    [Fact]
    public void EncodingRoundTrips()
    {
        var table = NftSamples.Loot();
        var w = new ByteWriter();
        table.Write(w);
        var r = new SpanReader(w.ToArray());
        var back = LootTable.Read(ref r);
        r.EnsureEnd();
        Assert.Equal(table.Items.Select(i => (i.Name, i.Weight)), back.Items.Select(i => (i.Name, i.Weight)));
        Assert.Equal(table.Items.SelectMany(i => i.Stats), back.Items.SelectMany(i => i.Stats));
        for (int i = 0; i < 50; i++) Assert.Equal(table.Roll(Seed(i)).Stats, back.Roll(Seed(i)).Stats);
    }
}
