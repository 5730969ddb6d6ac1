using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static System.Runtime.Intrinsics.X86.Avx512F.VL;
using V = System.Runtime.Intrinsics.Vector256<uint>;

namespace Hashmint.Mining.Lanes;

/// <summary>8 lanes in a YMM register with the AVX-512VL encodings of rotates (vprord) and three-input logic (vpternlogd).</summary>
internal readonly struct Avx512VlLanes : ILaneOps<V>
{
    private const byte Xor3 = 0x96;     // a ^ b ^ c
    private const byte Select = 0xCA;   // a ? b : c, SHA-256 Ch
    private const byte Majority = 0xE8; // at least two of a, b, c

    public static int LaneCount => 8;

    public static bool KeepScheduleInMemory => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Broadcast(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Add(V x, V y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V AddBroadcast(V x, uint y) => x + Vector256.Create(y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SmallSigma0(V x) => TernaryLogic(RotateRight(x, 7), RotateRight(x, 18), Avx2.ShiftRightLogical(x, 3), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SmallSigma1(V x) => TernaryLogic(RotateRight(x, 17), RotateRight(x, 19), Avx2.ShiftRightLogical(x, 10), Xor3);

    // The helpers are spelled out rather than called: each nested call counts against the inlining budget.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Expand(V wMinus2, V wMinus7, V wMinus15, V wMinus16) =>
        TernaryLogic(RotateRight(wMinus2, 17), RotateRight(wMinus2, 19), Avx2.ShiftRightLogical(wMinus2, 10), Xor3) + wMinus7
        + (TernaryLogic(RotateRight(wMinus15, 7), RotateRight(wMinus15, 18), Avx2.ShiftRightLogical(wMinus15, 3), Xor3) + wMinus16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V T1(V e, V f, V g, V h, V w, uint k) =>
        h + (w + Vector256.Create(k))
        + (TernaryLogic(RotateRight(e, 6), RotateRight(e, 11), RotateRight(e, 25), Xor3) + TernaryLogic(e, f, g, Select));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V T1(V e, V f, V g, V h, uint kPlusW) =>
        h + Vector256.Create(kPlusW)
        + (TernaryLogic(RotateRight(e, 6), RotateRight(e, 11), RotateRight(e, 25), Xor3) + TernaryLogic(e, f, g, Select));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V NewA(V t1, V a, V b, V c) =>
        t1 + (TernaryLogic(RotateRight(a, 2), RotateRight(a, 13), RotateRight(a, 22), Xor3) + TernaryLogic(a, b, c, Majority));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V NonceWords(uint alignedBase) =>
        Vector256.Create(BinaryPrimitives.ReverseEndianness(alignedBase))
        + Vector256.Create(0u, 1u << 24, 2u << 24, 3u << 24, 4u << 24, 5u << 24, 6u << 24, 7u << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint CandidateLanes(V finalWord7, uint targetHighWord)
    {
        Vector256<byte> byteSwap = Vector256.Create(
            (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        V highWord = Avx2.Shuffle(finalWord7.AsByte(), byteSwap).AsUInt32();
        return Vector256.LessThanOrEqual(highWord, Vector256.Create(targetHighWord)).ExtractMostSignificantBits();
    }
}
