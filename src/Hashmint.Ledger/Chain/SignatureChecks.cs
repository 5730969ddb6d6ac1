using Hashmint.Core.Blocks;

namespace Hashmint.Ledger.Chain;

/// <summary>
/// Verifies every transaction signature of a block before any state is touched. Signatures are independent, so
/// they are checked in parallel chunks on all cores: this is the bulk of the cost of importing a block.
/// </summary>
public static class SignatureChecks
{
    private const int ChunkSize = 64;

    public static void VerifyAll(Block block, bool parallel)
    {
        var txs = block.Transactions;
        int failed = -1;
        if (parallel && txs.Count > ChunkSize)
        {
            int chunks = (txs.Count + ChunkSize - 1) / ChunkSize;
            Parallel.For(0, chunks, (c, state) =>
            {
                int end = Math.Min(txs.Count, (c + 1) * ChunkSize);
                for (int i = c * ChunkSize; i < end; i++)
                {
                    if (!txs[i].VerifySignature())
                    {
                        InterlockedMin(ref failed, i);
                        state.Stop();
                        return;
                    }
                }
            });
        }
        else
        {
            for (int i = 0; i < txs.Count && failed < 0; i++)
                if (!txs[i].VerifySignature()) failed = i;
        }
        if (failed >= 0)
            throw new RejectedException(RejectCodes.BadSignature, $"transaction {failed + 1} ({txs[failed].Id}) has an invalid signature");
    }

    /// <summary>
    /// Starts checking all signatures on the thread pool and returns the outcome (null = all valid) instead of
    /// throwing, so a check whose block is never connected can simply be dropped.
    /// </summary>
    public static Task<Rejection?> StartInBackground(Block block) => Task.Run(() =>
    {
        try
        {
            VerifyAll(block, parallel: true);
            return (Rejection?)null;
        }
        catch (RejectedException e) { return e.Rejection; }
    });

    private static void InterlockedMin(ref int target, int value)
    {
        int current;
        do
        {
            current = Volatile.Read(ref target);
            if (current >= 0 && current <= value) return;
        } while (Interlocked.CompareExchange(ref target, value, current) != current);
    }
}
