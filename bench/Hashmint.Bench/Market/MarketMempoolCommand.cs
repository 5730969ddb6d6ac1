using System.Diagnostics;
using System.Globalization;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger;
using Hashmint.Ledger.Assembly;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Pool;
using Hashmint.Storage;

namespace Hashmint.Bench.Market;

/// <summary>
/// `market-mempool [--count N] [--per-tx K]`: N auction starts (K operations a transaction, signed beforehand) through
/// the ledger's front door — each transaction admitted to the mempool (checks, signature, execution on the sender's
/// projection), then one block template built from them and the block connected. Wall clock per phase, per operation.
/// </summary>
public static class MarketMempoolCommand
{
    public const string Name = "market-mempool";

    public static int Run(string[] args)
    {
        int count = 2000, perTx = 1, rounds = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--count") count = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "--per-tx") perTx = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "--rounds") rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
        var p = ChainParams.Regtest;
        var key = new byte[32];
        key[31] = 7;
        var seller = new AccountId(Schnorr.GetXOnlyPublicKey(key));
        var ledger = new LedgerFacade(new MemoryKeyValueStore(), p, new LedgerOptions { Mempool = new MempoolOptions { MaxPerSender = 100_000 } });
        ulong nonce = 0;
        Mine(ledger, seller);
        for (int i = 0; i < p.CoinbaseMaturity + 1; i++) Mine(ledger, AccountId.None);
        const string c = "bench-mempool";
        var def = new CollectionDefinition(c, "Bench", "BM", CollectionKind.Art, 1_000_000, 0, [], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);
        ledger.SubmitTransaction(Transaction.CreateSignedPayingPerByte(p.ChainId, key, nonce++, 2, 0, [new CreateCollectionOperation(def)]));
        Mine(ledger, AccountId.None);
        for (int round = 0; round < rounds; round++)
        {
        ulong first = (ulong)(round * count);
        for (int done = 0; done < count; done += 64)
        {
            ledger.SubmitTransaction(Transaction.CreateSignedPayingPerByte(p.ChainId, key, nonce++, 2, 0,
                Enumerable.Range(0, Math.Min(64, count - done)).Select(_ => (Operation)new MintOperation(c, seller, TokenContent.None, [], null, null)).ToArray()));
            if ((done / 64) % 16 == 15) Mine(ledger, AccountId.None);
        }
        Mine(ledger, AccountId.None);
        uint end = ledger.Tip.Height + 100;
        var txs = Enumerable.Range(0, (count + perTx - 1) / perTx).Select(t => Transaction.CreateSignedPayingPerByte(p.ChainId, key, nonce++, 2, 0,
            Enumerable.Range(t * perTx + 1, Math.Min(perTx, count - t * perTx)).Select(i => (Operation)new StartAuctionOperation(c, first + (ulong)i, new Amount(10_000), end, 500, 0)).ToArray())).ToList();

        var sw = Stopwatch.StartNew();
        var marks = new List<double>();
        for (int i = 0; i < txs.Count; i++)
        {
            ledger.SubmitTransaction(txs[i]);
            if ((i + 1) % Math.Max(1, txs.Count / 4) == 0) marks.Add(sw.Elapsed.TotalMilliseconds);
        }
        double submit = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var template = ledger.CreateTemplate(TemplateRequest.Solo(AccountId.None, "bench"));
        double templateMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var block = Solve(template);
        var result = ledger.SubmitBlock(block);
        double connect = sw.Elapsed.TotalMilliseconds;
        if (result.Rejection is not null || template.Transactions.Count != txs.Count) throw new InvalidOperationException($"the block took {template.Transactions.Count} of {txs.Count}: {result.Rejection}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round + 1}: {count} auction starts, {perTx} a transaction ({txs.Count} transactions): mempool {submit:F0} ms ({submit * 1000 / count:F1} µs/op; quarters at {string.Join(", ", marks.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))} ms), template {templateMs:F0} ms ({templateMs * 1000 / count:F1} µs/op), connect {connect:F0} ms ({connect * 1000 / count:F1} µs/op); total {(submit + templateMs + connect) * 1000 / count:F0} µs/op"));
        }
        return 0;
    }

    private static void Mine(LedgerFacade ledger, AccountId payTo)
    {
        var result = ledger.SubmitBlock(Solve(ledger.CreateTemplate(TemplateRequest.Solo(payTo, "bench"))));
        if (result.Rejection is not null) throw new RejectedException(result.Rejection);
    }

    private static Block Solve(BlockTemplate template)
    {
        var target = CompactTarget.ToTarget(template.Bits)!.Value;
        var header = template.HeaderFor(0);
        for (uint n = 0; ; n++)
            if (CompactTarget.MeetsTarget((header with { Nonce = n }).Hash, target)) return template.BuildBlock(0, n);
    }
}
