using Hashmint.Mining.Search;
using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>
/// Each kernel lane's early-exit word H7 equals word 7 of the full reference SHA-256d, and the candidate
/// mask agrees with comparing that word to the target, for random headers and random nonce vectors.
/// </summary>
public sealed class LaneAgreementTests
{
    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void EveryLaneMatchesTheReferenceHash(string engineName)
    {
        var random = new Random(4242);
        int lanes = KernelLanes.LaneCount(engineName);
        for (int headerIndex = 0; headerIndex < 24; headerIndex++)
        {
            byte[] header = Reference.RandomHeader(random);
            // Top words from "nothing passes" through typical to "everything passes", so both mask outcomes occur.
            uint highWord = headerIndex switch { 0 => 0, 1 => uint.MaxValue, _ => (uint)random.NextInt64(0, 1L << 32) };
            var job = new SearchJob(header, Reference.TargetWithHighWord(random, highWord));

            for (int vector = 0; vector < 16; vector++)
            {
                uint alignedBase = (uint)random.NextInt64(0, 1L << 32) & ~(uint)(lanes - 1);
                (uint[] finalWords, uint candidates) = KernelLanes.Run(engineName, job, alignedBase);

                for (int lane = 0; lane < lanes; lane++)
                {
                    byte[] hash = Reference.HashWithNonce(header, alignedBase + (uint)lane);
                    uint expectedWord = Reference.FinalWord7(hash);
                    Assert.Equal(expectedWord, finalWords[lane]);
                    bool expectedCandidate = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(expectedWord) <= highWord;
                    Assert.Equal(expectedCandidate, (candidates >> lane & 1) == 1);
                }
            }
        }
    }

    [Theory]
    [EngineData(NonceSearchEngines.Avx512), EngineData(NonceSearchEngines.Avx512VL), EngineData(NonceSearchEngines.Avx2), EngineData(NonceSearchEngines.Scalar)]
    public void NonceVectorsCoverTheTopOfTheNonceRange(string engineName)
    {
        var random = new Random(7);
        int lanes = KernelLanes.LaneCount(engineName);
        byte[] header = Reference.RandomHeader(random);
        var job = new SearchJob(header, new byte[32]);
        uint lastBase = uint.MaxValue & ~(uint)(lanes - 1);

        (uint[] finalWords, _) = KernelLanes.Run(engineName, job, lastBase);

        for (int lane = 0; lane < lanes; lane++)
            Assert.Equal(Reference.FinalWord7(Reference.HashWithNonce(header, lastBase + (uint)lane)), finalWords[lane]);
    }
}
