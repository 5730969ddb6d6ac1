using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;

namespace Hashmint.Ledger.Tests.Support;

/// <summary>A tiny nonce loop: on regtest about every second hash meets the target.</summary>
internal static class Pow
{
    public static BlockHeader Solve(BlockHeader header)
    {
        var target = CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
        {
            var h = header with { Nonce = nonce };
            if (CompactTarget.MeetsTarget(h.Hash, target)) return h;
        }
    }

    /// <summary>A nonce whose hash misses the target.</summary>
    public static BlockHeader Fail(BlockHeader header)
    {
        var target = CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
        {
            var h = header with { Nonce = nonce };
            if (!CompactTarget.MeetsTarget(h.Hash, target)) return h;
        }
    }
}
