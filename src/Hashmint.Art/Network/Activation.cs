namespace Hashmint.Art.Network;

/// <summary>
/// Per-neuron activation functions. Each gives the picture a different character: periodic ones
/// make waves and stripes, the bump makes blobs, tanh/sigmoid make smooth plateaus, abs makes creases.
/// The numeric values are part of the art format: append only, never reorder.
/// </summary>
internal enum Activation : byte
{
    Sin = 0,
    Cos = 1,
    Tanh = 2,
    Gaussian = 3,
    Abs = 4,
    Sigmoid = 5,
    Identity = 6,
}

internal static class ActivationNames
{
    public const int Count = 7;

    public static string Name(Activation activation) => activation switch
    {
        Activation.Sin => "sine",
        Activation.Cos => "cosine",
        Activation.Tanh => "tanh",
        Activation.Gaussian => "gaussian",
        Activation.Abs => "abs",
        Activation.Sigmoid => "sigmoid",
        Activation.Identity => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
