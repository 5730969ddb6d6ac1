using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Tests.Nft.Support;

/// <summary>
/// Mines NFTs the way a miner would: the commitment from <see cref="MintProof.PreimagePrefix"/> and
/// <see cref="MintProof.Commitment"/>, an 80-byte header on the collection's last mint hash, and a nonce loop.
/// </summary>
internal static class MintProofMiner
{
    public static readonly byte[] DefaultExtranonce = [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1];

    /// <param name="fail">find a nonce whose hash misses the target instead</param>
    public static MineMintOperation Mine(CollectionState c, AccountId minter, uint time, uint? chainId = null, byte[]? extranonce = null,
        uint? bits = null, Hash256? previous = null, bool fail = false)
    {
        extranonce ??= DefaultExtranonce;
        var commitment = MintProof.Commitment(MintProof.PreimagePrefix(chainId ?? ChainParams.Regtest.ChainId, c.Id, minter), extranonce);
        var header = Solve(new BlockHeader(0x2000_0000, previous ?? c.LastMintHash, commitment, time, bits ?? c.Bits, 0), fail);
        return new MineMintOperation(c.Id, minter, header.ToBytes(), extranonce);
    }

    public static BlockHeader Solve(BlockHeader header, bool fail = false)
    {
        var target = CompactTarget.ToTarget(header.Bits)!.Value;
        for (uint nonce = 0; ; nonce++)
        {
            var h = header with { Nonce = nonce };
            if (CompactTarget.MeetsTarget(h.Hash, target) != fail) return h;
        }
    }

    /// <summary>The header's hash: the token's seed once the proof mints.</summary>
    public static Hash256 HashOf(MineMintOperation op) => BlockHeader.Decode(op.Header).Hash;
}
