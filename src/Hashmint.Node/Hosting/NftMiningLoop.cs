using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Mining;
using Microsoft.Extensions.Logging;

namespace Hashmint.Node.Hosting;

/// <summary>
/// Mines a proof-of-work collection inside the node: finds the next mint proof, submits it signed by the node's key,
/// waits for it to be mined, and goes again. A new block abandons the current search, since another miner's mint may
/// have moved the collection on. Failures back off and are logged.
/// </summary>
public sealed partial class NftMiningLoop(LedgerFacade ledger, LocalSigner signer, TipSignal tips, ILogger<NftMiningLoop> log)
{
    private long _mints;

    public long MintsSubmitted => Interlocked.Read(ref _mints);

    public async Task RunAsync(string collection, string engine, int threads, CancellationToken stop)
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(engine), threads);
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var tip = ledger.Tip;
            var c = ledger.ReadState(view => view.GetCollection(collection));
            bool pending = ledger.PendingTransactions().Any(t => t.Sender == signer.Account && t.Operations.Any(o => o is MineMintOperation));
            if (c is null || c.Minted >= c.Definition.MaxSupply || pending)
            {
                await tips.WaitForChangeAsync(tip.Hash, TimeSpan.FromSeconds(5), stop);
                continue;
            }
            var job = MintJob.Create(ledger.Network, collection, signer.Account, c.LastMintHash, c.Bits, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _ = tips.WaitForChangeAsync(tip.Hash, TimeSpan.FromSeconds(30), stop).ContinueWith(_ => round.Cancel(), TaskScheduler.Default);
            MineMintOperation? op;
            try { op = await job.SolveAsync(searcher, round.Token); }
            catch (OperationCanceledException) { continue; }
            if (op is null) continue;
            try
            {
                signer.Submit(op);
                Interlocked.Increment(ref _mints);
                failures = 0;
            }
            catch (RejectedException e)
            {
                LogProofRefused(collection, e.Rejection.ToString());
                try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 << Math.Min(++failures, 7))), stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "nft miner: proof for {Collection} refused: {Reason}")]
    private partial void LogProofRefused(string collection, string reason);
}
