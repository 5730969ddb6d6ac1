using System.Buffers.Binary;

namespace Hashmint.Mining;

/// <summary>Where the fields of an 80-byte Bitcoin-layout header live, and the nonce accessors.</summary>
public static class BlockHeaderLayout
{
    public const int HeaderSize = 80;
    public const int TargetSize = 32;
    public const int HashSize = 32;
    public const int VersionOffset = 0;
    public const int PreviousHashOffset = 4;
    public const int MerkleRootOffset = 36;
    public const int TimeOffset = 68;
    public const int BitsOffset = 72;
    public const int NonceOffset = 76;

    public static uint ReadNonce(ReadOnlySpan<byte> header80) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header80[NonceOffset..]);

    public static void WriteNonce(Span<byte> header80, uint nonce) =>
        BinaryPrimitives.WriteUInt32LittleEndian(header80[NonceOffset..], nonce);

    internal static void RequireHeaderAndTarget(ReadOnlySpan<byte> header80, ReadOnlySpan<byte> target32)
    {
        if (header80.Length != HeaderSize)
            throw new ArgumentException($"A header is {HeaderSize} bytes, got {header80.Length}.", nameof(header80));
        if (target32.Length != TargetSize)
            throw new ArgumentException($"A target is {TargetSize} bytes, got {target32.Length}.", nameof(target32));
    }
}
