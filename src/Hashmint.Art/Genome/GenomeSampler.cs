using Hashmint.Art.Colour;
using Hashmint.Art.Network;
using Hashmint.Art.Random;

namespace Hashmint.Art.Genome;

/// <summary>Draws one candidate genome from the random stream. The draw order is part of the art format.</summary>
internal static class GenomeSampler
{
    private static ReadOnlySpan<int> BandWeights => [6, 3, 1]; // 1, 2 or 3 bands

    public static ArtGenome Sample(SeedRandom random, int attempt)
    {
        NetworkShape shape = NetworkSampler.SampleShape(random);
        var symmetry = (Symmetry)random.NextWeighted(SymmetryNames.Weights);
        ColourStyle colour = SampleColour(random);
        CppnNetwork network = NetworkSampler.SampleWeights(random, shape);
        return new ArtGenome(shape, network, symmetry, colour, attempt);
    }

    private static ColourStyle SampleColour(SeedRandom random)
    {
        int palette = random.NextInt(PaletteLibrary.Count);
        int bands = 1 + random.NextWeighted(BandWeights);
        bool reversed = random.NextInt(4) == 0; // gradients run dark→light; a quarter run light→dark
        float shade = random.NextFloat(0.15f, 0.6f);
        float desaturation = random.NextFloat(0f, 0.5f);
        var contrast = (ContrastCurve)random.NextInt(ContrastCurves.Count);
        return new ColourStyle(palette, bands, reversed, shade, desaturation, contrast);
    }
}
