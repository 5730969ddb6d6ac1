using System.Runtime.Intrinsics;
using Hashmint.Art.Genome;
using Hashmint.Art.Network;

namespace Hashmint.Art.Rendering;

/// <summary>
/// Evaluates the network's three outputs along one image row. Owns per-thread scratch space; one
/// instance per thread.
/// </summary>
internal sealed class RowEvaluator
{
    private static readonly Vector256<float> LaneOffsets = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);

    private readonly NetworkEvaluator _evaluator;
    private readonly Symmetry _symmetry;
    private readonly int _size;
    private readonly float _inverseSize;

    public RowEvaluator(CppnNetwork network, Symmetry symmetry, int size)
    {
        _evaluator = new NetworkEvaluator(network);
        _symmetry = symmetry;
        _size = size;
        _inverseSize = 1f / size;
        PaddedWidth = PadToTiles(size);
        Position = new float[PaddedWidth];
        Shade = new float[PaddedWidth];
        Saturation = new float[PaddedWidth];
    }

    /// <summary>Rows are padded to whole tiles; the padding pixels are computed and ignored.</summary>
    public int PaddedWidth { get; }

    public float[] Position { get; }
    public float[] Shade { get; }
    public float[] Saturation { get; }

    private static int PadToTiles(int size) =>
        (size + NetworkEvaluator.TilePixels - 1) / NetworkEvaluator.TilePixels * NetworkEvaluator.TilePixels;

    /// <summary>Fills <see cref="Position"/>, <see cref="Shade"/> and <see cref="Saturation"/> for this row.</summary>
    public void Evaluate(int row)
    {
        // Pixel centres mapped to (-1, 1); y grows downwards like the image rows. The image samples
        // one continuous function, so any size shows the same picture. Writing the coordinate as
        // (2·i + 1 − size) / size keeps mirrored pixels exact negatives, so folds are pixel-exact.
        float v = (row * 2 + 1 - _size) * _inverseSize;
        const int Vectors = NetworkEvaluator.VectorsPerTile;
        int lanes = Vector256<float>.Count;

        for (int start = 0; start < PaddedWidth; start += NetworkEvaluator.TilePixels)
        {
            Span<Vector256<float>> inputs = _evaluator.Inputs;
            for (int k = 0; k < Vectors; k++)
            {
                Vector256<float> px = Vector256.Create((float)(start + k * lanes)) + LaneOffsets;
                Vector256<float> x = (px * Vector256.Create(2f) + Vector256.Create((float)(1 - _size))) * Vector256.Create(_inverseSize);
                Vector256<float> y = Vector256.Create(v);
                PlaneFolding.Fold(_symmetry, ref x, ref y);
                inputs[k] = x;
                inputs[Vectors + k] = y;
                inputs[2 * Vectors + k] = Vector256.Sqrt(x * x + y * y);
            }

            ReadOnlySpan<Vector256<float>> outputs = _evaluator.Evaluate();
            for (int k = 0; k < Vectors; k++)
            {
                int at = start + k * lanes;
                outputs[k].CopyTo(Position.AsSpan(at));
                outputs[Vectors + k].CopyTo(Shade.AsSpan(at));
                outputs[2 * Vectors + k].CopyTo(Saturation.AsSpan(at));
            }
        }
    }
}
