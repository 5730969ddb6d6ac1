namespace Hashmint.Storage.Tests;

/// <summary>Deterministic keys and value hashes for tests (fixed seeds).</summary>
public static class TestData
{
    public static byte[] RandomHash(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
    }

    public static List<byte[]> DistinctKeys(Random random, int count)
    {
        var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
        while (keys.Count < count) keys.Add(RandomHash(random));
        return [.. keys];
    }

    /// <summary>Keys that share long prefixes (differing only in bits 200..255), to make deep paths.</summary>
    public static List<byte[]> ClusteredKeys(Random random, int count)
    {
        var baseKey = RandomHash(random);
        var keys = new HashSet<byte[]>(ByteArrayComparer.Instance);
        while (keys.Count < count)
        {
            var key = (byte[])baseKey.Clone();
            var flips = random.Next(1, 4);
            for (var i = 0; i < flips; i++)
            {
                var bit = random.Next(200, 256);
                key[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
            }
            keys.Add(key);
        }
        return [.. keys];
    }

    public static byte[] Key(string hex) => Convert.FromHexString(hex.PadRight(64, '0'));

    public static byte[] Hash(byte fill) => Enumerable.Repeat(fill, 32).ToArray();
}
