using Hashmint.Mining.Lanes;
using Hashmint.Mining.Search;

namespace Hashmint.Mining.Engines;

/// <summary>A nonce search engine over one lane width and instruction set; stateless and thread-safe.</summary>
internal sealed class LaneNonceSearchEngine<TOps, TVec>(string name) : INonceSearchEngine
    where TOps : struct, ILaneOps<TVec>
    where TVec : unmanaged
{
    public string Name { get; } = name;

    public bool Search(ReadOnlySpan<byte> header80, ReadOnlySpan<byte> target32LittleEndian, uint startNonce, ulong count,
        CancellationToken ct, out uint nonce, out ulong hashesDone)
    {
        if (count > (1UL << 32) - startNonce)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The range runs past nonce 2^32 - 1.");
        var job = new SearchJob(header80, target32LittleEndian);
        return LaneSearch.Run<TOps, TVec>(job, startNonce, count, ct, out nonce, out hashesDone);
    }

    public override string ToString() => Name;
}
