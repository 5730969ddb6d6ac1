namespace Hashmint.Art.Network;

/// <summary>
/// The compositional pattern-producing network: (x, y, r) → hidden layers → 3 outputs in [-1, 1].
/// The latent vector z is constant over an image, so its contribution is already folded into the
/// first layer's biases (see <see cref="NetworkSampler"/>).
/// </summary>
internal sealed class CppnNetwork
{
    public const int InputCount = 3;   // x, y, r
    public const int OutputCount = 3;  // palette position, shade, saturation

    public CppnNetwork(IReadOnlyList<DenseLayer> layers)
    {
        if (layers.Count < 2 || layers[0].InputCount != InputCount || layers[^1].OutputCount != OutputCount)
            throw new ArgumentException("A CPPN needs at least one hidden layer, 3 inputs and 3 outputs.");
        Layers = layers;
        MaxWidth = layers.Max(layer => Math.Max(layer.InputCount, layer.OutputCount));
    }

    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The widest layer, which sizes the evaluator's scratch buffers.</summary>
    public int MaxWidth { get; }

    public int HiddenLayerCount => Layers.Count - 1;

    public DenseLayer OutputLayer => Layers[^1];

    /// <summary>The same hidden layers with a different output layer.</summary>
    public CppnNetwork WithOutputLayer(DenseLayer output) => new([.. Layers.Take(Layers.Count - 1), output]);
}
