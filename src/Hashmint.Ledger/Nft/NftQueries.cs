using Hashmint.Core.Primitives;
using Hashmint.Storage;

namespace Hashmint.Ledger.Nft;

/// <summary>Listings over the tip's NFT records, by key prefix on the state column (collections, a collection's tokens, an account's holdings).</summary>
public sealed class NftQueries(IKeyValueStore store)
{
    public IReadOnlyList<CollectionState> Collections(int offset, int limit) =>
        store.Iterate(LedgerColumns.State, [NftKeys.CollectionPrefix]).Skip(offset).Take(limit).Select(kv => CollectionState.Decode(kv.Value)).ToList();

    public IReadOnlyList<(ulong TokenId, TokenState Token)> Tokens(string collection, int offset, int limit)
    {
        int idLength = NftKeys.TokensOf(collection).Length;
        return store.Iterate(LedgerColumns.State, NftKeys.TokensOf(collection)).Skip(offset).Take(limit)
            .Select(kv => (System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(idLength)), TokenState.Decode(kv.Value)))
            .ToList();
    }

    public IReadOnlyList<(string Collection, ulong TokenId)> Holdings(AccountId owner, int offset, int limit) =>
        store.Iterate(LedgerColumns.State, NftKeys.HoldingsOf(owner)).Skip(offset).Take(limit).Select(kv => NftKeys.ParseHolding(kv.Key)).ToList();
}
