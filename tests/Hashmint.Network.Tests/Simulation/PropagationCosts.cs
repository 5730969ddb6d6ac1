using System.Runtime.InteropServices;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Network.Tests.Support;
using Hashmint.Network.Wire;
using Hashmint.Storage;

namespace Hashmint.Network.Tests.Simulation;

/// <summary>
/// The inputs of the propagation model taken from the real code: message sizes from the real wire encodings of a
/// real block, and the time the real ledger takes for each step on this machine (the median of several tries, each on
/// a fresh receiving ledger whose mempool already holds the block's transactions, as in steady state; signatures
/// checked on one core). Time is the calling thread's CPU time, so that a machine shared with other work measures what
/// a node with a core of its own would spend.
/// </summary>
public static class PropagationCosts
{
    public static RelayCosts Measure(int transactions, int tries = 7)
    {
        var origin = NewLedger();
        // Senders of up to 200 transactions each (the mempool holds 256 per sender), each funded by a block of its own.
        int senders = (transactions + 199) / 200;
        var funding = Enumerable.Range(0, senders).SelectMany(s => Miner.Mine(origin, 1, Keys.Id(20 + s))).ToList();
        funding.AddRange(Miner.Mine(origin, 1, Keys.Id(1)));
        var txs = Enumerable.Range(0, transactions).Select(i => Keys.Transfer(20 + i % senders, 8, 1000, (ulong)(i / senders))).ToList();
        foreach (var tx in txs) origin.SubmitTransaction(tx);
        var block = Miner.Solve(origin, Keys.Id(1));
        if (block.Transactions.Count != transactions) throw new InvalidOperationException($"the template took {block.Transactions.Count} of {transactions} transactions");

        var header = new List<double>();
        var rebuild = new List<double>();
        var validate = new List<double>();
        for (int t = 0; t < tries; t++)
        {
            var receiver = NewLedger();
            foreach (var b in funding) receiver.SubmitBlock(b);
            foreach (var tx in txs) receiver.SubmitTransaction(tx);

            double start = ThreadCpuSeconds();
            var headers = receiver.ProcessHeaders([block.Header]);
            header.Add(ThreadCpuSeconds() - start);
            if (headers.Rejection is { } r) throw new InvalidOperationException($"header refused: {r}");

            start = ThreadCpuSeconds();
            var rebuilt = Rebuild(receiver, CompactBlockMessage.From(block, 42));
            rebuild.Add(ThreadCpuSeconds() - start);
            if (rebuilt.ComputeMerkleRoot() != block.Header.MerkleRoot) throw new InvalidOperationException("the rebuilt block differs");

            start = ThreadCpuSeconds();
            var outcome = receiver.SubmitBlock(rebuilt);
            validate.Add(ThreadCpuSeconds() - start);
            if (outcome.Outcome != BlockOutcome.Connected) throw new InvalidOperationException($"the block was not connected: {outcome.Rejection}");
        }

        var missing = Enumerable.Range(0, Math.Max(1, transactions / 10)).ToList(); // a receiver lacking a tenth of them
        return new RelayCosts(
            Median(header), Median(rebuild), Median(validate),
            Framed(HeadersMessage.Encode([block.Header])),
            Framed(InventoryMessage.Encode([new InventoryItem(InventoryType.Block, block.Hash)])),
            Framed(block.Encode()),
            Framed(CompactBlockMessage.From(block, 42).Encode()),
            Framed(new GetBlockTransactionsMessage(block.Hash, missing).Encode()),
            Framed(new BlockTransactionsMessage(block.Hash, missing.Select(i => block.Transactions[i]).ToList()).Encode()));
    }

    private static LedgerFacade NewLedger() =>
        new(new MemoryKeyValueStore(), ChainParams.Regtest, new LedgerOptions { ParallelSignatureChecks = false });

    /// <summary>What NetworkService does with a compact block whose transactions are all pending: short ids of the mempool, the slots filled.</summary>
    private static Block Rebuild(LedgerFacade receiver, CompactBlockMessage m)
    {
        var keys = CompactBlockMessage.Keys(m.Header, m.Nonce);
        var byShortId = new Dictionary<ulong, Transaction>();
        foreach (var tx in receiver.PendingTransactions()) byShortId[CompactBlockMessage.ShortId(keys, tx.Id)] = tx;
        var slots = new Transaction[m.TransactionCount];
        for (int i = 0; i < slots.Length; i++) slots[i] = byShortId[m.ShortIds[i]];
        return new Block(m.Header, m.Coinbase, slots);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID (Linux)

    private static double ThreadCpuSeconds() =>
        ClockGetTime(ThreadCpuClock, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : throw new InvalidOperationException("clock_gettime failed");

    private static int Framed(byte[] payload) => Frame.HeaderSize + payload.Length;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
