namespace Hashmint.Art.Network;

/// <summary>One fully connected layer: weights are output-major (row j holds neuron j's input weights).</summary>
internal sealed class DenseLayer
{
    public DenseLayer(int inputCount, float[] weights, float[] biases, Activation[] activations)
    {
        if (weights.Length != inputCount * biases.Length || activations.Length != biases.Length)
            throw new ArgumentException("Layer shapes disagree.");
        InputCount = inputCount;
        Weights = weights;
        Biases = biases;
        Activations = activations;
    }

    public int InputCount { get; }
    public int OutputCount => Biases.Length;
    public float[] Weights { get; }
    public float[] Biases { get; }
    public Activation[] Activations { get; }
}
