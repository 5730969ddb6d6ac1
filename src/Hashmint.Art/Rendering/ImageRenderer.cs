using Hashmint.Art.Colour;
using Hashmint.Art.Genome;

namespace Hashmint.Art.Rendering;

/// <summary>
/// Renders a genome to RGBA. Rows are independent (each pixel depends only on its own coordinates),
/// so rows run in parallel without affecting the bytes.
/// </summary>
internal static class ImageRenderer
{
    // Below this many pixels, thread hand-off costs more than it saves (previews, thumbnails).
    private const int ParallelThresholdPixels = 128 * 128;

    public static byte[] Render(ArtGenome genome, int size)
    {
        var rgba = new byte[size * size * 4];
        Render(genome, size, rgba);
        return rgba;
    }

    /// <summary>Renders into the first size×size×4 bytes of <paramref name="rgba"/> (which may be longer, e.g. from a pool).</summary>
    public static void Render(ArtGenome genome, int size, byte[] rgba)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rgba.Length, size * size * 4);
        var mapper = new ColourMapper(genome.Colour);
        if ((long)size * size < ParallelThresholdPixels)
        {
            var rows = new RowEvaluator(genome.Network, genome.Symmetry, size);
            for (int y = 0; y < size; y++)
                RenderRow(rows, mapper, y, size, rgba);
        }
        else
        {
            Parallel.For(0, size,
                () => new RowEvaluator(genome.Network, genome.Symmetry, size),
                (y, _, rows) => { RenderRow(rows, mapper, y, size, rgba); return rows; },
                _ => { });
        }
    }

    private static void RenderRow(RowEvaluator rows, ColourMapper mapper, int y, int size, byte[] rgba)
    {
        rows.Evaluate(y);
        mapper.MapRow(rows.Position, rows.Shade, rows.Saturation, rgba.AsSpan(y * size * 4, size * 4));
    }
}
