using Hashmint.Art.Imaging;
using Hashmint.Art.Genome;
using Hashmint.Art.Rendering;
using Hashmint.Art.Traits;

namespace Hashmint.Art;

/// <summary>
/// Generative art for NFTs: a compositional pattern-producing network (CPPN) whose shape, weights and
/// colouring all come from the token's 32-byte seed. The algorithm is specified in docs/ART.md.
/// </summary>
public static class CppnArt
{
    public const int SeedLength = 32;
    public const int MinSize = 1;
    public const int MaxSize = 4096;
    public const int DefaultSize = 512;

    /// <summary>The keys <see cref="Traits"/> always returns, in order.</summary>
    public static IReadOnlyList<string> TraitKeys => TraitDescriber.Keys;

    /// <summary>PNG bytes of a size×size image for this 32-byte seed. Same seed + size → same bytes on every run/machine of this platform.</summary>
    public static byte[] RenderPng(ReadOnlySpan<byte> seed32, int size = DefaultSize)
    {
        ValidateSeed(seed32);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        var genome = GenomeSelector.Select(seed32);
        // The pixels only live until they are encoded: a pooled buffer, so a stream of large renders (16 MiB of RGBA at
        // 2048) does not churn the large-object heap, which only a full collection frees (docs/PERFORMANCE.md, memory soak).
        byte[] rgba = PixelBuffers.Rent(size * size * 4);
        try
        {
            ImageRenderer.Render(genome, size, rgba);
            return PngEncoder.Encode(rgba, size);
        }
        finally { PixelBuffers.Return(rgba); }
    }

    /// <summary>
    /// Buffers for pixels on their way to the encoder: at most two per power-of-two size class are kept (renders run at
    /// most one per core at a time in the node), so what stays allocated is bounded (under 64 MiB for sizes up to 2048).
    /// </summary>
    private static readonly System.Buffers.ArrayPool<byte> PixelBuffers =
        System.Buffers.ArrayPool<byte>.Create(maxArrayLength: MaxSize * MaxSize * 4, maxArraysPerBucket: 2);

    /// <summary>Raw RGBA pixels (row-major, 4 bytes per pixel, alpha always 255).</summary>
    public static byte[] RenderRgba(ReadOnlySpan<byte> seed32, int size)
    {
        ValidateSeed(seed32);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        return ImageRenderer.Render(GenomeSelector.Select(seed32), size);
    }

    /// <summary>Human-readable traits derived from the same seed (palette, network depth, dominant activation, symmetry...).</summary>
    public static IReadOnlyDictionary<string, string> Traits(ReadOnlySpan<byte> seed32)
    {
        ValidateSeed(seed32);
        return TraitDescriber.Describe(GenomeSelector.Select(seed32));
    }

    private static void ValidateSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != SeedLength)
            throw new ArgumentException($"The seed must be exactly {SeedLength} bytes, got {seed32.Length}.", nameof(seed32));
    }
}
