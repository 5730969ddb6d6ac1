using Hashmint.Core.Nft;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Mining;

namespace Hashmint.Node.Hosting;

/// <summary>
/// Mines a proof-of-work collection inside the node: finds the next mint proof, submits it signed by the node's
/// key, waits for it to be mined, and goes again. A new block abandons the current search, since another
/// miner's mint may have moved the collection on.
/// </summary>
public sealed class NftMiningLoop(NodeService node, LocalSigner signer, string collection, string engine, int threads) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _mints;

    public long MintsSubmitted => Interlocked.Read(ref _mints);

    public void Start() => _loop = Task.Factory.StartNew(() => RunAsync(_stop.Token), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stop)
    {
        var searcher = new ParallelNonceSearcher(NonceSearchEngines.Create(engine), threads);
        while (!stop.IsCancellationRequested)
        {
            var tip = node.Chain.Tip;
            var c = node.Chain.TipState.GetCollection(collection);
            if (c is null || c.Minted >= c.Definition.MaxSupply || node.Mempool.All().Any(t => t.Sender == signer.Account && t.Operations.Any(o => o is Core.Transactions.MineMintOperation)))
            {
                await WaitForNextBlock(tip.Hash, stop, TimeSpan.FromSeconds(5));
                continue;
            }
            var job = MintJob.Create(node.Options.Network, collection, signer.Account, c.LastMintHash, c.Bits, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _ = WaitForNextBlock(tip.Hash, stop, TimeSpan.FromSeconds(30)).ContinueWith(_ => round.Cancel(), TaskScheduler.Default);
            var op = await job.SolveAsync(searcher, round.Token);
            if (op is null) continue;
            try
            {
                signer.Submit(op);
                Interlocked.Increment(ref _mints);
            }
            catch (RejectedException e) { Console.Error.WriteLine($"nft miner: proof for {collection} refused: {e.Rejection}"); }
        }
    }

    private async Task WaitForNextBlock(Core.Primitives.Hash256 tip, CancellationToken stop, TimeSpan max)
    {
        var deadline = DateTime.UtcNow + max;
        try
        {
            while (node.Chain.Tip.Hash == tip && DateTime.UtcNow < deadline) await Task.Delay(100, stop);
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        try { _loop?.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { /* cancelled */ }
        _stop.Dispose();
    }
}
