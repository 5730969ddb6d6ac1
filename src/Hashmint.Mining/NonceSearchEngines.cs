using System.Runtime.Intrinsics;
using Hashmint.Mining.Engines;
using Hashmint.Mining.Lanes;

namespace Hashmint.Mining;

/// <summary>Creates nonce search engines by name and picks the fastest one the CPU supports.</summary>
public static class NonceSearchEngines
{
    public const string Auto = "auto";
    public const string Avx512 = "avx512";
    public const string Avx512VL = "avx512vl";
    public const string Avx2 = "avx2";
    public const string Scalar = "scalar";

    /// <summary>Every engine name, fastest first (measured on Zen 4; see docs/MINING-ENGINE.md).</summary>
    public static IReadOnlyList<string> All { get; } = [Avx512, Avx512VL, Avx2, Scalar];

    /// <summary>The engines this process can run, fastest first; "auto" picks the first.</summary>
    public static IReadOnlyList<string> Supported { get; } = SupportedOn(CpuFeatures.Current);

    /// <summary>The engines a CPU with <paramref name="features"/> can run, fastest first.</summary>
    public static IReadOnlyList<string> SupportedOn(CpuFeatures features)
    {
        var names = new List<string>(4);
        if (features.Avx512F && features.Avx512BW)
            names.Add(Avx512);
        if (features.Avx512F && features.Avx512VL)
            names.Add(Avx512VL);
        if (features.Avx2)
            names.Add(Avx2);
        names.Add(Scalar);
        return names;
    }

    /// <summary>Resolves "auto" (or null/empty) to the fastest supported engine name; other names pass through lower-cased.</summary>
    public static string Resolve(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase)
            ? Supported[0]
            : name.Trim().ToLowerInvariant();

    /// <summary>
    /// The engine called <paramref name="name"/> ("auto", "avx512", "avx512vl", "avx2", "scalar").
    /// Throws <see cref="ArgumentException"/> for an unknown name and <see cref="PlatformNotSupportedException"/>
    /// for an engine this CPU (or the JIT's configuration) cannot run.
    /// </summary>
    public static INonceSearchEngine Create(string name)
    {
        string resolved = Resolve(name);
        if (!All.Contains(resolved))
            throw new ArgumentException($"Unknown engine '{name}'; expected auto, {string.Join(", ", All)}.", nameof(name));
        if (!Supported.Contains(resolved))
            throw new PlatformNotSupportedException($"Engine '{resolved}' needs instructions this CPU or runtime does not offer; supported: {string.Join(", ", Supported)}.");
        return resolved switch
        {
            Avx512 => new LaneNonceSearchEngine<Avx512Lanes, Vector512<uint>>(Avx512),
            Avx512VL => new LaneNonceSearchEngine<Avx512VlLanes, Vector256<uint>>(Avx512VL),
            Avx2 => new LaneNonceSearchEngine<Avx2Lanes, Vector256<uint>>(Avx2),
            _ => new LaneNonceSearchEngine<ScalarLanes, uint>(Scalar),
        };
    }
}
