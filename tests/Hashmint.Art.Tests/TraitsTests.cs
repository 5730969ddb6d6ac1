namespace Hashmint.Art.Tests;

public class TraitsTests
{
    private static readonly string[] ExpectedKeys =
        ["palette", "symmetry", "network_depth", "network_width", "dominant_activation", "texture", "contrast", "bands"];

    [Fact]
    public void TraitsAreDeterministic()
    {
        for (int i = 0; i < 20; i++)
        {
            byte[] seed = TestSeeds.For(i);
            Assert.Equal(CppnArt.Traits(seed), CppnArt.Traits(seed));
        }
    }

    [Fact]
    public void EverySeedHasTheFixedKeySetWithNonEmptyValues()
    {
        Assert.Equal(ExpectedKeys, CppnArt.TraitKeys);
        for (int i = 0; i < 50; i++)
        {
            IReadOnlyDictionary<string, string> traits = CppnArt.Traits(TestSeeds.For(i));
            Assert.Equal(ExpectedKeys, traits.Keys);
            Assert.All(traits.Values, value => Assert.False(string.IsNullOrWhiteSpace(value)));
        }
    }

    [Fact]
    public void NumericTraitsAreInTheirDocumentedRanges()
    {
        for (int i = 0; i < 50; i++)
        {
            IReadOnlyDictionary<string, string> traits = CppnArt.Traits(TestSeeds.For(i));
            Assert.InRange(int.Parse(traits["network_depth"], System.Globalization.CultureInfo.InvariantCulture), 2, 5);
            Assert.InRange(int.Parse(traits["network_width"], System.Globalization.CultureInfo.InvariantCulture), 6, 12);
            Assert.Contains(traits["texture"], new[] { "broad", "flowing", "intricate" });
            Assert.Contains(traits["bands"], new[] { "single", "double", "triple" });
        }
    }

    [Fact]
    public void SymmetryTraitMatchesThePixels()
    {
        const int Size = 48;
        var seen = new HashSet<string>();
        for (int i = 0; seen.Count < 5 && i < 200; i++)
        {
            byte[] seed = TestSeeds.For(i);
            string symmetry = CppnArt.Traits(seed)["symmetry"];
            byte[] rgba = CppnArt.RenderRgba(seed, Size);
            seen.Add(symmetry);

            bool leftRight = IsSymmetric(rgba, Size, (x, y) => (Size - 1 - x, y));
            bool topBottom = IsSymmetric(rgba, Size, (x, y) => (x, Size - 1 - y));
            bool diagonal = IsSymmetric(rgba, Size, (x, y) => (y, x));
            switch (symmetry)
            {
                case "none": Assert.False(leftRight || topBottom, $"seed {i}: 'none' but mirrored"); break;
                case "mirror": Assert.True(leftRight && !topBottom, $"seed {i}: 'mirror' not left-right only"); break;
                case "reflection": Assert.True(topBottom && !leftRight, $"seed {i}: 'reflection' not top-bottom only"); break;
                case "four-fold": Assert.True(leftRight && topBottom && !diagonal, $"seed {i}: 'four-fold' wrong"); break;
                case "kaleidoscope": Assert.True(leftRight && topBottom && diagonal, $"seed {i}: 'kaleidoscope' wrong"); break;
                default: Assert.Fail($"unknown symmetry '{symmetry}'"); break;
            }
        }
        Assert.Equal(5, seen.Count);
    }

    private static bool IsSymmetric(byte[] rgba, int size, Func<int, int, (int X, int Y)> partner)
    {
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                (int px, int py) = partner(x, y);
                for (int c = 0; c < 4; c++)
                    if (rgba[(y * size + x) * 4 + c] != rgba[(py * size + px) * 4 + c])
                        return false;
            }
        return true;
    }
}
