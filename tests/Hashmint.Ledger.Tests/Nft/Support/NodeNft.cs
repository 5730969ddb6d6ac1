using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Nft.Support;

/// <summary>NFT reads and writes on a <see cref="TestNode"/>: its tip's collections and tokens, and transactions queued in its mempool.</summary>
internal static class NodeNft
{
    public static CollectionState Collection(this TestNode node, string id) =>
        node.Chain.TipState.GetCollection(id) ?? throw new InvalidOperationException($"no collection {id} at the tip");

    public static TokenState? Token(this TestNode node, string collection, ulong tokenId) => node.Chain.TipState.GetToken(collection, tokenId);

    /// <summary>Signs with the sender's next nonce (counting what is pending) and admits the transaction to the mempool.</summary>
    public static Transaction Queue(this TestNode node, int key, params Operation[] ops)
    {
        var tx = NftTx.Sign(key, node.Mempool.NextNonce(TestKeys.Id(key)), ops);
        node.AddToMempool(tx);
        return tx;
    }

    /// <summary>A valid proof for the collection's next mint at the tip, won by <paramref name="minterKey"/>.</summary>
    public static MineMintOperation Proof(this TestNode node, string collection, int minterKey, byte[]? extranonce = null) =>
        MintProofMiner.Mine(node.Collection(collection), TestKeys.Id(minterKey), node.Tip.Header.Time, extranonce: extranonce);
}
