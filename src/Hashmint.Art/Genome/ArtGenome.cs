using Hashmint.Art.Colour;
using Hashmint.Art.Network;

namespace Hashmint.Art.Genome;

/// <summary>Everything that decides one token's picture, drawn from its seed.</summary>
internal sealed record ArtGenome(
    NetworkShape Shape,
    CppnNetwork Network,
    Symmetry Symmetry,
    ColourStyle Colour,
    int Attempt);
