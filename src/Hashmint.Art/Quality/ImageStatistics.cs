namespace Hashmint.Art.Quality;

/// <summary>Cheap measures of a small RGBA image used to reject dull or noisy candidates.</summary>
internal readonly record struct ImageStatistics(double LumaDeviation, double ColourDeviation, double Roughness)
{
    /// <param name="rgba">A square opaque RGBA image.</param>
    public static ImageStatistics Measure(ReadOnlySpan<byte> rgba, int size)
    {
        int count = size * size;
        var luma = new double[count];
        double sumLuma = 0;
        Span<double> channelSum = stackalloc double[3];
        Span<double> channelSquares = stackalloc double[3];
        for (int i = 0; i < count; i++)
        {
            byte r = rgba[i * 4], g = rgba[i * 4 + 1], b = rgba[i * 4 + 2];
            luma[i] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            sumLuma += luma[i];
            channelSum[0] += r; channelSum[1] += g; channelSum[2] += b;
            channelSquares[0] += r * r; channelSquares[1] += g * g; channelSquares[2] += b * b;
        }

        double meanLuma = sumLuma / count;
        double lumaVariance = 0;
        foreach (double l in luma)
            lumaVariance += (l - meanLuma) * (l - meanLuma);
        double lumaDeviation = Math.Sqrt(lumaVariance / count);

        double colourVariance = 0;
        for (int c = 0; c < 3; c++)
        {
            double mean = channelSum[c] / count;
            colourVariance += channelSquares[c] / count - mean * mean;
        }
        double colourDeviation = Math.Sqrt(Math.Max(colourVariance, 0) / 3);

        // Mean step between neighbours relative to the overall spread: ~1 for noise, small for smooth shapes.
        double steps = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double here = luma[y * size + x];
                if (x + 1 < size) steps += Math.Abs(luma[y * size + x + 1] - here);
                if (y + 1 < size) steps += Math.Abs(luma[(y + 1) * size + x] - here);
            }
        double meanStep = steps / Math.Max(1, 2 * size * (size - 1));
        double roughness = meanStep / Math.Max(lumaDeviation, 1e-9);

        return new ImageStatistics(lumaDeviation, colourDeviation, roughness);
    }
}
