using Hashmint.Core.Blocks;
using Hashmint.Core.Transactions;

namespace Hashmint.Ledger.Nft;

/// <summary>
/// Where the next proof-of-work mint of a collection goes, counting proofs already waiting in the mempool: a
/// miner builds on the newest pending proof (with the bits that will apply once it is mined in the next block)
/// instead of racing for a slot that is already taken.
/// </summary>
public readonly record struct MintSlot(Core.Primitives.Hash256 PreviousMint, uint Bits, int PendingAhead)
{
    public static MintSlot Next(CollectionState c, IEnumerable<Transaction> pending, uint tipHeight)
    {
        var byPrevious = new Dictionary<Core.Primitives.Hash256, BlockHeader>();
        foreach (var tx in pending)
            foreach (var op in tx.Operations)
                if (op is Operations.MineMintOperation m && m.Collection == c.Id && m.Header.Length == Core.Nft.MintProof.HeaderSize)
                {
                    var header = BlockHeader.Decode(m.Header);
                    byPrevious.TryAdd(header.PreviousHash, header);
                }

        var previous = c.LastMintHash;
        uint bits = c.Bits;
        ulong mints = c.PowMints;
        int ahead = 0;
        while (byPrevious.TryGetValue(previous, out var header) && header.Bits == bits)
        {
            previous = header.Hash;
            mints++;
            ahead++;
            bits = MintRetarget.NextMintBits(c.Definition.Pow!, c.CreatedHeight, tipHeight + 1, mints);
        }
        return new MintSlot(previous, bits, ahead);
    }
}
