namespace Hashmint.Storage;

/// <summary>Walks a 256-bit key from the most significant bit of byte 0: bit 0 picks the root's child.</summary>
internal static class KeyBits
{
    public const int Count = 256;

    /// <summary>0 = left child, 1 = right child at this depth.</summary>
    public static int At(ReadOnlySpan<byte> key, int depth) => (key[depth >> 3] >> (7 - (depth & 7))) & 1;

    /// <summary>True when the first <paramref name="bitCount"/> bits of the two keys are equal.</summary>
    public static bool SharePrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int bitCount)
    {
        var wholeBytes = bitCount >> 3;
        if (!a[..wholeBytes].SequenceEqual(b[..wholeBytes])) return false;
        var restBits = bitCount & 7;
        if (restBits == 0) return true;
        var mask = (byte)(0xFF << (8 - restBits));
        return (a[wholeBytes] & mask) == (b[wholeBytes] & mask);
    }
}
