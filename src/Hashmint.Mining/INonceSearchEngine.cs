namespace Hashmint.Mining;

/// <summary>Searches a range of nonces of one 80-byte header for a SHA-256d hash at or below a target.</summary>
public interface INonceSearchEngine
{
    /// <summary>"avx512", "avx512vl", "avx2" or "scalar".</summary>
    string Name { get; }

    /// <summary>
    /// Searches nonces [<paramref name="startNonce"/>, <paramref name="startNonce"/> + <paramref name="count"/>),
    /// lowest first (count may reach 2^32 - startNonce). The nonce bytes of <paramref name="header80"/> are ignored.
    /// Returns true with the first winning nonce; checks <paramref name="ct"/> periodically and returns false
    /// when it is cancelled. <paramref name="hashesDone"/> reports the nonces actually hashed.
    /// </summary>
    bool Search(
        ReadOnlySpan<byte> header80,
        ReadOnlySpan<byte> target32LittleEndian,
        uint startNonce,
        ulong count,
        CancellationToken ct,
        out uint nonce,
        out ulong hashesDone);
}
