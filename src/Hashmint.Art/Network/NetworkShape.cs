namespace Hashmint.Art.Network;

/// <summary>
/// The seed-chosen architecture and weight statistics from which a network is drawn.
/// PositionSpread and PositionOffset are the target standard deviation and mean of the palette
/// output's pre-activation, applied by <see cref="OutputCalibrator"/>.
/// </summary>
internal sealed record NetworkShape(
    int HiddenLayers,
    int Width,
    Activation FavouredActivation,
    float FavouredShare,
    float InputScale,
    float HiddenGain,
    float PositionSpread,
    float PositionOffset);
