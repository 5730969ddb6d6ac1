using System.Buffers.Binary;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Mining;

namespace Hashmint.Node.Hosting;

/// <summary>
/// One proof-of-work mint to find: the collection's last mint hash and bits, and the minter's preimage prefix.
/// The 8-byte extranonce the search rolls is the free tail of the preimage, so each extranonce gives a new
/// commitment (the header's Merkle field) exactly as a Stratum coinbase would.
/// </summary>
public sealed record MintJob(string Collection, AccountId Minter, Hash256 PreviousMint, uint Bits, byte[] PreimagePrefix, uint Time)
{
    public static MintJob Create(ChainParams p, string collection, AccountId minter, Hash256 previousMint, uint bits, uint time) =>
        new(collection, minter, previousMint, bits, MintProof.PreimagePrefix(p.ChainId, collection, minter), time);

    public static byte[] ExtranonceBytes(ulong extranonce)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, extranonce);
        return b;
    }

    public byte[] HeaderFor(ulong extranonce) =>
        new BlockHeader(1, PreviousMint, MintProof.Commitment(PreimagePrefix, ExtranonceBytes(extranonce)), Time, Bits, 0).ToBytes();

    public byte[] Target => CompactTarget.ToTargetBytes(CompactTarget.ToTarget(Bits)!.Value);

    /// <summary>Searches for the proof; null when cancelled first.</summary>
    public async Task<MineMintOperation?> SolveAsync(ParallelNonceSearcher searcher, CancellationToken ct)
    {
        var solution = await searcher.SearchAsync(HeaderFor, Target, ct).ConfigureAwait(false);
        return solution is null ? null : new MineMintOperation(Collection, Minter, solution.Header80, ExtranonceBytes(solution.Extranonce));
    }
}
