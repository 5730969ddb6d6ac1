using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Hashmint.Mining.Kernel;
using Hashmint.Mining.Lanes;
using Hashmint.Mining.Search;

namespace Hashmint.Mining.Tests.Support;

/// <summary>Runs one kernel vector directly, for lane-by-lane comparison with the reference hash.</summary>
internal static class KernelLanes
{
    public static int LaneCount(string engine) => engine switch
    {
        NonceSearchEngines.Avx512 => Avx512Lanes.LaneCount,
        NonceSearchEngines.Avx512VL => Avx512VlLanes.LaneCount,
        NonceSearchEngines.Avx2 => Avx2Lanes.LaneCount,
        _ => ScalarLanes.LaneCount,
    };

    /// <summary>Each lane's final word H7 and the candidate mask for nonces alignedBase + lane.</summary>
    public static (uint[] FinalWords, uint Candidates) Run(string engine, SearchJob job, uint alignedBase) => engine switch
    {
        NonceSearchEngines.Avx512 => Run<Avx512Lanes, Vector512<uint>>(job, alignedBase),
        NonceSearchEngines.Avx512VL => Run<Avx512VlLanes, Vector256<uint>>(job, alignedBase),
        NonceSearchEngines.Avx2 => Run<Avx2Lanes, Vector256<uint>>(job, alignedBase),
        _ => Run<ScalarLanes, uint>(job, alignedBase),
    };

    private static (uint[], uint) Run<TOps, TVec>(SearchJob job, uint alignedBase)
        where TOps : struct, ILaneOps<TVec>
        where TVec : unmanaged
    {
        TVec finalWords = Sha256dKernel.FinalWord7<TOps, TVec>(job, TOps.NonceWords(alignedBase));
        uint[] lanes = MemoryMarshal.Cast<TVec, uint>(MemoryMarshal.CreateReadOnlySpan(ref finalWords, 1)).ToArray();
        return (lanes, TOps.CandidateLanes(finalWords, job.TargetHighWord));
    }
}
