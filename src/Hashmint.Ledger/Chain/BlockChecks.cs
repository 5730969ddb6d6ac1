using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Operations;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Block rules that need no state: size, proof of work, Merkle root, repeated txids, coinbase shape; and the rules
/// that need only the parent's chain: height, difficulty bits, timestamps. The header rules stand alone, so a header
/// can be checked before its body is asked for (headers-first sync).
/// </summary>
internal static class BlockChecks
{
    /// <summary>The cheap checks that make a block expensive to forge: size limits and the proof of work.</summary>
    public static void CheckProofOfWork(Block block, int encodedSize, ChainParams p)
    {
        if (encodedSize > p.MaxBlockBytes) throw new RejectedException(RejectCodes.BlockTooLarge, $"block is {encodedSize} bytes, the limit is {p.MaxBlockBytes}");
        if (block.Transactions.Count + 1 > p.MaxBlockTransactions)
            throw new RejectedException(RejectCodes.TooManyTransactions, $"{block.Transactions.Count + 1} transactions exceed the limit of {p.MaxBlockTransactions}");
        CheckHeaderProofOfWork(block.Header, p);
    }

    /// <summary>Bits encode a positive target within the network limit, and the header's hash meets it.</summary>
    public static void CheckHeaderProofOfWork(BlockHeader header, ChainParams p)
    {
        var target = CompactTarget.ToTarget(header.Bits);
        if (target is null || target.Value.IsZero || target.Value > p.PowLimit)
            throw new RejectedException(RejectCodes.BadBits, $"bits {header.Bits:x8} do not encode a target within the network limit");
        if (!CompactTarget.MeetsTarget(header.Hash, target.Value))
            throw new RejectedException(RejectCodes.BadProofOfWork, $"hash {header.Hash} is above the target of bits {header.Bits:x8}");
    }

    /// <summary>Repeated txids, the Merkle root, and each transaction's shape.</summary>
    public static void CheckBody(Block block, ChainParams p, OperationRegistry operations)
    {
        var ids = block.TransactionIds();
        var seen = new HashSet<Hash256>(ids.Count);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new RejectedException(RejectCodes.DuplicateTransaction, $"transaction {id} appears twice");
        if (MerkleTree.ComputeRoot(ids) != block.Header.MerkleRoot)
            throw new RejectedException(RejectCodes.BadMerkleRoot, "the Merkle root does not match the transactions");

        if (block.Coinbase.ChainId != p.ChainId)
            throw new RejectedException(RejectCodes.WrongChain, $"coinbase is for chain {block.Coinbase.ChainId:x8}, this is {p.Name}");
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var tx = block.Transactions[i];
            try { operations.CheckStateless(tx, p); }
            catch (RejectedException e) { throw new RejectedException(e.Rejection.Code, $"transaction {i + 1} ({tx.Id}): {e.Rejection.Message}"); }
        }
    }

    public static void CheckAgainstParent(Block block, ChainEntry parent, ChainParams p, DateTimeOffset now)
    {
        if (block.Coinbase.Height != parent.Height + 1)
            throw new RejectedException(RejectCodes.BadCoinbase, $"coinbase height {block.Coinbase.Height}, expected {parent.Height + 1}");
        CheckHeaderAgainstParent(block.Header, parent, p, now);
    }

    /// <summary>Bits as ASERT requires, time after the median of the last 11 blocks and not too far ahead of the clock.</summary>
    public static void CheckHeaderAgainstParent(BlockHeader header, ChainEntry parent, ChainParams p, DateTimeOffset now)
    {
        uint expectedBits = DifficultyRules.NextBits(parent, null, p);
        if (header.Bits != expectedBits)
            throw new RejectedException(RejectCodes.BadBits, $"bits {header.Bits:x8}, expected {expectedBits:x8}");
        uint mtp = parent.MedianTimePast();
        if (header.Time <= mtp)
            throw new RejectedException(RejectCodes.TimeTooOld, $"time {header.Time} is not after the median of the last 11 blocks ({mtp})");
        long limit = now.ToUnixTimeSeconds() + p.MaxFutureDrift;
        if (header.Time > limit)
            throw new RejectedException(RejectCodes.TimeTooNew, $"time {header.Time} is more than {p.MaxFutureDrift} s ahead of this node's clock");
    }
}
