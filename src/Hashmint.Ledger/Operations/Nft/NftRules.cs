using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>Checks that several NFT operations share.</summary>
internal static class NftRules
{
    public static CollectionState RequireCollection(IStateReader state, string id) =>
        state.GetCollection(id) ?? throw new RejectedException(NftRejectCodes.UnknownCollection, $"no collection '{id}'");

    public static TokenState RequireToken(IStateReader state, string collection, ulong tokenId) =>
        state.GetToken(collection, tokenId) ?? throw new RejectedException(NftRejectCodes.UnknownToken, $"no token {collection}#{tokenId}");

    public static void CheckSupply(CollectionState c)
    {
        if (c.Minted >= c.Definition.MaxSupply)
            throw new RejectedException(NftRejectCodes.SoldOut, $"collection '{c.Id}' has minted its maximum supply of {c.Definition.MaxSupply}");
    }

    /// <summary>The owner, the token's approved spender, or an operator of the owner for the collection.</summary>
    public static bool MayMove(IStateReader state, string collection, TokenState token, AccountId sender) =>
        sender == token.Owner || (!token.Approved.IsNone && sender == token.Approved) || state.IsOperator(collection, token.Owner, sender);

    /// <summary>The owner or an operator (burning and approving are not for approved spenders).</summary>
    public static bool IsOwnerOrOperator(IStateReader state, string collection, TokenState token, AccountId sender) =>
        sender == token.Owner || state.IsOperator(collection, token.Owner, sender);

    public static string Kebab(Enum value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Token(string collection, ulong tokenId) => $"{collection} #{tokenId}";
}
