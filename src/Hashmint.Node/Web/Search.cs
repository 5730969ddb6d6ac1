using System.Globalization;
using System.Text.RegularExpressions;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;

namespace Hashmint.Node.Web;

/// <summary>Where the one search box takes an identifier: a height, block hash, txid, address, collection id, or "collection #token".</summary>
public static partial class Search
{
    public sealed record Result(string? Url, string Message);

    [GeneratedRegex(@"^([a-z][a-z0-9-]{2,31})\s*#\s*(\d{1,20})$")]
    private static partial Regex TokenPattern();

    public static Result Resolve(LedgerFacade ledger, string? query)
    {
        string q = (query ?? "").Trim();
        if (q.Length == 0) return new(null, "Type a block height, a block hash, a txid, an address, a collection id, or a token as \"collection #id\".");
        if (q.Length > 200) return new(null, "That is longer than any identifier.");
        string hrp = ledger.Network.AddressPrefix;

        if (TokenPattern().Match(q.ToLowerInvariant()) is { Success: true } m && ulong.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong tokenId))
        {
            string coll = m.Groups[1].Value;
            var found = ledger.ReadState(view => (view.GetCollection(coll) is not null, view.GetToken(coll, tokenId) is not null));
            if (found.Item2) return new($"/token/{coll}/{tokenId}", "");
            return new(null, found.Item1 ? $"The collection '{coll}' has no token #{tokenId}." : $"There is no collection '{coll}'.");
        }
        if (q.Length <= 10 && q.All(char.IsAsciiDigit))
        {
            if (!uint.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out uint height) || ledger.BlockAt(height) is null)
                return new(null, $"There is no block at height {q} yet: the chain is at {ledger.Tip.Height}.");
            return new($"/block/{height}", "");
        }
        if (q.Length == 64 && Hash256.TryParse(q, out var hash))
        {
            if (ledger.FindBlock(hash) is not null) return new($"/block/{hash}", "");
            if (ledger.FindTransaction(hash) is not null || ledger.GetPending(hash) is not null || ledger.DroppedReason(hash) is not null)
                return new($"/tx/{hash}", "");
            return new(null, $"No block or transaction has the id {q}.");
        }
        if (q.StartsWith(hrp + "1", StringComparison.OrdinalIgnoreCase))
        {
            if (AccountId.TryParse(q.ToLowerInvariant(), hrp, out _, out var error)) return new($"/address/{q.ToLowerInvariant()}", "");
            return new(null, $"That is not an address of this network: {error}.");
        }
        string slug = q.ToLowerInvariant();
        if (CollectionIds.IsValid(slug))
        {
            if (ledger.ReadState(view => view.GetCollection(slug)) is not null) return new($"/collection/{slug}", "");
            return new(null, $"There is no collection '{slug}'.");
        }
        return new(null, $"Nothing on this chain is called \"{q}\".");
    }
}
