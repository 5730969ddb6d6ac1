using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>
/// The early exit (only H7 is computed; candidates are re-checked in full) never loses or invents a
/// winner: with easy targets there are many candidates, and the winners an engine reports, one search
/// after another, are exactly the winners a brute-force reference scan finds.
/// </summary>
public sealed class EarlyExitTests
{
    // Target top words from 1 candidate in 256 hashes to nearly every hash a candidate, where the
    // lower target words decide; the random lower words make the full re-check matter.
    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void ReportedWinnersAreExactlyTheReferenceWinners(string engineName)
    {
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        var random = new Random(99);
        uint[] highWords = [0x00ffffff, 0x0fffffff, 0x7fffffff, 0xfffffffe];
        foreach (uint highWord in highWords)
        {
            byte[] header = Reference.RandomHeader(random);
            byte[] target = Reference.TargetWithHighWord(random, highWord);
            uint start = (uint)random.NextInt64(0, (1L << 32) - 5000) | 3; // off the lane grid
            const uint count = 2500;

            List<uint> expected = Reference.Winners(header, target, start, count);
            List<uint> reported = AllWinners(engine, header, target, start, count);

            Assert.Equal(expected, reported);
        }
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void CandidatesWhoseHighWordEqualsTheTargetsAreDecidedByTheLowerWords(string engineName)
    {
        // Target = this very hash, then the same hash minus one: the first must win, the second must not.
        INonceSearchEngine engine = NonceSearchEngines.Create(engineName);
        KnownBlock block = KnownBlocks.Block1;
        byte[] hash = Reference.HashWithNonce(block.Header(), block.Nonce);
        byte[] justBelow = (byte[])hash.Clone();
        int firstNonZero = Array.FindIndex(justBelow, b => b != 0);
        justBelow[firstNonZero]--;

        Assert.True(engine.Search(block.Header(), hash, block.Nonce, 1, CancellationToken.None, out uint nonce, out _));
        Assert.Equal(block.Nonce, nonce);
        Assert.False(engine.Search(block.Header(), justBelow, block.Nonce, 1, CancellationToken.None, out _, out _));
    }

    private static List<uint> AllWinners(INonceSearchEngine engine, byte[] header, byte[] target, uint start, uint count)
    {
        var winners = new List<uint>();
        ulong end = (ulong)start + count;
        ulong next = start;
        while (next < end && engine.Search(header, target, (uint)next, end - next, CancellationToken.None, out uint nonce, out _))
        {
            winners.Add(nonce);
            next = (ulong)nonce + 1;
        }
        return winners;
    }
}
