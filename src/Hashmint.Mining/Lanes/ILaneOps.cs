namespace Hashmint.Mining.Lanes;

/// <summary>
/// SHA-256 building blocks over one vector of nonce lanes. Implemented by structs so each generic
/// instantiation of the kernel is compiled separately with every call inlined. The blocks are coarse
/// (T1, the new a, a whole schedule step) to keep the number of inlined calls per kernel small: the JIT
/// stops inlining once a method exceeds its inlining budget, and a call left in the kernel ruins it.
/// </summary>
internal interface ILaneOps<TVec> where TVec : unmanaged
{
    /// <summary>Nonces processed per vector; a power of two.</summary>
    static abstract int LaneCount { get; }

    /// <summary>
    /// True where the CPU has 16 registers of this width (AVX2, scalar): the kernel then keeps schedule words
    /// in a stack array instead of locals (see generate_kernels.py).
    /// </summary>
    static abstract bool KeepScheduleInMemory { get; }

    static abstract TVec Broadcast(uint value);

    static abstract TVec Add(TVec x, TVec y);

    /// <summary>x + the same <paramref name="y"/> in every lane; one inlined call where Add(x, Broadcast(y)) is two.</summary>
    static abstract TVec AddBroadcast(TVec x, uint y);

    static abstract TVec SmallSigma0(TVec x);

    static abstract TVec SmallSigma1(TVec x);

    /// <summary>W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].</summary>
    static abstract TVec Expand(TVec wMinus2, TVec wMinus7, TVec wMinus15, TVec wMinus16);

    /// <summary>T1 = h + Σ1(e) + Ch(e, f, g) + K + W, with a per-lane schedule word.</summary>
    static abstract TVec T1(TVec e, TVec f, TVec g, TVec h, TVec w, uint k);

    /// <summary>T1 whose K + W is the same for every lane.</summary>
    static abstract TVec T1(TVec e, TVec f, TVec g, TVec h, uint kPlusW);

    /// <summary>The round's new a: T1 + Σ0(a) + Maj(a, b, c).</summary>
    static abstract TVec NewA(TVec t1, TVec a, TVec b, TVec c);

    /// <summary>
    /// The big-endian schedule word W3 for nonces alignedBase + lane. alignedBase is a multiple of
    /// LaneCount, so adding the lane never carries out of the low byte, and byteswap(base + lane) is
    /// byteswap(base) + (lane &lt;&lt; 24).
    /// </summary>
    static abstract TVec NonceWords(uint alignedBase);

    /// <summary>
    /// Bit i set when lane i's final word H7, byte-swapped (the hash's most significant 32 bits as a
    /// little-endian number), is at most <paramref name="targetHighWord"/>: a candidate to re-check in full.
    /// </summary>
    static abstract uint CandidateLanes(TVec finalWord7, uint targetHighWord);
}
