using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hashmint.Art.Network;

/// <summary>
/// Transcendental approximations built only from IEEE-exact operations (+, −, ×, ÷, min, max, round,
/// bit masks), never from libm or fused multiply-add. Every lane of a vector therefore gets exactly
/// the bits a scalar evaluation in the same order would get, on any x64 machine and any .NET version.
/// Accuracy is ~1e-6 where it matters; the art needs stable bits, not the last ulp.
/// </summary>
internal static class DeterministicMath
{
    private const float InverseTwoPi = 0.15915494f;
    private const float TwoPi = 6.2831855f;
    private const float HalfPi = 1.5707964f;

    /// <summary>sin(x): reduce to a quarter turn, then a degree-9 odd Taylor polynomial (error &lt; 4e-6).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sin(Vector256<float> x)
    {
        Vector256<float> turns = x * Vector256.Create(InverseTwoPi);
        turns -= Vector256.Round(turns);                              // now in [-0.5, 0.5]
        Vector256<float> sign = turns & Vector256.Create(-0.0f);
        Vector256<float> a = Vector256.Abs(turns);
        a = Vector256.Min(a, Vector256.Create(0.5f) - a);             // sin(2πa) = sin(2π(½−a))
        Vector256<float> t = a * Vector256.Create(TwoPi);             // in [0, π/2]
        Vector256<float> t2 = t * t;
        Vector256<float> p = Vector256.Create(2.7557319e-6f);         // 1/9!
        p = p * t2 - Vector256.Create(1.9841270e-4f);                 // 1/7!
        p = p * t2 + Vector256.Create(8.3333333e-3f);                 // 1/5!
        p = p * t2 - Vector256.Create(1.6666667e-1f);                 // 1/3!
        p = p * t2 + Vector256<float>.One;
        return (p * t) ^ sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Cos(Vector256<float> x) => Sin(x + Vector256.Create(HalfPi));

    /// <summary>tanh(x): Lambert's continued fraction truncated to a 7/6 rational, exact to ~1e-6 on [-5, 5], clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-5f)), Vector256.Create(5f));
        Vector256<float> x2 = x * x;
        Vector256<float> numerator = ((x2 + Vector256.Create(378f)) * x2 + Vector256.Create(17325f)) * x2 + Vector256.Create(135135f);
        Vector256<float> denominator = ((Vector256.Create(28f) * x2 + Vector256.Create(3150f)) * x2 + Vector256.Create(62370f)) * x2 + Vector256.Create(135135f);
        Vector256<float> y = x * numerator / denominator;
        return Vector256.Min(Vector256.Max(y, Vector256.Create(-1f)), Vector256<float>.One);
    }

    /// <summary>
    /// A gaussian-shaped bump: (1 − x²/16)^16 for |x| &lt; 4, else 0. Close to exp(−x²) and it
    /// needs only four squarings, no exponential.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gaussian(Vector256<float> x)
    {
        Vector256<float> b = Vector256.Max(Vector256<float>.One - x * x * Vector256.Create(0.0625f), Vector256<float>.Zero);
        b *= b;
        b *= b;
        b *= b;
        return b * b;
    }

    /// <summary>The logistic function via tanh: σ(x) = ½ + ½·tanh(x/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> half = Vector256.Create(0.5f);
        return half + half * Tanh(x * half);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply(Activation activation, Vector256<float> x) => activation switch
    {
        Activation.Sin => Sin(x),
        Activation.Cos => Cos(x),
        Activation.Tanh => Tanh(x),
        Activation.Gaussian => Gaussian(x),
        Activation.Abs => Vector256.Abs(x),
        Activation.Sigmoid => Sigmoid(x),
        _ => x,
    };

    /// <summary>Scalar sine through the vector path, so setup code agrees bit-for-bit with the pixels.</summary>
    public static float Sin(float x) => Sin(Vector256.Create(x)).GetElement(0);

    public static float Cos(float x) => Cos(Vector256.Create(x)).GetElement(0);
}
