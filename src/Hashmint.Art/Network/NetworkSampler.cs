using Hashmint.Art.Random;

namespace Hashmint.Art.Network;

/// <summary>Draws a CPPN's shape and weights from the seed's random stream, in a fixed order.</summary>
internal static class NetworkSampler
{
    public const int LatentSize = 4;

    // Depths 2..5, favouring 3–4 layers: shallower nets are plain, deeper ones turn busy.
    private static ReadOnlySpan<int> DepthWeights => [2, 4, 3, 1];
    private const int MinDepth = 2;
    private const int MinWidth = 6;
    private const int WidthChoices = 7; // 6..12

    private const float BiasSpread = 0.6f;
    private const float LatentWeightSpread = 0.8f;

    public static NetworkShape SampleShape(SeedRandom random)
    {
        int depth = MinDepth + random.NextWeighted(DepthWeights);
        int width = MinWidth + random.NextInt(WidthChoices);
        // The favoured activation gives each seed a family look; "linear" is never favoured (it adds no shape).
        var favoured = (Activation)random.NextInt(ActivationNames.Count - 1);
        float share = random.NextFloat(0.35f, 0.75f);
        // Log-uniform zoom: small values give broad colour fields, large values intricate ones.
        float inputScale = 0.8f * PowerOfFive(random.NextFloat());
        float hiddenGain = random.NextFloat(1.0f, 2.2f);
        float positionSpread = random.NextFloat(0.6f, 1.2f);
        float positionOffset = random.NextFloat(-0.5f, 0.5f);
        return new NetworkShape(depth, width, favoured, share, inputScale, hiddenGain, positionSpread, positionOffset);
    }

    public static CppnNetwork SampleWeights(SeedRandom random, NetworkShape shape)
    {
        Span<float> latent = stackalloc float[LatentSize];
        for (int i = 0; i < LatentSize; i++)
            latent[i] = random.NextFloat(-1f, 1f);

        var layers = new List<DenseLayer>(shape.HiddenLayers + 1);
        layers.Add(SampleFirstLayer(random, shape, latent));
        for (int l = 1; l < shape.HiddenLayers; l++)
            layers.Add(SampleDenseLayer(random, shape.Width, shape.Width, shape.HiddenGain, shape, hidden: true));
        // Output scale is set later by calibration, so unit gain here.
        layers.Add(SampleDenseLayer(random, shape.Width, CppnNetwork.OutputCount, 1f, shape, hidden: false));
        return new CppnNetwork(layers);
    }

    private static DenseLayer SampleFirstLayer(SeedRandom random, NetworkShape shape, ReadOnlySpan<float> latent)
    {
        int width = shape.Width;
        var weights = new float[width * CppnNetwork.InputCount];
        var biases = new float[width];
        var activations = new Activation[width];
        for (int j = 0; j < width; j++)
        {
            for (int i = 0; i < CppnNetwork.InputCount; i++)
                weights[j * CppnNetwork.InputCount + i] = random.NextGaussian() * shape.InputScale;
            // z is constant across the image, so w·z is folded into the bias here, in a fixed order.
            float bias = random.NextGaussian() * BiasSpread;
            for (int k = 0; k < latent.Length; k++)
                bias += random.NextGaussian() * LatentWeightSpread * latent[k];
            biases[j] = bias;
            activations[j] = SampleActivation(random, shape);
        }
        return new DenseLayer(CppnNetwork.InputCount, weights, biases, activations);
    }

    private static DenseLayer SampleDenseLayer(SeedRandom random, int inputs, int outputs, float gain, NetworkShape shape, bool hidden)
    {
        float spread = gain / MathF.Sqrt(inputs); // sqrt is IEEE-exact, so this is deterministic
        var weights = new float[outputs * inputs];
        var biases = new float[outputs];
        var activations = new Activation[outputs];
        for (int j = 0; j < outputs; j++)
        {
            for (int i = 0; i < inputs; i++)
                weights[j * inputs + i] = random.NextGaussian() * spread;
            biases[j] = random.NextGaussian() * BiasSpread;
            activations[j] = hidden ? SampleActivation(random, shape) : Activation.Tanh;
        }
        return new DenseLayer(inputs, weights, biases, activations);
    }

    private static Activation SampleActivation(SeedRandom random, NetworkShape shape) =>
        random.NextFloat() < shape.FavouredShare
            ? shape.FavouredActivation
            : (Activation)random.NextInt(ActivationNames.Count);

    /// <summary>5^u for u in [0, 1): a log-uniform factor in [1, 5) without calling libm's pow.</summary>
    private static float PowerOfFive(float u)
    {
        // 5^u = 2^(u·log2 5); split into a dyadic power and a short series for the fraction.
        float e = u * 2.321928f;
        int whole = (int)e;
        float f = (e - whole) * 0.6931472f; // fraction × ln 2
        float series = 1f + f * (1f + f * (0.5f + f * (0.16666667f + f * (0.041666668f + f * 0.008333334f))));
        return series * (1 << whole);
    }
}
