namespace Hashmint.Mining.Engines;

/// <summary>
/// The instruction sets the engines need, as the JIT reports them (so DOTNET_EnableAVX512=0 turns the
/// AVX-512 engines off just as a CPU without AVX-512 would).
/// </summary>
public readonly record struct CpuFeatures(bool Avx512F, bool Avx512BW, bool Avx512VL, bool Avx2)
{
    public static CpuFeatures Current { get; } = new(
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        System.Runtime.Intrinsics.X86.Avx512BW.IsSupported,
        System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported,
        System.Runtime.Intrinsics.X86.Avx2.IsSupported);
}
