using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hashmint.Mining.Lanes;

/// <summary>
/// 8 lanes in a YMM register for CPUs without AVX-512: rotates are two shifts, and the two-shift halves
/// of three rotates are XORed as six shifts (Σ and σ never need the OR of a rotate).
/// </summary>
internal readonly struct Avx2Lanes : ILaneOps<Vector256<uint>>
{
    public static int LaneCount => 8;

    public static bool KeepScheduleInMemory => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> x, Vector256<uint> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> AddBroadcast(Vector256<uint> x, uint y) => x + Vector256.Create(y);

    // ror(x,p) ^ ror(x,q) ^ ror(x,r) = (x>>p ^ x>>q ^ x>>r) ^ (x<<(32-p) ^ x<<(32-q) ^ x<<(32-r)).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> BigSigma0(Vector256<uint> x) =>
        (Avx2.ShiftRightLogical(x, 2) ^ Avx2.ShiftRightLogical(x, 13) ^ Avx2.ShiftRightLogical(x, 22))
        ^ (Avx2.ShiftLeftLogical(x, 30) ^ Avx2.ShiftLeftLogical(x, 19) ^ Avx2.ShiftLeftLogical(x, 10));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> BigSigma1(Vector256<uint> x) =>
        (Avx2.ShiftRightLogical(x, 6) ^ Avx2.ShiftRightLogical(x, 11) ^ Avx2.ShiftRightLogical(x, 25))
        ^ (Avx2.ShiftLeftLogical(x, 26) ^ Avx2.ShiftLeftLogical(x, 21) ^ Avx2.ShiftLeftLogical(x, 7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma0(Vector256<uint> x) =>
        (Avx2.ShiftRightLogical(x, 7) ^ Avx2.ShiftRightLogical(x, 18) ^ Avx2.ShiftRightLogical(x, 3))
        ^ (Avx2.ShiftLeftLogical(x, 25) ^ Avx2.ShiftLeftLogical(x, 14));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma1(Vector256<uint> x) =>
        (Avx2.ShiftRightLogical(x, 17) ^ Avx2.ShiftRightLogical(x, 19) ^ Avx2.ShiftRightLogical(x, 10))
        ^ (Avx2.ShiftLeftLogical(x, 15) ^ Avx2.ShiftLeftLogical(x, 13));

    // Ch = g ^ (e & (f ^ g)) in three logic ops instead of four; Maj = b ^ ((a ^ b) & (b ^ c)) in four instead of five.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Choose(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g) => g ^ (e & (f ^ g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Majority(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c) => b ^ ((a ^ b) & (b ^ c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Expand(Vector256<uint> wMinus2, Vector256<uint> wMinus7, Vector256<uint> wMinus15, Vector256<uint> wMinus16) =>
        SmallSigma1(wMinus2) + wMinus7 + (SmallSigma0(wMinus15) + wMinus16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> T1(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g, Vector256<uint> h, Vector256<uint> w, uint k) =>
        h + (w + Vector256.Create(k)) + (BigSigma1(e) + Choose(e, f, g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> T1(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g, Vector256<uint> h, uint kPlusW) =>
        h + Vector256.Create(kPlusW) + (BigSigma1(e) + Choose(e, f, g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> NewA(Vector256<uint> t1, Vector256<uint> a, Vector256<uint> b, Vector256<uint> c) =>
        t1 + (BigSigma0(a) + Majority(a, b, c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> NonceWords(uint alignedBase) =>
        Vector256.Create(BinaryPrimitives.ReverseEndianness(alignedBase))
        + Vector256.Create(0u, 1u << 24, 2u << 24, 3u << 24, 4u << 24, 5u << 24, 6u << 24, 7u << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint CandidateLanes(Vector256<uint> finalWord7, uint targetHighWord)
    {
        Vector256<byte> byteSwap = Vector256.Create(
            (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        Vector256<uint> highWord = Avx2.Shuffle(finalWord7.AsByte(), byteSwap).AsUInt32();
        return Vector256.LessThanOrEqual(highWord, Vector256.Create(targetHighWord)).ExtractMostSignificantBits();
    }
}
