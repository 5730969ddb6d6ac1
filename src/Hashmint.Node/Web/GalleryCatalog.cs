using System.Buffers.Binary;
using System.Collections.Concurrent;
using Hashmint.Art;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;

namespace Hashmint.Node.Web;

/// <summary>
/// A collection's tokens as the gallery filters and sorts them: id, owner, rarity, parcel and traits (the on-chain
/// attributes, the loot roll, and for tokens shown by their neural art the art's traits). Built from one state scan and
/// kept until the tip moves; a token's traits are computed once per seed (they derive from it alone, so they never change).
/// </summary>
public sealed class GalleryCatalog(LedgerFacade ledger)
{
    /// <summary>Collections larger than this are listed without trait filters (a scan per tip would cost too much).</summary>
    public const int MaxIndexed = 50_000;

    private readonly ConcurrentDictionary<string, Catalog> _catalogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Hash256, IReadOnlyList<KeyValuePair<string, string>>> _artTraits = new();

    public sealed record Entry(ulong TokenId, TokenState Token, string Tier, IReadOnlyList<KeyValuePair<string, string>> Traits)
    {
        public bool Has(string key, string value) => Traits.Any(t => t.Key == key && t.Value == value);
    }

    public sealed record Catalog(Hash256 Tip, CollectionState Collection, IReadOnlyList<Entry> Tokens, bool Complete,
        IReadOnlyList<(string Key, IReadOnlyList<(string Value, int Count)> Values)> Traits, IReadOnlyDictionary<string, int> Tiers)
    {
        public Entry? Find(ulong id)
        {
            int lo = 0, hi = Tokens.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                if (Tokens[mid].TokenId == id) return Tokens[mid];
                if (Tokens[mid].TokenId < id) lo = mid + 1; else hi = mid - 1;
            }
            return null;
        }
    }

    public static readonly string[] TierNames = ["common", "uncommon", "rare", "epic", "legendary", "mythic"];

    public Catalog? Get(string collection)
    {
        var tip = ledger.Tip.Hash;
        if (_catalogs.TryGetValue(collection, out var cached) && cached.Tip == tip) return cached;
        var c = ledger.ReadState(view => view.GetCollection(collection));
        if (c is null) return null;
        var prefix = NftKeys.TokensOf(collection);
        var entries = new List<Entry>();
        bool complete = true;
        foreach (var kv in ledger.ScanState(prefix))
        {
            if (entries.Count >= MaxIndexed) { complete = false; break; }
            ulong id = BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(prefix.Length));
            var token = TokenState.Decode(kv.Value);
            entries.Add(new Entry(id, token, MintProof.TierName(token.Rarity), TraitsOf(c, token)));
        }
        var traits = entries.SelectMany(e => e.Traits).GroupBy(t => t.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<(string, int)>)g.GroupBy(t => t.Value, StringComparer.Ordinal).Select(v => (v.Key, v.Count()))
                .OrderByDescending(v => v.Item2).ThenBy(v => v.Key, StringComparer.Ordinal).ToList()))
            .Where(t => t.Item2.Count > 1 || entries.Count == 1)
            .ToList();
        var tiers = entries.GroupBy(e => e.Tier).ToDictionary(g => g.Key, g => g.Count());
        var catalog = new Catalog(tip, c, entries, complete, traits, tiers);
        _catalogs[collection] = catalog;
        return catalog;
    }

    /// <summary>The token's traits, in a fixed order: its attributes, its loot roll, then (shown by its neural art) the art's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TraitsOf(CollectionState c, TokenState token)
    {
        var list = new List<KeyValuePair<string, string>>(token.Attributes);
        if (c.Definition.Loot is { } loot)
        {
            var (item, stats) = loot.Roll(token.Seed.ToArray());
            list.Add(new("item", item.Name));
            foreach (var (name, value) in stats) list.Add(new(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (token.Content is NoContent)
            list.AddRange(_artTraits.GetOrAdd(token.Seed, seed => CppnArt.Traits(seed.ToArray()).ToList()));
        return list;
    }

    public enum Sort { Newest, Oldest, Rarest }

    public static Sort ParseSort(string? s) => s switch { "oldest" => Sort.Oldest, "rarest" => Sort.Rarest, _ => Sort.Newest };

    /// <summary>
    /// The filtered tokens in the chosen order, after the cursor: a token id (newest, oldest) or "rarity-id" (rarest).
    /// New tokens never shift a page: they sort before the first page (newest) or after every cursor (oldest, rarest ties).
    /// </summary>
    public static (IReadOnlyList<Entry> Page, string? Next, int Total) Query(Catalog catalog, string? tier, IReadOnlyList<(string Key, string Value)> traits,
        Sort sort, string? after, int limit)
    {
        IEnumerable<Entry> q = catalog.Tokens;
        if (!string.IsNullOrEmpty(tier)) q = q.Where(e => e.Tier == tier);
        foreach (var (k, v) in traits) q = q.Where(e => e.Has(k, v));
        var filtered = q.ToList();
        IEnumerable<Entry> ordered = sort switch
        {
            Sort.Oldest => filtered,
            Sort.Rarest => filtered.OrderByDescending(e => e.Token.Rarity).ThenBy(e => e.TokenId),
            _ => Enumerable.Reverse(filtered),
        };
        if (after is not null)
        {
            if (sort == Sort.Rarest && after.Split('-') is [var r, var i] && int.TryParse(r, out int ar) && ulong.TryParse(i, out ulong ai))
                ordered = ordered.Where(e => e.Token.Rarity < ar || (e.Token.Rarity == ar && e.TokenId > ai));
            else if (ulong.TryParse(after, out ulong id))
                ordered = sort == Sort.Oldest ? ordered.Where(e => e.TokenId > id) : ordered.Where(e => e.TokenId < id);
        }
        var page = ordered.Take(limit + 1).ToList();
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            var last = page[^1];
            next = sort == Sort.Rarest ? $"{last.Token.Rarity}-{last.TokenId}" : last.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return (page, next, filtered.Count);
    }
}
