using Hashmint.Art.Network;
using Hashmint.Art.Quality;
using Hashmint.Art.Random;
using Hashmint.Art.Rendering;

namespace Hashmint.Art.Genome;

/// <summary>
/// Picks the genome for a seed: draws candidates from the seed's stream and keeps the first whose
/// small preview is neither near-flat nor noisy. The previews use the same deterministic renderer,
/// so every machine accepts and rejects the same candidates.
/// </summary>
internal static class GenomeSelector
{
    public const int PreviewSize = 48;
    public const int MaxAttempts = 12;

    // Thresholds on the 48×48 preview, in 8-bit units; tuned by looking at galleries (docs/ART.md).
    private const double MinLumaDeviation = 30;
    private const double MinColourDeviation = 20;
    private const double MinRoughness = 0.08; // smoother than this is a plain gradient
    private const double MaxRoughness = 0.30; // rougher than this reads as noise

    public static ArtGenome Select(ReadOnlySpan<byte> seed32)
    {
        var random = SeedRandom.FromSeed(seed32);
        ArtGenome? best = null;
        double bestScore = double.NegativeInfinity;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            ArtGenome? candidate = OutputCalibrator.Calibrate(GenomeSampler.Sample(random, attempt));
            if (candidate is null)
                continue;
            ImageStatistics stats = ImageStatistics.Measure(ImageRenderer.Render(candidate, PreviewSize), PreviewSize);
            if (IsAcceptable(stats))
                return candidate;
            double score = Score(stats);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        // Twelve constant candidates in a row never happened in testing; a thirteenth, uncalibrated draw ends the search.
        return best ?? GenomeSampler.Sample(random, MaxAttempts);
    }

    public static bool IsAcceptable(ImageStatistics stats) =>
        stats.LumaDeviation >= MinLumaDeviation
        && stats.ColourDeviation >= MinColourDeviation
        && stats.Roughness >= MinRoughness
        && stats.Roughness <= MaxRoughness;

    /// <summary>Fallback ranking when no candidate passes: spread, penalised by noise or plainness.</summary>
    private static double Score(ImageStatistics stats) =>
        Math.Min(stats.LumaDeviation, stats.ColourDeviation * 1.5)
        / (1 + 4 * Math.Max(0, stats.Roughness - MaxRoughness) + 4 * Math.Max(0, MinRoughness - stats.Roughness));
}
