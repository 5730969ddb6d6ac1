using Hashmint.Art.Colour;
using Hashmint.Art.Genome;
using Hashmint.Art.Network;

namespace Hashmint.Art.Traits;

/// <summary>Describes a genome in words, for marketplaces and wallets.</summary>
internal static class TraitDescriber
{
    public const string Palette = "palette";
    public const string Symmetry = "symmetry";
    public const string NetworkDepth = "network_depth";
    public const string NetworkWidth = "network_width";
    public const string DominantActivation = "dominant_activation";
    public const string Texture = "texture";
    public const string Contrast = "contrast";
    public const string Bands = "bands";

    public static readonly IReadOnlyList<string> Keys =
        [Palette, Symmetry, NetworkDepth, NetworkWidth, DominantActivation, Texture, Contrast, Bands];

    public static IReadOnlyDictionary<string, string> Describe(ArtGenome genome)
    {
        var traits = new Dictionary<string, string>(Keys.Count)
        {
            [Palette] = PaletteLibrary.Name(genome.Colour.PaletteIndex),
            [Symmetry] = SymmetryNames.Name(genome.Symmetry),
            [NetworkDepth] = genome.Shape.HiddenLayers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [NetworkWidth] = genome.Shape.Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [DominantActivation] = ActivationNames.Name(MostCommonHiddenActivation(genome.Network)),
            [Texture] = TextureName(genome.Shape.InputScale),
            [Contrast] = ContrastCurves.Name(genome.Colour.Contrast),
            [Bands] = genome.Colour.Bands switch { 1 => "single", 2 => "double", _ => "triple" },
        };
        return traits.AsReadOnly();
    }

    /// <summary>The activation used by most hidden neurons; ties go to the lower enum value.</summary>
    private static Activation MostCommonHiddenActivation(CppnNetwork network)
    {
        Span<int> counts = stackalloc int[ActivationNames.Count];
        for (int l = 0; l < network.HiddenLayerCount; l++)
            foreach (Activation activation in network.Layers[l].Activations)
                counts[(int)activation]++;
        int best = 0;
        for (int a = 1; a < counts.Length; a++)
            if (counts[a] > counts[best])
                best = a;
        return (Activation)best;
    }

    /// <summary>The input zoom decides how many features fit across the image.</summary>
    private static string TextureName(float inputScale) => inputScale switch
    {
        < 1.1f => "broad",
        < 1.9f => "flowing",
        _ => "intricate",
    };
}
