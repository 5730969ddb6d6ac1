namespace Hashmint.Art.Colour;

/// <summary>
/// The named palettes a seed can draw: hand-picked gradients, mostly dark to light, so the network's
/// output reads as light and shadow. (A seed-rotated rainbow was tried and dropped: too many seeds
/// landed on muddy red–green pairs.) Append only: a palette's index is part of the art format.
/// </summary>
internal static class PaletteLibrary
{
    private static readonly (string Name, uint[] Stops)[] Presets =
    [
        ("Ember", [0x0B0A1F, 0x3D0C4F, 0xA3204A, 0xF25C2A, 0xFFD36E]),
        ("Lagoon", [0x031C2B, 0x05668D, 0x02C39A, 0xF0F3BD]),
        ("Aurora", [0x0B1026, 0x1B4965, 0x34D1BF, 0xB8F27C, 0xF4F1DE]),
        ("Dusk", [0x2B1B3F, 0x6A3E8F, 0xE07A9A, 0xF7C59F, 0xFDF0D5]),
        ("Moss", [0x141F14, 0x3A5A40, 0x7F9A65, 0xC9CBA3, 0xF1ECD9]),
        ("Sumi", [0x101010, 0x3B3936, 0xE9E4D8, 0xC23B22, 0x2A0A06]),
        ("Citrus", [0x264653, 0x2A9D8F, 0xE9C46A, 0xF4A261, 0xE76F51]),
        ("Deep Sea", [0x03045E, 0x0077B6, 0x00B4D8, 0x90E0EF, 0xCAF0F8]),
        ("Carnival", [0x6A4C93, 0x1982C4, 0x8AC926, 0xFFCA3A, 0xFF595E]),
        ("Rust", [0x1A120B, 0x3C2A21, 0xA0522D, 0xD5CEA3, 0xF3EFE0]),
        ("Synthwave", [0x1A0933, 0x6B0F8C, 0xFF2E97, 0xFF9E3D, 0xFFE66D]),
        ("Glacier", [0x0F172A, 0x334155, 0x7DD3FC, 0xE2E8F0, 0xFFFFFF]),
        ("Rosewood", [0x2D0B14, 0x7A1F3D, 0xD6587A, 0xF8C8D4, 0xFFF5F7]),
        ("Desert", [0x3D2C2E, 0x8C5E58, 0xD9A07B, 0xF2D0A4, 0xFAF3DD]),
        ("Opal", [0x1D1A39, 0x5B4B8A, 0x7FC8A9, 0xF6E3B4, 0xF7A9A8]),
        ("Tropic", [0x012A36, 0x0F7173, 0xF05D23, 0xFCD581, 0xFFF8E7]),
    ];

    public static int Count => Presets.Length;

    public static Palette Build(int index) => Palette.FromStops(Presets[index].Name, Presets[index].Stops);

    public static string Name(int index) => Presets[index].Name;
}

