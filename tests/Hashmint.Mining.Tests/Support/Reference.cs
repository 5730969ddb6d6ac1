using System.Buffers.Binary;

namespace Hashmint.Mining.Tests.Support;

/// <summary>The plain way: SHA-256d of the whole header through System.Security.Cryptography.</summary>
public static class Reference
{
    public static byte[] HashWithNonce(ReadOnlySpan<byte> header80, uint nonce)
    {
        byte[] header = header80.ToArray();
        BlockHeaderLayout.WriteNonce(header, nonce);
        byte[] hash = new byte[32];
        HashTarget.Sha256d(header, hash);
        return hash;
    }

    /// <summary>The kernels' H7: SHA-256 state word 7, i.e. hash bytes 28..31 read big-endian.</summary>
    public static uint FinalWord7(ReadOnlySpan<byte> hash32) => BinaryPrimitives.ReadUInt32BigEndian(hash32[28..]);

    /// <summary>Every nonce in [start, start + count) whose hash meets the target, by brute force.</summary>
    public static List<uint> Winners(ReadOnlySpan<byte> header80, ReadOnlySpan<byte> target32, uint start, uint count)
    {
        var winners = new List<uint>();
        for (ulong nonce = start; nonce < (ulong)start + count; nonce++)
        {
            if (HashTarget.Meets(HashWithNonce(header80, (uint)nonce), target32))
                winners.Add((uint)nonce);
        }
        return winners;
    }

    public static byte[] RandomHeader(Random random)
    {
        byte[] header = new byte[BlockHeaderLayout.HeaderSize];
        random.NextBytes(header);
        return header;
    }

    /// <summary>A target whose top word is <paramref name="highWord"/> and whose lower words are random.</summary>
    public static byte[] TargetWithHighWord(Random random, uint highWord)
    {
        byte[] target = new byte[32];
        random.NextBytes(target);
        BinaryPrimitives.WriteUInt32LittleEndian(target.AsSpan(28), highWord);
        return target;
    }
}
