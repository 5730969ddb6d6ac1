using Hashmint.Core.Blocks;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.State;

namespace Hashmint.Node.Web;

/// <summary>Reads the pages share: blocks by height (decoded blocks cached), transactions in words, token images, balances.</summary>
public sealed class WebData(LedgerFacade ledger)
{
    private readonly object _sync = new();
    private readonly Dictionary<Hash256, Block> _blocks = [];
    private readonly Queue<Hash256> _order = new();
    private const int CachedBlocks = 512;

    public LedgerFacade Ledger => ledger;
    public string Hrp => ledger.Network.AddressPrefix;
    public DescribeContext Describe => new(Hrp);

    public string Address(AccountId a) => a.IsNone ? "nobody" : a.ToAddress(Hrp);

    /// <summary>A block by hash, decoded once and kept (blocks never change).</summary>
    public Block? Block(Hash256 hash)
    {
        lock (_sync) if (_blocks.TryGetValue(hash, out var b)) return b;
        var block = ledger.GetBlock(hash);
        if (block is null) return null;
        lock (_sync)
        {
            if (_blocks.TryAdd(hash, block))
            {
                _order.Enqueue(hash);
                while (_order.Count > CachedBlocks) _blocks.Remove(_order.Dequeue());
            }
        }
        return block;
    }

    public (ChainPoint Point, Block Block)? MainBlock(uint height) =>
        ledger.BlockAt(height) is { } p && Block(p.Hash) is { } b ? (p, b) : null;

    public IReadOnlyList<OperationDescription> Operations(Transaction tx) => tx.Operations.Select(op => ledger.Operations.Describe(op, Describe)).ToList();

    public string Summary(Transaction tx) => string.Join("; ", Operations(tx).Select(d => d.Summary));

    public string CoinbaseSummary(Coinbase cb)
    {
        var paid = cb.Payouts.Aggregate(Amount.Zero, (a, p) => a + p.Amount);
        string who = cb.Payouts.Count == 1 ? Address(cb.Payouts[0].To) : $"{cb.Payouts.Count} accounts";
        return $"block reward: pay {paid} HMT to {who}";
    }

    /// <summary>The picture of a token: its on-chain image when it has one (shown through &lt;img&gt;, so no script of it runs), else its neural art.</summary>
    public static string ImageUrl(string collection, ulong tokenId, TokenState token, int size) =>
        token.Content is OnChainContent { MimeType: var mime } && mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? $"/api/v1/collections/{collection}/tokens/{tokenId}/content"
            : $"/art/{collection}/{tokenId}.png?size={size}&seed={ArtImages.SeedTag(token.Seed)}";

    public static string Alt(string collection, ulong tokenId, TokenState token, string? name = null) =>
        $"{name ?? collection} #{tokenId}, {MintProof.TierName(token.Rarity)}" +
        (token.Content is OnChainContent or ReferencedContent ? ", the creator's image" : ", neural art drawn from its seed");

    public sealed record Balance(Amount Spendable, Amount Immature, ulong Nonce, ulong NextNonce, uint Height);

    public Balance BalanceOf(AccountId account)
    {
        var p = ledger.Network;
        var (state, immature, height) = ledger.ReadState(view =>
        {
            var overlay = new StateOverlay(view);
            var immature = Amount.Zero;
            uint from = view.Tip.Height >= (uint)p.CoinbaseMaturity ? view.Tip.Height - (uint)p.CoinbaseMaturity + 1 : 0;
            for (uint h = from; h <= view.Tip.Height; h++)
                foreach (var payout in overlay.GetPendingPayouts(h))
                    if (payout.To == account) immature += payout.Amount;
            return (view.GetAccount(account), immature, view.Tip.Height);
        });
        return new Balance(state.Balance, immature, state.Nonce, ledger.NextNonce(account), height);
    }
}
