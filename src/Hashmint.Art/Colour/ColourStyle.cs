namespace Hashmint.Art.Colour;

/// <summary>
/// How the network's three outputs become a colour: output 0 picks a palette position (optionally
/// folded into repeating bands), output 1 shades it, output 2 modulates saturation, then an
/// optional S-shaped contrast curve.
/// </summary>
internal sealed record ColourStyle(
    int PaletteIndex,
    int Bands,
    bool Reversed,
    float ShadeStrength,
    float DesaturationStrength,
    ContrastCurve Contrast);

/// <summary>Strength of the smoothstep S-curve applied per channel. Append only.</summary>
internal enum ContrastCurve : byte
{
    Natural = 0,
    Crisp = 1,
    Bold = 2,
}

internal static class ContrastCurves
{
    public const int Count = 3;

    public static float Strength(ContrastCurve curve) => curve switch
    {
        ContrastCurve.Natural => 0f,
        ContrastCurve.Crisp => 0.5f,
        ContrastCurve.Bold => 1f,
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };

    public static string Name(ContrastCurve curve) => curve switch
    {
        ContrastCurve.Natural => "natural",
        ContrastCurve.Crisp => "crisp",
        ContrastCurve.Bold => "bold",
        _ => throw new ArgumentOutOfRangeException(nameof(curve)),
    };
}
