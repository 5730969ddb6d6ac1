namespace Hashmint.Mining.Sha256;

/// <summary>
/// Values that do not depend on the header at all, spelled as literals so the JIT embeds them
/// (a test recomputes each from <see cref="Sha256Constants"/>).
/// </summary>
internal static class FoldedConstants
{
    /// <summary>Round 0 of the second hash from the standard IV: T1 without W0 (h + Σ1(e) + Ch(e,f,g) + K0).</summary>
    public const uint SecondRound0T1 = 0xf377ed68;

    /// <summary>New a after round 0 of the second hash, minus W0: T1 + Σ0(a) + Maj(a,b,c).</summary>
    public const uint SecondRound0A = 0xfc08884d;

    /// <summary>New e after round 0 of the second hash, minus W0: d + T1.</summary>
    public const uint SecondRound0E = 0x98c7e2a2;

    /// <summary>σ1(256): the length word's contribution to W17 of the second hash.</summary>
    public const uint SmallSigma1OfDigestLength = 0x00a00000;

    /// <summary>σ0(0x80000000): the padding word's contribution to W19 (first hash) and W23 (second hash).</summary>
    public const uint SmallSigma0OfPadding = 0x11002000;

    /// <summary>σ0(256): the length word's contribution to W30 of the second hash.</summary>
    public const uint SmallSigma0OfDigestLength = 0x00400022;

    /// <summary>σ0(640): the length word's contribution to W30 of the first hash.</summary>
    public const uint SmallSigma0OfHeaderLength = 0x00a00055;

    /// <summary>K4 + 0x80000000: round 4 of the header's second block, whose word is the padding.</summary>
    public const uint FirstK4PlusPadding = 0xb956c25b;

    /// <summary>K15 + 640: round 15 of the header's second block, whose word is the bit length.</summary>
    public const uint FirstK15PlusLength = 0xc19bf3f4;

    /// <summary>K8 + 0x80000000: round 8 of the second hash, whose word is the padding.</summary>
    public const uint SecondK8PlusPadding = 0x5807aa98;

    /// <summary>K15 + 256: round 15 of the second hash, whose word is the bit length.</summary>
    public const uint SecondK15PlusLength = 0xc19bf274;

    /// <summary>K60 + IV7: round 60 of the second hash yields e, and H7 = IV7 + e, so the IV is folded into the constant.</summary>
    public const uint SecondK60PlusInitialH7 = 0xec9fcd13;
}
