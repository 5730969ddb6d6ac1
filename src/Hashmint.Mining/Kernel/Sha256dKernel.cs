using System.Runtime.CompilerServices;
using Hashmint.Mining.Lanes;
using Hashmint.Mining.Search;

namespace Hashmint.Mining.Kernel;

/// <summary>SHA-256d of one vector of nonces up to the word that decides whether a lane is a candidate.</summary>
internal static class Sha256dKernel
{
    /// <summary>
    /// Final hash word H7 (big-endian word 7 of SHA-256d) of the job's header with each lane's nonce.
    /// TOps.KeepScheduleInMemory is a JIT-time constant, so only one branch is compiled per engine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec FinalWord7<TOps, TVec>(SearchJob job, TVec nonceWords)
        where TOps : struct, ILaneOps<TVec>
        where TVec : unmanaged =>
        TOps.KeepScheduleInMemory
            ? MemoryScheduleFirstHash.FinalWord7<TOps, TVec>(job, nonceWords)
            : RegisterScheduleFirstHash.FinalWord7<TOps, TVec>(job, nonceWords);
}
