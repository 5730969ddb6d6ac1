using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Hashmint.Art.Genome;

namespace Hashmint.Art.Rendering;

/// <summary>Applies the seed's symmetry by folding image coordinates before the network sees them.</summary>
internal static class PlaneFolding
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fold(Symmetry symmetry, ref Vector256<float> x, ref Vector256<float> y)
    {
        switch (symmetry)
        {
            case Symmetry.MirrorLeftRight:
                x = Vector256.Abs(x);
                break;
            case Symmetry.MirrorTopBottom:
                y = Vector256.Abs(y);
                break;
            case Symmetry.FourFold:
                x = Vector256.Abs(x);
                y = Vector256.Abs(y);
                break;
            case Symmetry.Kaleidoscope:
                // Fold into one octant: both mirror axes plus the diagonals, 8-fold symmetry.
                Vector256<float> ax = Vector256.Abs(x), ay = Vector256.Abs(y);
                x = Vector256.Max(ax, ay);
                y = Vector256.Min(ax, ay);
                break;
        }
    }
}
