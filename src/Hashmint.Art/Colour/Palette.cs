namespace Hashmint.Art.Colour;

/// <summary>
/// A colour gradient sampled into a lookup table. Lookups are by index, so colour mapping is
/// table reads plus a few multiplies per pixel — no per-pixel interpolation maths.
/// </summary>
internal sealed class Palette
{
    public const int Resolution = 1024;

    private readonly float[] _rgb; // Resolution × (r, g, b), each in [0, 1]

    private Palette(string name, float[] rgb)
    {
        Name = name;
        _rgb = rgb;
    }

    public string Name { get; }

    public ReadOnlySpan<float> Table => _rgb;

    /// <summary>Builds the table from colour stops spaced evenly over [0, 1], eased with smoothstep between stops.</summary>
    public static Palette FromStops(string name, ReadOnlySpan<uint> stopsRgb24)
    {
        if (stopsRgb24.Length < 2)
            throw new ArgumentException("A palette needs at least two stops.", nameof(stopsRgb24));

        var rgb = new float[Resolution * 3];
        int segments = stopsRgb24.Length - 1;
        for (int i = 0; i < Resolution; i++)
        {
            float position = i * (float)segments / (Resolution - 1);
            int segment = Math.Min((int)position, segments - 1);
            float f = position - segment;
            f = f * f * (3f - 2f * f);
            uint from = stopsRgb24[segment], to = stopsRgb24[segment + 1];
            for (int c = 0; c < 3; c++)
            {
                int shift = 16 - 8 * c;
                float a = ((from >> shift) & 0xFF) / 255f;
                float b = ((to >> shift) & 0xFF) / 255f;
                rgb[i * 3 + c] = a + (b - a) * f;
            }
        }
        return new Palette(name, rgb);
    }
}
