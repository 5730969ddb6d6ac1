using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Nft;

/// <summary>Typed reads and writes of NFT records on any state view.</summary>
public static class NftStateAccess
{
    public static CollectionState? GetCollection(this IStateReader state, string id)
    {
        var b = state.Get(NftKeys.Collection(id));
        return b is null ? null : CollectionState.Decode(b);
    }

    public static TokenState? GetToken(this IStateReader state, string collection, ulong tokenId)
    {
        var b = state.Get(NftKeys.Token(collection, tokenId));
        return b is null ? null : TokenState.Decode(b);
    }

    public static bool IsOperator(this IStateReader state, string collection, AccountId owner, AccountId op) =>
        state.Get(NftKeys.Operator(collection, owner, op)) is not null;

    public static void SetCollection(this StateOverlay state, CollectionState c) => state.Set(NftKeys.Collection(c.Id), c.Encode());

    /// <summary>Writes a token and keeps the owner index in step with it.</summary>
    public static void PutToken(this StateOverlay state, string collection, ulong tokenId, TokenState? previous, TokenState? next)
    {
        if (previous is not null && (next is null || previous.Owner != next.Owner))
            state.Set(NftKeys.Holding(previous.Owner, collection, tokenId), null);
        if (next is not null && (previous is null || previous.Owner != next.Owner))
            state.Set(NftKeys.Holding(next.Owner, collection, tokenId), [1]);
        state.Set(NftKeys.Token(collection, tokenId), next?.Encode());
    }
}
