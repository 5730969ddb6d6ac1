namespace Hashmint.Art.Genome;

/// <summary>How the image plane is folded before the network sees it. Append only.</summary>
internal enum Symmetry : byte
{
    None = 0,
    MirrorLeftRight = 1,
    MirrorTopBottom = 2,
    FourFold = 3,
    Kaleidoscope = 4,
}

internal static class SymmetryNames
{
    public const int Count = 5;

    // Plain images are the most common; folded ones are rarer and read as "special".
    public static ReadOnlySpan<int> Weights => [9, 4, 2, 3, 2];

    public static string Name(Symmetry symmetry) => symmetry switch
    {
        Symmetry.None => "none",
        Symmetry.MirrorLeftRight => "mirror",
        Symmetry.MirrorTopBottom => "reflection",
        Symmetry.FourFold => "four-fold",
        Symmetry.Kaleidoscope => "kaleidoscope",
        _ => throw new ArgumentOutOfRangeException(nameof(symmetry)),
    };
}
