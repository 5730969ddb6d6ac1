using Hashmint.Art.Genome;
using Hashmint.Art.Rendering;

namespace Hashmint.Art.Network;

/// <summary>
/// Rescales the output layer so each output's pre-activation has a chosen mean and spread over the
/// image. Random networks vary wildly in output range — most of the "flat" or "washed out" candidates
/// are just badly scaled — and this rescues them instead of discarding them. Statistics come from a
/// fixed preview grid, so the calibrated network is one fixed function, the same at every size.
/// </summary>
internal static class OutputCalibrator
{
    public const int GridSize = 48;

    // Below this the palette output is genuinely constant: scaling would only magnify rounding.
    private const double FlatDeviation = 1e-3;
    private const float ShadeSpread = 1.0f;
    private const float SaturationSpread = 1.0f;

    /// <returns>The calibrated genome, or null when the palette output does not vary at all.</returns>
    public static ArtGenome? Calibrate(ArtGenome genome)
    {
        DenseLayer output = genome.Network.OutputLayer;
        var linear = new DenseLayer(output.InputCount, output.Weights, output.Biases,
            Enumerable.Repeat(Activation.Identity, output.OutputCount).ToArray());
        var probe = new RowEvaluator(genome.Network.WithOutputLayer(linear), genome.Symmetry, GridSize);

        var sums = new double[CppnNetwork.OutputCount];
        var squares = new double[CppnNetwork.OutputCount];
        for (int row = 0; row < GridSize; row++)
        {
            probe.Evaluate(row);
            for (int x = 0; x < GridSize; x++)
            {
                Accumulate(0, probe.Position[x]);
                Accumulate(1, probe.Shade[x]);
                Accumulate(2, probe.Saturation[x]);
            }
        }

        const int Count = GridSize * GridSize;
        Span<double> mean = stackalloc double[CppnNetwork.OutputCount];
        Span<double> deviation = stackalloc double[CppnNetwork.OutputCount];
        for (int j = 0; j < CppnNetwork.OutputCount; j++)
        {
            mean[j] = sums[j] / Count;
            deviation[j] = Math.Sqrt(Math.Max(squares[j] / Count - mean[j] * mean[j], 0));
        }
        if (deviation[0] < FlatDeviation)
            return null;

        ReadOnlySpan<float> spread = [genome.Shape.PositionSpread, ShadeSpread, SaturationSpread];
        ReadOnlySpan<float> offset = [genome.Shape.PositionOffset, 0f, 0f];
        var weights = new float[output.Weights.Length];
        var biases = new float[output.OutputCount];
        for (int j = 0; j < output.OutputCount; j++)
        {
            // A constant shade or saturation output stays constant (gain 0) rather than amplifying rounding.
            float gain = deviation[j] < FlatDeviation ? 0f : (float)(spread[j] / deviation[j]);
            for (int i = 0; i < output.InputCount; i++)
                weights[j * output.InputCount + i] = output.Weights[j * output.InputCount + i] * gain;
            biases[j] = (float)((output.Biases[j] - mean[j]) * gain) + offset[j];
        }
        var calibrated = new DenseLayer(output.InputCount, weights, biases, output.Activations);
        return genome with { Network = genome.Network.WithOutputLayer(calibrated) };

        void Accumulate(int j, float value)
        {
            sums[j] += value;
            squares[j] += (double)value * value;
        }
    }
}
