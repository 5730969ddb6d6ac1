namespace Hashmint.Art.Tests;

public class VarietyTests
{
    [Fact]
    public void DifferentSeedsGiveClearlyDifferentImages()
    {
        const int Seeds = 50, Size = 32;
        byte[][] images = Enumerable.Range(0, Seeds).Select(i => CppnArt.RenderRgba(TestSeeds.For(i), Size)).ToArray();

        double closest = double.MaxValue;
        for (int a = 0; a < Seeds; a++)
            for (int b = a + 1; b < Seeds; b++)
                closest = Math.Min(closest, TestSeeds.MeanAbsoluteDifference(images[a], images[b]));

        // Measured minimum over these 1225 pairs is ~43 of 255; 15 leaves room while still
        // catching "all images look alike" regressions.
        Assert.True(closest > 15, $"closest pair differs by only {closest:F1} per channel");
    }

    [Fact]
    public void NoImageIsNearConstant()
    {
        for (int i = 0; i < 100; i++)
        {
            double deviation = TestSeeds.LumaDeviation(CppnArt.RenderRgba(TestSeeds.For(i), 64));
            // Measured minimum over these seeds is ~30; a flat image is below 5.
            Assert.True(deviation > 20, $"seed {i} is nearly flat (luma deviation {deviation:F1})");
        }
    }

    [Fact]
    public void SeedsSpreadOverManyPalettesAndSymmetries()
    {
        var palettes = new HashSet<string>();
        var symmetries = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            IReadOnlyDictionary<string, string> traits = CppnArt.Traits(TestSeeds.For(i));
            palettes.Add(traits["palette"]);
            symmetries.Add(traits["symmetry"]);
        }
        Assert.True(palettes.Count >= 12, $"only {palettes.Count} palettes in 200 seeds");
        Assert.Equal(5, symmetries.Count);
    }
}
