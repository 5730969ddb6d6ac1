using System.Runtime.Intrinsics;
using Hashmint.Art.Network;

namespace Hashmint.Art.Tests;

public class DeterministicMathTests
{
    private static IEnumerable<float> Samples(float from, float to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1));

    [Fact]
    public void SinAndCosAreAccurateOverAWideRange()
    {
        foreach (float x in Samples(-60f, 60f, 20001))
        {
            Assert.True(Math.Abs(DeterministicMath.Sin(x) - Math.Sin(x)) < 2e-5, $"sin({x})");
            Assert.True(Math.Abs(DeterministicMath.Cos(x) - Math.Cos(x)) < 2e-5, $"cos({x})");
        }
    }

    [Fact]
    public void TanhAndSigmoidAreAccurateAndBounded()
    {
        foreach (float x in Samples(-40f, 40f, 8001))
        {
            float tanh = DeterministicMath.Tanh(Vector256.Create(x)).GetElement(0);
            float sigmoid = DeterministicMath.Sigmoid(Vector256.Create(x)).GetElement(0);
            Assert.True(Math.Abs(tanh - Math.Tanh(x)) < 1e-4, $"tanh({x}) = {tanh}");
            Assert.True(Math.Abs(sigmoid - 1 / (1 + Math.Exp(-x))) < 1e-4, $"sigmoid({x}) = {sigmoid}");
            Assert.InRange(tanh, -1f, 1f);
            Assert.InRange(sigmoid, 0f, 1f);
        }
    }

    [Fact]
    public void GaussianBumpTracksExpOfMinusXSquared()
    {
        foreach (float x in Samples(-6f, 6f, 1201))
        {
            float bump = DeterministicMath.Gaussian(Vector256.Create(x)).GetElement(0);
            Assert.True(Math.Abs(bump - Math.Exp(-x * x)) < 0.03, $"gaussian({x}) = {bump}");
        }
        Assert.Equal(1f, DeterministicMath.Gaussian(Vector256<float>.Zero).GetElement(0));
        Assert.Equal(0f, DeterministicMath.Gaussian(Vector256.Create(4.5f)).GetElement(0));
    }

    [Fact]
    public void EveryLaneGetsTheSameBitsAsAScalarEvaluation()
    {
        // The renderer relies on this: a pixel's value must not depend on its lane.
        float[] values = Samples(-9f, 9f, 8).ToArray();
        Vector256<float> vector = Vector256.Create(values);
        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            Vector256<float> together = DeterministicMath.Apply(activation, vector);
            for (int lane = 0; lane < 8; lane++)
            {
                float alone = DeterministicMath.Apply(activation, Vector256.Create(values[lane])).GetElement(0);
                Assert.Equal(BitConverter.SingleToInt32Bits(alone), BitConverter.SingleToInt32Bits(together.GetElement(lane)));
            }
        }
    }
}
