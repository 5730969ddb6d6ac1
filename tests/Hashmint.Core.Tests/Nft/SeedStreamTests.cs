using System.Buffers.Binary;
using System.Security.Cryptography;
using Hashmint.Core.Nft;
using Hashmint.Crypto;

namespace Hashmint.Core.Tests.Nft;

/// <summary>The consensus-grade number stream drawn from a token seed.</summary>
public class SeedStreamTests
{
    private static readonly byte[] Seed = SHA256.HashData("hashmint seed stream test"u8);

    [Fact]
    public void WordsAreTaggedHashBlocksReadEightBytesAtATime()
    {
        var stream = new SeedStream(Seed, "Hashmint/test");
        for (uint block = 0; block < 3; block++)
        {
            var hash = TaggedHash.Hash("Hashmint/test", [.. Seed, .. BitConverter.GetBytes(block)]);
            for (int word = 0; word < 4; word++)
                Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(word * 8)), stream.NextU64());
        }
    }

    [Fact]
    public void SameSeedAndDomainGiveTheSameStreamAndOthersDiffer()
    {
        static ulong[] Take(byte[] seed, string domain)
        {
            var s = new SeedStream(seed, domain);
            return Enumerable.Range(0, 10).Select(_ => s.NextU64()).ToArray();
        }
        Assert.Equal(Take(Seed, "Hashmint/a"), Take(Seed, "Hashmint/a"));
        Assert.NotEqual(Take(Seed, "Hashmint/a"), Take(Seed, "Hashmint/b"));
        var other = (byte[])Seed.Clone();
        other[31] ^= 1;
        Assert.NotEqual(Take(Seed, "Hashmint/a"), Take(other, "Hashmint/a"));
    }

    [Fact]
    public void TheStreamKeepsItsOwnCopyOfTheSeed()
    {
        var seed = (byte[])Seed.Clone();
        var stream = new SeedStream(seed, "Hashmint/a");
        seed[0] ^= 0xff;
        Assert.Equal(new SeedStream(Seed, "Hashmint/a").NextU64(), stream.NextU64());
    }

    [Fact]
    public void NextBelowStaysBelowItsBound()
    {
        var s = new SeedStream(Seed, "Hashmint/bounds");
        foreach (ulong bound in new ulong[] { 1, 2, 3, 7, 100, 1UL << 32, (1UL << 63) + 1, ulong.MaxValue })
            for (int i = 0; i < 200; i++) Assert.True(s.NextBelow(bound) < bound);
        Assert.Equal(0UL, s.NextBelow(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextBelow(0));
    }

    [Fact]
    public void NextBelowIsUniformOnAFixedSample()
    {
        var s = new SeedStream(Seed, "Hashmint/uniform");
        const int n = 50_000, bound = 10;
        var counts = new int[bound];
        for (int i = 0; i < n; i++) counts[s.NextBelow(bound)]++;
        double expected = n / (double)bound;
        double chi = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi < 27.88, $"chi-square {chi:0.00} with 9 degrees of freedom exceeds its 99.9 % quantile");
    }
}
