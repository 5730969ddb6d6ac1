using System.Buffers.Binary;
using System.Collections.Concurrent;
using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>Multi-threaded search over chunks, extranonce rolling, cancellation and failure handling.</summary>
public sealed class ParallelNonceSearcherTests
{
    // About one hash in 8192 wins: a 1024-nonce extranonce range holds a winner one time in eight.
    private static readonly byte[] OneIn8192Target = TargetWithHighWord(0x0007ffff);
    private const uint SmallChunk = 256;
    private const ulong SmallRange = 1024;

    [Fact]
    public async Task OneThreadFindsTheLowestWinnerRollingExtranoncesInOrder()
    {
        var calls = new ConcurrentQueue<ulong>();
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), threads: 1, SmallChunk, SmallRange);
        (ulong expectedExtranonce, uint expectedNonce) = FirstReferenceWinner(firstExtranonce: 3);

        MiningSolution? solution = await searcher.SearchAsync(extranonce =>
        {
            calls.Enqueue(extranonce);
            return HeaderFor(extranonce);
        }, OneIn8192Target, CancellationToken.None, firstExtranonce: 3);

        Assert.NotNull(solution);
        Assert.Equal(expectedExtranonce, solution.Extranonce);
        Assert.True(expectedExtranonce > 3, "the test data should make the search roll at least once");
        Assert.Equal(expectedNonce, BlockHeaderLayout.ReadNonce(solution.Header80));
        AssertConsistent(solution);
        Assert.Equal(Enumerable.Range(3, (int)(expectedExtranonce - 2)).Select(i => (ulong)i), calls);
        // Every nonce of the earlier extranonces, then the winner's range up to the end of its lane vector.
        ulong before = (expectedExtranonce - 3) * SmallRange + expectedNonce;
        Assert.InRange(searcher.Meter.TotalHashes, before + 1, before + 16);
    }

    [Fact]
    public async Task TwoThreadsFindAValidSolution()
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), threads: 2, SmallChunk, SmallRange);

        MiningSolution? solution = await searcher.SearchAsync(HeaderFor, OneIn8192Target, CancellationToken.None);

        Assert.NotNull(solution);
        AssertConsistent(solution);
        Assert.Equal(2, searcher.Threads);
    }

    [Fact]
    public async Task DefaultChunksFindAnEasyTargetInTheFirstHeader()
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), threads: 2);

        MiningSolution? solution = await searcher.SearchAsync(HeaderFor, OneIn8192Target, CancellationToken.None);

        Assert.NotNull(solution);
        Assert.Equal(0UL, solution.Extranonce);
        AssertConsistent(solution);
    }

    [Fact]
    public async Task CancellationEndsAnImpossibleSearchWithNoSolution()
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), threads: 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        MiningSolution? solution = await searcher.SearchAsync(HeaderFor, new byte[32], cancel.Token);

        Assert.Null(solution);
        Assert.True(searcher.Meter.TotalHashes > 0);
    }

    [Fact]
    public async Task AFailingHeaderCallbackFailsTheSearch()
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create("auto"), threads: 2, SmallChunk, SmallRange);

        await Assert.ThrowsAsync<InvalidOperationException>(() => searcher.SearchAsync(
            extranonce => extranonce < 2 ? HeaderFor(extranonce) : throw new InvalidOperationException("no more work"),
            new byte[32], CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => searcher.SearchAsync(
            _ => new byte[79], OneIn8192Target, CancellationToken.None));
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        INonceSearchEngine engine = NonceSearchEngines.Create("scalar");

        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelNonceSearcher(engine, 1, chunkSize: 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelNonceSearcher(engine, 1, chunkSize: 1024, noncesPerExtranonce: 512));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelNonceSearcher(engine, 1, noncesPerExtranonce: 1UL << 33));
        Assert.Equal(Environment.ProcessorCount, new ParallelNonceSearcher(engine).Threads);
    }

    private static void AssertConsistent(MiningSolution solution)
    {
        byte[] expectedHeader = HeaderFor(solution.Extranonce);
        BlockHeaderLayout.WriteNonce(expectedHeader, BlockHeaderLayout.ReadNonce(solution.Header80));
        Assert.Equal(expectedHeader, solution.Header80);
        Assert.Equal(Reference.HashWithNonce(solution.Header80, BlockHeaderLayout.ReadNonce(solution.Header80)), solution.Hash);
        Assert.True(HashTarget.Meets(solution.Hash, OneIn8192Target));
    }

    private static (ulong Extranonce, uint Nonce) FirstReferenceWinner(ulong firstExtranonce)
    {
        for (ulong extranonce = firstExtranonce; extranonce < firstExtranonce + 200; extranonce++)
        {
            List<uint> winners = Reference.Winners(HeaderFor(extranonce), OneIn8192Target, 0, (uint)SmallRange);
            if (winners.Count > 0)
                return (extranonce, winners[0]);
        }
        throw new InvalidOperationException("No winner in 200 extranonces: change the test data.");
    }

    /// <summary>A deterministic header per extranonce, as a coinbase change would give a new merkle root.</summary>
    private static byte[] HeaderFor(ulong extranonce)
    {
        byte[] header = Reference.RandomHeader(new Random(12345));
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(BlockHeaderLayout.MerkleRootOffset), extranonce);
        return header;
    }

    private static byte[] TargetWithHighWord(uint highWord)
    {
        byte[] target = Enumerable.Repeat((byte)0xff, 32).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(28), highWord);
        return target;
    }
}
