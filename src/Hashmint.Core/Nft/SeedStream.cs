using System.Buffers.Binary;
using Hashmint.Crypto;

namespace Hashmint.Core.Nft;

/// <summary>
/// Deterministic numbers drawn from a token seed: block i = TaggedHash(domain, seed || i u32), read 8 bytes at a
/// time. Consensus-grade (traits and loot are part of what every node agrees on), unlike System.Random.
/// </summary>
public sealed class SeedStream(ReadOnlySpan<byte> seed32, string domain)
{
    private readonly byte[] _seed = seed32.ToArray();
    private readonly byte[] _block = new byte[32];
    private uint _counter;
    private int _offset = 32;

    public ulong NextU64()
    {
        if (_offset == 32)
        {
            Span<byte> input = stackalloc byte[36];
            _seed.CopyTo(input);
            BinaryPrimitives.WriteUInt32LittleEndian(input[32..], _counter++);
            TaggedHash.Hash(domain, input, _block);
            _offset = 0;
        }
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_offset));
        _offset += 8;
        return v;
    }

    /// <summary>Uniform in [0, bound) without modulo bias (rejection sampling).</summary>
    public ulong NextBelow(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong v;
        do { v = NextU64(); } while (v >= limit);
        return v % bound;
    }
}
