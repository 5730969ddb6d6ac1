using Hashmint.Art.Quality;

namespace Hashmint.Art.Tests;

public class ImageStatisticsTests
{
    private static byte[] Image(int size, Func<int, int, byte> grey)
    {
        var rgba = new byte[size * size * 4];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                byte g = grey(x, y);
                int o = (y * size + x) * 4;
                (rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]) = (g, g, g, 255);
            }
        return rgba;
    }

    [Fact]
    public void FlatImageHasNoDeviation()
    {
        ImageStatistics stats = ImageStatistics.Measure(Image(16, (_, _) => 90), 16);
        Assert.Equal(0, stats.LumaDeviation, 9);
        Assert.Equal(0, stats.ColourDeviation, 9);
    }

    [Fact]
    public void CheckerboardIsRoughAndGradientIsSmooth()
    {
        ImageStatistics checker = ImageStatistics.Measure(Image(32, (x, y) => (byte)((x + y) % 2 * 255)), 32);
        ImageStatistics gradient = ImageStatistics.Measure(Image(32, (x, _) => (byte)(x * 8)), 32);
        Assert.True(checker.Roughness > 1.5, $"checkerboard roughness {checker.Roughness}");
        Assert.True(gradient.Roughness < 0.1, $"gradient roughness {gradient.Roughness}");
        Assert.True(gradient.LumaDeviation > 60);
    }
}
