using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hashmint.Art.Colour;

/// <summary>
/// Turns the network's three outputs (each in [-1, 1]) into opaque RGBA pixels, eight at a time.
/// Like the network, it uses only IEEE-exact element-wise operations, so each pixel's bytes do not
/// depend on the vector width or on which lane it sat in.
/// </summary>
internal sealed class ColourMapper
{
    private static readonly int Lanes = Vector256<float>.Count;

    private readonly float[] _red, _green, _blue; // planar palette tables, for gathers
    private readonly int _bands;
    private readonly bool _reversed;
    private readonly float _shade;
    private readonly float _desaturation;
    private readonly float _contrast;

    public ColourMapper(ColourStyle style)
    {
        ReadOnlySpan<float> table = PaletteLibrary.Build(style.PaletteIndex).Table;
        _red = new float[Palette.Resolution];
        _green = new float[Palette.Resolution];
        _blue = new float[Palette.Resolution];
        for (int i = 0; i < Palette.Resolution; i++)
        {
            _red[i] = table[i * 3];
            _green[i] = table[i * 3 + 1];
            _blue[i] = table[i * 3 + 2];
        }
        _bands = style.Bands;
        _reversed = style.Reversed;
        _shade = style.ShadeStrength;
        _desaturation = style.DesaturationStrength;
        _contrast = ContrastCurves.Strength(style.Contrast);
    }

    /// <param name="position">Palette output, padded to a multiple of the vector width.</param>
    /// <param name="shade">Shade output, same padding.</param>
    /// <param name="saturation">Saturation output, same padding.</param>
    /// <param name="rgba">The row's pixels; its length decides how many are written.</param>
    public void MapRow(ReadOnlySpan<float> position, ReadOnlySpan<float> shade, ReadOnlySpan<float> saturation, Span<byte> rgba)
    {
        Span<uint> pixels = MemoryMarshal.Cast<byte, uint>(rgba);
        Span<uint> tail = stackalloc uint[Lanes];
        for (int x = 0; x < pixels.Length; x += Lanes)
        {
            Vector256<uint> packed = MapEight(
                Vector256.Create(position.Slice(x, Lanes)),
                Vector256.Create(shade.Slice(x, Lanes)),
                Vector256.Create(saturation.Slice(x, Lanes)));
            if (x + Lanes <= pixels.Length)
            {
                packed.CopyTo(pixels.Slice(x));
            }
            else
            {
                // The last partial vector was computed like the others; keep only the real pixels.
                packed.CopyTo(tail);
                tail[..(pixels.Length - x)].CopyTo(pixels.Slice(x));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<uint> MapEight(Vector256<float> position, Vector256<float> shade, Vector256<float> saturation)
    {
        Vector256<float> half = Vector256.Create(0.5f);
        Vector256<float> one = Vector256<float>.One;

        Vector256<float> t = half + half * position;
        if (_bands > 1)
        {
            // Mirrored repeats (a triangle wave) so bands meet without a seam.
            Vector256<float> u = t * Vector256.Create((float)_bands);
            Vector256<float> m = u - Vector256.Create(2f) * Vector256.Floor(u * half);
            t = one - Vector256.Abs(m - one);
        }
        if (_reversed)
            t = one - t;
        t = Vector256.Min(Vector256.Max(t, Vector256<float>.Zero), one);
        Vector256<int> index = Vector256.ConvertToInt32(t * Vector256.Create((float)(Palette.Resolution - 1)) + half);
        // Outputs are finite by construction; the integer clamp keeps the gather in bounds regardless.
        index = Vector256.Min(Vector256.Max(index, Vector256<int>.Zero), Vector256.Create(Palette.Resolution - 1));

        // Output 1 darkens (light and shadow), output 2 pulls towards grey (depth of colour).
        Vector256<float> light = one - Vector256.Create(_shade) * (half - half * shade);
        Vector256<float> r = Gather(_red, index) * light;
        Vector256<float> g = Gather(_green, index) * light;
        Vector256<float> b = Gather(_blue, index) * light;
        Vector256<float> keep = one - Vector256.Create(_desaturation) * (half - half * saturation);
        Vector256<float> luma = Vector256.Create(0.2126f) * r + Vector256.Create(0.7152f) * g + Vector256.Create(0.0722f) * b;
        r = luma + (r - luma) * keep;
        g = luma + (g - luma) * keep;
        b = luma + (b - luma) * keep;

        Vector256<uint> red = ToByte(Contrast(r));
        Vector256<uint> green = ToByte(Contrast(g));
        Vector256<uint> blue = ToByte(Contrast(b));
        // Little-endian RGBA: red in the low byte, opaque alpha in the high byte.
        return red | (green << 8) | (blue << 16) | Vector256.Create(0xFF000000u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Contrast(Vector256<float> c)
    {
        c = Vector256.Min(Vector256.Max(c, Vector256<float>.Zero), Vector256<float>.One);
        Vector256<float> s = c * c * (Vector256.Create(3f) - Vector256.Create(2f) * c);
        return c + Vector256.Create(_contrast) * (s - c);
    }

    /// <summary>Rounds a [0, 1] channel to 0..255 (inputs are already clamped, so truncation of +0.5 rounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ToByte(Vector256<float> c) =>
        Vector256.ConvertToInt32(c * Vector256.Create(255f) + Vector256.Create(0.5f)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Gather(float[] table, Vector256<int> index)
    {
        if (Avx2.IsSupported)
        {
            fixed (float* start = table)
                return Avx2.GatherVector256(start, index, 4);
        }
        return Vector256.Create(
            table[index.GetElement(0)], table[index.GetElement(1)], table[index.GetElement(2)], table[index.GetElement(3)],
            table[index.GetElement(4)], table[index.GetElement(5)], table[index.GetElement(6)], table[index.GetElement(7)]);
    }
}
