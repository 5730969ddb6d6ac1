using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The devnet's showcase: as soon as the dev wallet has matured coins, it launches a proof-of-work art collection
/// and starts mining it beside the blocks, so a new user sees mined art (and a block NFT per block) right away.
/// </summary>
public sealed class DevnetDemo(NodeService node, LocalSigner signer, string engine) : IDisposable
{
    public const string CollectionId = "devnet-art";
    private readonly CancellationTokenSource _stop = new();
    private NftMiningLoop? _miner;
    private Task? _setup;

    public static CollectionDefinition Definition(AccountId creator) => new(
        CollectionId, "Devnet Art", "DART", CollectionKind.Art, 10_000, 500, [new RoyaltySplit(creator, 500)],
        TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero,
        new PowMintParams(InitialBits: 0x1e020000, TargetSpacingBlocks: 3, HalfLifeBlocks: 30), null, null);

    public void Start() => _setup = Task.Run(() => SetUpAsync(_stop.Token));

    private async Task SetUpAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && node.Chain.TipState.GetCollection(CollectionId) is null)
            {
                bool pending = node.Mempool.All().Any(t => t.Operations.Any(o => o is CreateCollectionOperation c && c.Definition.Id == CollectionId));
                if (!pending && signer.Balance().Units >= 10_000)
                {
                    try { signer.Submit(new CreateCollectionOperation(Definition(signer.Account))); }
                    catch (RejectedException e) { Console.Error.WriteLine($"devnet: could not create {CollectionId}: {e.Rejection}"); }
                }
                await Task.Delay(500, stop);
            }
            if (stop.IsCancellationRequested) return;
            Console.Error.WriteLine($"devnet: mining NFTs of '{CollectionId}' → {node.Options.ApiUrl()}/api/v1/collections/{CollectionId}/tokens");
            _miner = new NftMiningLoop(node, signer, CollectionId, engine, threads: 1);
            _miner.Start();
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    public long MintsSubmitted => _miner?.MintsSubmitted ?? 0;

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        try { _setup?.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { /* cancelled */ }
        _miner?.Dispose();
        _stop.Dispose();
    }
}
