using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Hashmint.Art.Network;

namespace Hashmint.Art.Rendering;

/// <summary>
/// Evaluates the network for a tile of <see cref="TilePixels"/> pixels at once: each neuron's value
/// is held as <see cref="VectorsPerTile"/> vectors, so the four multiply–add chains run side by side
/// instead of waiting on each other. Each pixel's lanes see exactly the same sequence of IEEE
/// operations, so the result never depends on which tile or thread computed it.
/// </summary>
internal sealed class NetworkEvaluator
{
    public const int VectorsPerTile = 4;
    public static readonly int TilePixels = VectorsPerTile * Vector256<float>.Count;

    private readonly CppnNetwork _network;
    private readonly Vector256<float>[] _front;
    private readonly Vector256<float>[] _back;

    public NetworkEvaluator(CppnNetwork network)
    {
        _network = network;
        _front = new Vector256<float>[network.MaxWidth * VectorsPerTile];
        _back = new Vector256<float>[network.MaxWidth * VectorsPerTile];
    }

    /// <summary>The input slot for (input, vector) that the caller fills before <see cref="Evaluate"/>.</summary>
    public Span<Vector256<float>> Inputs => _front.AsSpan(0, CppnNetwork.InputCount * VectorsPerTile);

    /// <summary>Runs every layer; returns the output layer laid out as [output × VectorsPerTile + vector].</summary>
    public ReadOnlySpan<Vector256<float>> Evaluate()
    {
        Vector256<float>[] input = _front, output = _back;
        foreach (DenseLayer layer in _network.Layers)
        {
            Forward(layer, input, output);
            (input, output) = (output, input);
        }
        return input.AsSpan(0, CppnNetwork.OutputCount * VectorsPerTile);
    }

    private static void Forward(DenseLayer layer, Vector256<float>[] input, Vector256<float>[] output)
    {
        int inputCount = layer.InputCount;
        ref float weight = ref MemoryMarshal.GetArrayDataReference(layer.Weights);
        ref Vector256<float> source = ref MemoryMarshal.GetArrayDataReference(input);
        ref Vector256<float> target = ref MemoryMarshal.GetArrayDataReference(output);

        for (int j = 0; j < layer.OutputCount; j++)
        {
            Vector256<float> bias = Vector256.Create(layer.Biases[j]);
            Vector256<float> a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            ref Vector256<float> h = ref source;
            for (int i = 0; i < inputCount; i++)
            {
                Vector256<float> w = Vector256.Create(weight);
                a0 += w * h;
                a1 += w * Unsafe.Add(ref h, 1);
                a2 += w * Unsafe.Add(ref h, 2);
                a3 += w * Unsafe.Add(ref h, 3);
                weight = ref Unsafe.Add(ref weight, 1);
                h = ref Unsafe.Add(ref h, VectorsPerTile);
            }
            ref Vector256<float> o = ref Unsafe.Add(ref target, j * VectorsPerTile);
            Activate(layer.Activations[j], ref o, a0, a1, a2, a3);
        }
    }

    // One switch per neuron and tile, not per pixel.
    private static void Activate(Activation activation, ref Vector256<float> o,
        Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        switch (activation)
        {
            case Activation.Sin:
                Store(ref o, DeterministicMath.Sin(a0), DeterministicMath.Sin(a1), DeterministicMath.Sin(a2), DeterministicMath.Sin(a3));
                break;
            case Activation.Cos:
                Store(ref o, DeterministicMath.Cos(a0), DeterministicMath.Cos(a1), DeterministicMath.Cos(a2), DeterministicMath.Cos(a3));
                break;
            case Activation.Tanh:
                Store(ref o, DeterministicMath.Tanh(a0), DeterministicMath.Tanh(a1), DeterministicMath.Tanh(a2), DeterministicMath.Tanh(a3));
                break;
            case Activation.Gaussian:
                Store(ref o, DeterministicMath.Gaussian(a0), DeterministicMath.Gaussian(a1), DeterministicMath.Gaussian(a2), DeterministicMath.Gaussian(a3));
                break;
            case Activation.Abs:
                Store(ref o, Vector256.Abs(a0), Vector256.Abs(a1), Vector256.Abs(a2), Vector256.Abs(a3));
                break;
            case Activation.Sigmoid:
                Store(ref o, DeterministicMath.Sigmoid(a0), DeterministicMath.Sigmoid(a1), DeterministicMath.Sigmoid(a2), DeterministicMath.Sigmoid(a3));
                break;
            default:
                Store(ref o, a0, a1, a2, a3);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref Vector256<float> o,
        Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        o = v0;
        Unsafe.Add(ref o, 1) = v1;
        Unsafe.Add(ref o, 2) = v2;
        Unsafe.Add(ref o, 3) = v3;
    }
}
