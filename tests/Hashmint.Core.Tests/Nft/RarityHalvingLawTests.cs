using System.Security.Cryptography;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Tests.Nft;

/// <summary>
/// Each extra zero bit beyond the target halves a rarity's frequency. Checked on a fixed sample: SHA-256 of the
/// counters 0..199,999 stands in for mint hashes, kept when they meet a target whose mantissa is all ones (so that
/// "meets the target" and "has the target's leading zero bits" are the same event). The data is fixed, so the
/// outcome is deterministic; the bounds are the 99.9 % quantiles of the statistics, so the test means something.
/// </summary>
public class RarityHalvingLawTests
{
    private const int SampleSize = 200_000;

    private static readonly Lazy<Hash256[]> Sample = new(() =>
        Enumerable.Range(0, SampleSize).Select(i => new Hash256(SHA256.HashData(BitConverter.GetBytes(i)))).ToArray());

    private static int[] RarityHistogram(uint bits, out int meeting)
    {
        var target = CompactTarget.ToTarget(bits)!.Value;
        var histogram = new int[257];
        meeting = 0;
        foreach (var h in Sample.Value)
        {
            if (!CompactTarget.MeetsTarget(h, target)) continue;
            meeting++;
            histogram[MintProof.Rarity(h, target)]++;
        }
        return histogram;
    }

    private static int AtLeast(int[] histogram, int k) => histogram.Skip(k).Sum();

    [Fact]
    public void CountsOfRarityAtLeastKHalveWithEveryK()
    {
        var histogram = RarityHistogram(0x207fffff, out int n);
        Assert.InRange(n, 99_000, 101_000); // half of all hashes meet a target of 2^255

        // Given rarity >= k - 1, rarity >= k is a fair coin: the ratio's standard deviation is 0.5 / sqrt(count).
        for (int k = 1; k <= 9; k++)
        {
            double previous = AtLeast(histogram, k - 1);
            double ratio = AtLeast(histogram, k) / previous;
            double bound = 3.3 * 0.5 / Math.Sqrt(previous); // 99.9 % two-sided
            Assert.InRange(ratio, 0.5 - bound, 0.5 + bound);
        }
    }

    [Fact]
    public void TierFrequenciesPassAChiSquareTestAgainstTheGeometricLaw()
    {
        var histogram = RarityHistogram(0x207fffff, out int n);
        const int tail = 10; // bins 0..9 and >= 10: all expected counts above 90
        double chi = 0;
        for (int r = 0; r <= tail; r++)
        {
            double observed = r < tail ? histogram[r] : AtLeast(histogram, tail);
            double expected = r < tail ? n * Math.Pow(2, -(r + 1)) : n * Math.Pow(2, -tail);
            chi += (observed - expected) * (observed - expected) / expected;
        }
        Assert.True(chi < 29.59, $"chi-square {chi:0.00} with 10 degrees of freedom exceeds its 99.9 % quantile");
    }

    [Fact]
    public void TheLawHoldsRelativeToAHarderTargetToo()
    {
        // 0x2000ffff demands 8 zero bits: about 1 in 256 sample hashes meets it.
        var histogram = RarityHistogram(0x2000ffff, out int n);
        Assert.InRange(n, 650, 920);
        double chi = 0;
        for (int r = 0; r <= 3; r++)
        {
            double observed = r < 3 ? histogram[r] : AtLeast(histogram, 3);
            double expected = r < 3 ? n * Math.Pow(2, -(r + 1)) : n / 8.0;
            chi += (observed - expected) * (observed - expected) / expected;
        }
        Assert.True(chi < 16.27, $"chi-square {chi:0.00} with 3 degrees of freedom exceeds its 99.9 % quantile");
    }

    [Theory]
    [InlineData(0x20400000u)] // exactly 2^254: a plain count of extra zero bits would never say "common" here
    [InlineData(0x20555555u)]
    [InlineData(0x206c0001u)]
    public void TheLawHoldsForTargetsOfAnyMantissa(uint bits)
    {
        var histogram = RarityHistogram(bits, out int n);
        Assert.True(n > 40_000, $"{n} sample hashes meet {bits:x8}");
        const int tail = 8;
        double chi = 0;
        for (int r = 0; r <= tail; r++)
        {
            double observed = r < tail ? histogram[r] : AtLeast(histogram, tail);
            double expected = r < tail ? n * Math.Pow(2, -(r + 1)) : n * Math.Pow(2, -tail);
            chi += (observed - expected) * (observed - expected) / expected;
        }
        Assert.True(chi < 26.12, $"chi-square {chi:0.00} with 8 degrees of freedom exceeds its 99.9 % quantile");
    }

    [Fact]
    public void HalvingTheTargetShiftsEveryRarityByOne()
    {
        var easy = CompactTarget.ToTarget(0x207fffff)!.Value;
        var hard = CompactTarget.ToTarget(0x203fffff)!.Value; // a mantissa of ones, one bit shorter
        Assert.Equal(MintProof.LeadingZeroBits(easy) + 1, MintProof.LeadingZeroBits(hard));
        int checkedHashes = 0;
        foreach (var h in Sample.Value.Take(20_000))
        {
            if (!CompactTarget.MeetsTarget(h, hard)) continue;
            Assert.Equal(MintProof.Rarity(h, easy) - 1, MintProof.Rarity(h, hard));
            checkedHashes++;
        }
        Assert.InRange(checkedHashes, 4_500, 5_500);
    }

    [Fact]
    public void MeetingATargetOfOnesIsHavingItsLeadingZeroBits()
    {
        var target = CompactTarget.ToTarget(0x207fffff)!.Value;
        int zeros = MintProof.LeadingZeroBits(target);
        // They differ only for hashes above the target that share its top 24 bits (odds 2^-24 each): none here.
        Assert.Equal(0, Sample.Value.Count(h => CompactTarget.MeetsTarget(h, target) != MintProof.LeadingZeroBits(h) >= zeros));
    }
}
