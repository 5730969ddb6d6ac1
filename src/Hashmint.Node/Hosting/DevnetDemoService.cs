using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Microsoft.Extensions.Options;

namespace Hashmint.Node.Hosting;

/// <summary>
/// The devnet's showcase: as soon as the dev wallet has matured coins, it launches a proof-of-work art collection and
/// mines it beside the blocks, so a new user sees mined art (and a block NFT per block) right away.
/// </summary>
public sealed partial class DevnetDemoService(LedgerFacade ledger, LocalSigner signer, NftMiningLoop miner, TipSignal tips,
    IOptions<NodeOptions> options, ILogger<DevnetDemoService> log) : BackgroundService
{
    public const string CollectionId = "devnet-art";

    public static CollectionDefinition Definition(AccountId creator) => new(
        CollectionId, "Devnet Art", "DART", CollectionKind.Art, 10_000, 500, [new RoyaltySplit(creator, 500)],
        TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero,
        new PowMintParams(InitialBits: 0x1e020000, TargetSpacingBlocks: 3, HalfLifeBlocks: 30), null, null);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && ledger.ReadState(view => view.GetCollection(CollectionId)) is null)
            {
                var tip = ledger.Tip.Hash;
                bool pending = ledger.PendingTransactions().Any(t => t.Operations.Any(o => o is CreateCollectionOperation c && c.Definition.Id == CollectionId));
                if (!pending && signer.Balance().Units >= 10_000)
                {
                    try { signer.Submit(new CreateCollectionOperation(Definition(signer.Account))); }
                    catch (RejectedException e) { LogCreateFailed(CollectionId, e.Rejection.ToString()); }
                }
                await tips.WaitForChangeAsync(tip, TimeSpan.FromSeconds(5), stop);
            }
            if (stop.IsCancellationRequested) return;
            LogMining(CollectionId, $"{options.Value.ApiUrl()}/api/v1/collections/{CollectionId}/tokens");
            await miner.RunAsync(CollectionId, options.Value.MiningEngine, threads: 1, stop);
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "devnet: could not create {Collection}: {Reason}")]
    private partial void LogCreateFailed(string collection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "devnet: mining NFTs of '{Collection}' → {Url}")]
    private partial void LogMining(string collection, string url);
}
