using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>Ranges that start or end inside a lane vector, at the top of the nonce space, empty or cancelled.</summary>
public sealed class RangeEdgeTests
{
    // Nearly every hash wins: the first nonce of any range is the answer, so range edges are visible exactly.
    private static readonly byte[] EasyTarget = Enumerable.Repeat((byte)0xff, 32).ToArray();

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void FirstNonceOfAnyRangeIsFoundWhenEverythingWins(string engineName)
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        byte[] header = Reference.RandomHeader(new Random(1));
        uint[] starts = [0, 1, 7, 15, 17, 1000, uint.MaxValue - 16, uint.MaxValue - 1, uint.MaxValue];
        foreach (uint start in starts)
        {
            Assert.True(engine.Search(header, EasyTarget, start, 1, CancellationToken.None, out uint nonce, out ulong done));
            Assert.Equal(start, nonce);
            Assert.Equal(1UL, done);
        }
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void NoncesOutsideTheRangeAreNeverReported(string engineName)
    {
        // Only the reference's winners inside [start, start + count) may be reported, even when lanes
        // of the first and last vectors (outside the range) win.
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        var random = new Random(5);
        byte[] header = Reference.RandomHeader(random);
        byte[] halfTarget = Reference.TargetWithHighWord(random, 0x7fffffff);
        for (int trial = 0; trial < 200; trial++)
        {
            uint start = (uint)random.NextInt64(0, 1L << 32);
            uint count = (uint)Math.Min(random.Next(1, 40), (1L << 32) - start);
            List<uint> expected = Reference.Winners(header, halfTarget, start, count);

            bool found = engine.Search(header, halfTarget, start, count, CancellationToken.None, out uint nonce, out ulong done);

            Assert.Equal(expected.Count > 0, found);
            if (found)
                Assert.Equal(expected[0], nonce);
            else
                Assert.Equal(count, done);
        }
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void EmptyAndCancelledSearchesDoNoWork(string engineName)
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        byte[] header = Reference.RandomHeader(new Random(2));

        Assert.False(engine.Search(header, EasyTarget, 123, 0, CancellationToken.None, out _, out ulong emptyDone));
        Assert.Equal(0UL, emptyDone);

        Assert.False(engine.Search(header, EasyTarget, 123, 1000, new CancellationToken(canceled: true), out _, out ulong cancelledDone));
        Assert.Equal(0UL, cancelledDone);
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void CancellationStopsALongSearchEarly(string engineName)
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        using var cancel = new CancellationTokenSource();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));

        bool found = engine.Search(Reference.RandomHeader(new Random(3)), new byte[32], 0, 1UL << 32, cancel.Token, out _, out ulong done);

        Assert.False(found);
        Assert.True(done < 1UL << 32);
        Assert.Equal(0UL, done % (ulong)KernelLanes.LaneCount(engineName));
    }

    [Fact]
    public void WholeNonceSpaceIsAcceptedAndBeyondItIsRejected()
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(NonceSearchEngines.Auto);
        byte[] header = new byte[80];

        Assert.True(engine.Search(header, EasyTarget, 0, 1UL << 32, CancellationToken.None, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            engine.Search(header, EasyTarget, 1, 1UL << 32, CancellationToken.None, out _, out _));
        Assert.Throws<ArgumentException>(() =>
            engine.Search(new byte[79], EasyTarget, 0, 1, CancellationToken.None, out _, out _));
        Assert.Throws<ArgumentException>(() =>
            engine.Search(header, new byte[31], 0, 1, CancellationToken.None, out _, out _));
    }
}
