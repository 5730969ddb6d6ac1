using Hashmint.Storage;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// After the replay confirmed a snapshot: the transaction-index and account-activity entries of the main-chain blocks
/// below the floor, derived from their backfilled bodies, so old transactions are found by id and an account's activity
/// goes back to genesis. Written in batches of a few blocks, oldest first, a block's activity entries in the same batch
/// as its tx-index entries. Every entry is the one a normal connect would have written (the activity entries through
/// the connect's own <see cref="ChainManager.WriteBlockIndexes"/>: they depend on the block alone, its coinbase and each
/// transaction's sender and handlers' <c>Participants</c>, never on state), and the main chain below the floor can
/// never change, so a crash between batches leaves only correct entries behind and writing them again is harmless
/// (idempotent). Genesis's entries were written when the database was created.
/// </summary>
internal static class BelowFloorIndexes
{
    public const int DefaultBlocksPerBatch = 256;

    /// <summary>
    /// Writes the tx-index and activity entries of blocks 1 to <paramref name="floorHeight"/> − 1; <paramref name="finish"/> adds its own
    /// puts to the last batch (what marks the work done). Returns the number of transactions indexed.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired (batches written so far stay).</exception>
    public static long Write(ChainManager chain, uint floorHeight, int blocksPerBatch, Action<IWriteBatch> finish, CancellationToken cancel)
    {
        var store = chain.Blocks;
        long txs = 0;
        var batch = store.Store.CreateBatch();
        try
        {
            for (uint h = 1; h < floorHeight; h++)
            {
                cancel.ThrowIfCancellationRequested();
                var hash = chain.MainChainAt(h)!.Hash;
                var block = chain.GetBlock(hash) ?? throw new InvalidOperationException($"block {h} has no body");
                txs += chain.WriteBlockIndexes(batch, block, hash);
                if (h % blocksPerBatch != 0) continue;
                store.Store.Write(batch);
                batch.Dispose();
                batch = store.Store.CreateBatch();
            }
            finish(batch);
            store.Store.Write(batch);
        }
        finally { batch.Dispose(); }
        return txs;
    }
}
