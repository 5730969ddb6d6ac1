using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Block rules that need no state: size, proof of work, Merkle root, repeated txids, coinbase shape
/// (<see cref="CheckContextFree"/>); and the rules that need only the parent's chain: height, difficulty
/// bits, timestamps (<see cref="CheckAgainstParent"/>).
/// </summary>
public static class BlockChecks
{
    public static void CheckContextFree(Block block, int encodedSize, ChainParams p)
    {
        CheckProofOfWork(block, encodedSize, p);
        CheckBody(block, p);
    }

    /// <summary>The cheap checks that make a block expensive to forge: size limits and the proof of work.</summary>
    public static void CheckProofOfWork(Block block, int encodedSize, ChainParams p)
    {
        if (encodedSize > p.MaxBlockBytes) throw new RejectedException(RejectCodes.BlockTooLarge, $"block is {encodedSize} bytes, the limit is {p.MaxBlockBytes}");
        if (block.Transactions.Count + 1 > p.MaxBlockTransactions)
            throw new RejectedException(RejectCodes.TooManyTransactions, $"{block.Transactions.Count + 1} transactions exceed the limit of {p.MaxBlockTransactions}");

        var target = CompactTarget.ToTarget(block.Header.Bits);
        if (target is null || target.Value.IsZero || target.Value > p.PowLimit)
            throw new RejectedException(RejectCodes.BadBits, $"bits {block.Header.Bits:x8} do not encode a target within the network limit");
        if (!CompactTarget.MeetsTarget(block.Hash, target.Value))
            throw new RejectedException(RejectCodes.BadProofOfWork, $"hash {block.Hash} is above the target of bits {block.Header.Bits:x8}");
    }

    /// <summary>Repeated txids, the Merkle root, and each transaction's shape.</summary>
    public static void CheckBody(Block block, ChainParams p)
    {
        var ids = block.TransactionIds();
        var seen = new HashSet<Hash256>(ids.Count);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new RejectedException(RejectCodes.DuplicateTransaction, $"transaction {id} appears twice");
        if (MerkleTree.ComputeRoot(ids) != block.Header.MerkleRoot)
            throw new RejectedException(RejectCodes.BadMerkleRoot, "the Merkle root does not match the transactions");

        if (block.Coinbase.ChainId != p.ChainId)
            throw new RejectedException(RejectCodes.WrongChain, $"coinbase is for chain {block.Coinbase.ChainId:x8}, this is {p.Name}");
        foreach (var tx in block.Transactions) TransactionExecutor.CheckStateless(tx, p);
    }

    public static void CheckAgainstParent(Block block, ChainEntry parent, ChainEntry? anchorOrNull, ChainParams p, DateTimeOffset now)
    {
        if (block.Coinbase.Height != parent.Height + 1)
            throw new RejectedException(RejectCodes.BadCoinbase, $"coinbase height {block.Coinbase.Height}, expected {parent.Height + 1}");
        uint expectedBits = DifficultyRules.NextBits(parent, anchorOrNull, p);
        if (block.Header.Bits != expectedBits)
            throw new RejectedException(RejectCodes.BadBits, $"bits {block.Header.Bits:x8}, expected {expectedBits:x8}");
        uint mtp = parent.MedianTimePast();
        if (block.Header.Time <= mtp)
            throw new RejectedException(RejectCodes.TimeTooOld, $"time {block.Header.Time} is not after the median of the last 11 blocks ({mtp})");
        long limit = now.ToUnixTimeSeconds() + p.MaxFutureDrift;
        if (block.Header.Time > limit)
            throw new RejectedException(RejectCodes.TimeTooNew, $"time {block.Header.Time} is more than {p.MaxFutureDrift} s ahead of this node's clock");
    }
}
