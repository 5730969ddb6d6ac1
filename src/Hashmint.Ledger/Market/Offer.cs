using System.Globalization;
using System.Text;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Market;

/// <summary>What an offer is for.</summary>
public enum OfferKind : byte
{
    /// <summary>One token.</summary>
    Token = 0,
    /// <summary>Any token of the collection, up to a quantity (each acceptance fills one).</summary>
    Collection = 1,
    /// <summary>Any token of the collection with a given trait, up to a quantity.</summary>
    Trait = 2,
}

/// <summary>
/// The tokens an offer buys. Encoding: u8 kind | string collection ≤ 32 | kind 0: token id u64; kind 2: string trait
/// ≤ 48 | string value ≤ 128. A trait is consensus data of the token: <c>rarity</c> (its tier name), <c>attr:KEY</c>
/// (an attribute), <c>loot:item</c> or <c>loot:STAT</c> (a game item's rolled item name or stat value, in decimal).
/// </summary>
public sealed record OfferTarget(OfferKind Kind, string Collection, ulong TokenId, string Trait, string Value)
{
    public const int MaxTraitBytes = 48, MaxValueBytes = 128;

    public static OfferTarget ForToken(string collection, ulong tokenId) => new(OfferKind.Token, collection, tokenId, "", "");
    public static OfferTarget ForCollection(string collection) => new(OfferKind.Collection, collection, 0, "", "");
    public static OfferTarget ForTrait(string collection, string trait, string value) => new(OfferKind.Trait, collection, 0, trait, value);

    public void Write(ByteWriter w)
    {
        w.U8((byte)Kind).String(Collection);
        if (Kind == OfferKind.Token) w.U64(TokenId);
        if (Kind == OfferKind.Trait) w.String(Trait).String(Value);
    }

    public static OfferTarget Read(ref SpanReader r)
    {
        var kind = (OfferKind)r.ReadU8();
        if (!Enum.IsDefined(kind)) throw new DecodeException($"unknown offer kind {(byte)kind}");
        var collection = r.ReadString(32, "collection id");
        return kind switch
        {
            OfferKind.Token => ForToken(collection, r.ReadU64()),
            OfferKind.Trait => ForTrait(collection, r.ReadString(MaxTraitBytes, "offer trait"), r.ReadString(MaxValueBytes, "offer trait value")),
            _ => ForCollection(collection),
        };
    }

    /// <summary>Shape rules; null when they hold (code bad-offer).</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Kind)) return $"unknown offer kind {(byte)Kind}";
        if (Kind != OfferKind.Token && TokenId != 0) return "only an offer for one token names a token id";
        if (Kind != OfferKind.Trait && (Trait.Length != 0 || Value.Length != 0)) return "only a trait offer names a trait";
        if (Kind == OfferKind.Trait)
        {
            if (Encoding.UTF8.GetByteCount(Trait) > MaxTraitBytes || Encoding.UTF8.GetByteCount(Value) > MaxValueBytes) return "trait or value too long";
            if (!IsTraitName(Trait)) return $"trait '{Trait}' is not rarity, attr:KEY, loot:item or loot:STAT";
            if (Value.Length == 0) return "a trait offer needs a value";
        }
        return null;
    }

    private static bool IsTraitName(string trait) =>
        trait == "rarity" || (trait.StartsWith("attr:", StringComparison.Ordinal) && trait.Length > 5) || (trait.StartsWith("loot:", StringComparison.Ordinal) && trait.Length > 5);

    /// <summary>The token's value of a trait (null when it has none): its consensus data, or what derives from its seed.</summary>
    public static string? TraitOf(CollectionDefinition definition, TokenState token, string trait)
    {
        if (trait == "rarity") return MintProof.TierName(token.Rarity);
        if (trait.StartsWith("attr:", StringComparison.Ordinal))
        {
            string key = trait[5..];
            foreach (var (k, v) in token.Attributes) if (k == key) return v;
            return null;
        }
        if (trait.StartsWith("loot:", StringComparison.Ordinal) && definition.Loot is { } loot)
        {
            var (item, stats) = loot.Roll(token.Seed.ToArray());
            string name = trait[5..];
            if (name == "item") return item.Name;
            foreach (var (stat, value) in stats) if (stat == name) return value.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    public override string ToString() => Kind switch
    {
        OfferKind.Token => $"{Collection} #{TokenId}",
        OfferKind.Collection => $"any token of '{Collection}'",
        _ => $"any token of '{Collection}' with {Trait} = {Value}",
    };
}

/// <summary>
/// An open offer: the buyer, what it buys, the price per token held in escrow for each of the <paramref name="Remaining"/>
/// tokens still wanted, its expiry (0 = none) and creation height. Encoding: buyer 32 | target | price u64 | remaining
/// u32 | expiry u32 | created height u32.
/// </summary>
public sealed record Offer(AccountId Buyer, OfferTarget Target, Amount Price, uint Remaining, uint Expiry, uint CreatedHeight)
{
    /// <summary>The coins the offer holds in escrow.</summary>
    public Amount Escrow => new(checked(Price.Units * Remaining));

    public byte[] Encode()
    {
        var w = new ByteWriter(96);
        w.Hash(Buyer.Key);
        Target.Write(w);
        return w.U64(Price.Units).U32(Remaining).U32(Expiry).U32(CreatedHeight).ToArray();
    }

    public static Offer Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var o = new Offer(new AccountId(r.ReadHash()), OfferTarget.Read(ref r), new Amount(r.ReadU64()), r.ReadU32(), r.ReadU32(), r.ReadU32());
        r.EnsureEnd();
        return o;
    }
}
