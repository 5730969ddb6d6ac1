using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using static Hashmint.Mining.Sha256.Sha256Functions;

namespace Hashmint.Mining.Lanes;

/// <summary>One nonce at a time in general-purpose registers: the fallback for any CPU.</summary>
internal readonly struct ScalarLanes : ILaneOps<uint>
{
    public static int LaneCount => 1;

    public static bool KeepScheduleInMemory => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Broadcast(uint value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint x, uint y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AddBroadcast(uint x, uint y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint ILaneOps<uint>.SmallSigma0(uint x) => SmallSigma0(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint ILaneOps<uint>.SmallSigma1(uint x) => SmallSigma1(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Expand(uint wMinus2, uint wMinus7, uint wMinus15, uint wMinus16) =>
        SmallSigma1(wMinus2) + wMinus7 + SmallSigma0(wMinus15) + wMinus16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint T1(uint e, uint f, uint g, uint h, uint w, uint k) => h + w + k + BigSigma1(e) + Choose(e, f, g);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint T1(uint e, uint f, uint g, uint h, uint kPlusW) => h + kPlusW + BigSigma1(e) + Choose(e, f, g);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NewA(uint t1, uint a, uint b, uint c) =>
        t1 + (BigSigma0(a) + Majority(a, b, c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonceWords(uint alignedBase) => BinaryPrimitives.ReverseEndianness(alignedBase);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint CandidateLanes(uint finalWord7, uint targetHighWord) =>
        BinaryPrimitives.ReverseEndianness(finalWord7) <= targetHighWord ? 1u : 0u;
}
