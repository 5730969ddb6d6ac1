using System.Security.Cryptography;
using System.Text;

namespace Hashmint.Art.Tests;

/// <summary>Reproducible 32-byte seeds shaped like real ones (SHA-256 outputs).</summary>
internal static class TestSeeds
{
    public static byte[] For(int index) => SHA256.HashData(Encoding.UTF8.GetBytes($"hashmint-art-test-{index}"));

    /// <summary>Mean absolute difference over the colour channels, in 8-bit units.</summary>
    public static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        long sum = 0;
        int channels = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i % 4 == 3)
                continue; // alpha is always 255
            sum += Math.Abs(a[i] - b[i]);
            channels++;
        }
        return (double)sum / channels;
    }

    /// <summary>Standard deviation of Rec. 709 luma over all pixels, in 8-bit units.</summary>
    public static double LumaDeviation(byte[] rgba)
    {
        int pixels = rgba.Length / 4;
        var luma = new double[pixels];
        for (int p = 0; p < pixels; p++)
            luma[p] = 0.2126 * rgba[p * 4] + 0.7152 * rgba[p * 4 + 1] + 0.0722 * rgba[p * 4 + 2];
        double mean = luma.Average();
        return Math.Sqrt(luma.Sum(l => (l - mean) * (l - mean)) / pixels);
    }
}
