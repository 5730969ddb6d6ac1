using System.Numerics;
using System.Runtime.CompilerServices;
using Hashmint.Mining.Kernel;
using Hashmint.Mining.Lanes;

namespace Hashmint.Mining.Search;

/// <summary>The nonce loop around the kernel: lane alignment, range edges, cancellation, candidate re-checks.</summary>
internal static class LaneSearch
{
    /// <summary>Nonces between two looks at the cancellation token (a few milliseconds of work).</summary>
    public const int CancellationCheckInterval = 1 << 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Run<TOps, TVec>(SearchJob job, uint startNonce, ulong count, CancellationToken ct,
        out uint nonce, out ulong hashesDone)
        where TOps : struct, ILaneOps<TVec>
        where TVec : unmanaged
    {
        nonce = 0;
        hashesDone = 0;
        if (count == 0)
            return false;
        ulong end = startNonce + count;
        ulong lanes = (ulong)TOps.LaneCount;
        // Vectors start on a multiple of the lane count (see ILaneOps.NonceWords); lanes outside the range are masked.
        ulong vectorBase = startNonce & ~(lanes - 1);
        ulong nextCancellationCheck = vectorBase;
        uint targetHighWord = job.TargetHighWord;

        for (; vectorBase < end; vectorBase += lanes)
        {
            if (vectorBase >= nextCancellationCheck)
            {
                if (ct.IsCancellationRequested)
                {
                    hashesDone = Math.Max(vectorBase, startNonce) - startNonce;
                    return false;
                }
                nextCancellationCheck += CancellationCheckInterval;
            }

            TVec finalWord7 = Sha256dKernel.FinalWord7<TOps, TVec>(job, TOps.NonceWords((uint)vectorBase));
            uint candidates = TOps.CandidateLanes(finalWord7, targetHighWord);
            if (candidates != 0 && TryCandidates(job, vectorBase, candidates, startNonce, end, out nonce))
            {
                hashesDone = Math.Min(vectorBase + lanes, end) - startNonce;
                return true;
            }
        }
        hashesDone = count;
        return false;
    }

    /// <summary>Re-checks candidate lanes, lowest nonce first, with the full reference SHA-256d.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryCandidates(SearchJob job, ulong vectorBase, uint candidates, ulong start, ulong end, out uint nonce)
    {
        Span<byte> hash = stackalloc byte[BlockHeaderLayout.HashSize];
        for (; candidates != 0; candidates &= candidates - 1)
        {
            ulong candidate = vectorBase + (ulong)BitOperations.TrailingZeroCount(candidates);
            if (candidate >= start && candidate < end && HashTarget.HeaderMeets(job.Header, (uint)candidate, job.Target, hash))
            {
                nonce = (uint)candidate;
                return true;
            }
        }
        nonce = 0;
        return false;
    }
}
