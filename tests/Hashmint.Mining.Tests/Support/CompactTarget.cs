namespace Hashmint.Mining.Tests.Support;

/// <summary>Bitcoin's compact "bits" encoding expanded to the engines' 32-byte little-endian target.</summary>
public static class CompactTarget
{
    public static byte[] ToLittleEndian(uint bits)
    {
        int exponent = (int)(bits >> 24);
        uint mantissa = bits & 0x007fffff;
        byte[] target = new byte[32];
        // target = mantissa * 256^(exponent - 3): the mantissa's three bytes land at exponent-3 .. exponent-1.
        for (int i = 0; i < 3; i++)
        {
            int position = exponent - 3 + i;
            if (position is >= 0 and < 32)
                target[position] = (byte)(mantissa >> (8 * i));
        }
        return target;
    }
}
