using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Nft;

/// <summary>
/// One token. Encoding: owner 32 | approved 32 (zero = none) | minted height u32 | u8 origin | seed 32 | u8 rarity |
/// u8 has parcel [u16 x | u16 y] | content | attributes | provenance.
/// </summary>
public sealed record TokenState(AccountId Owner, AccountId Approved, uint MintedHeight, TokenOrigin Origin, Hash256 Seed, byte Rarity,
    (ushort X, ushort Y)? Parcel, TokenContent Content, IReadOnlyList<KeyValuePair<string, string>> Attributes, Provenance? Provenance)
{
    public byte[] Encode()
    {
        var w = new ByteWriter(128);
        w.Hash(Owner.Key).Hash(Approved.Key).U32(MintedHeight).U8((byte)Origin).Hash(Seed).U8(Rarity).Bool(Parcel is not null);
        if (Parcel is { } p) w.U16(p.X).U16(p.Y);
        Content.Write(w);
        TokenAttributes.Write(w, Attributes);
        Core.Nft.Provenance.Write(w, Provenance);
        return w.ToArray();
    }

    public static TokenState Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var owner = new AccountId(r.ReadHash());
        var approved = new AccountId(r.ReadHash());
        uint height = r.ReadU32();
        var origin = (TokenOrigin)r.ReadU8();
        if (!Enum.IsDefined(origin)) throw new DecodeException($"unknown token origin {(byte)origin}");
        var seed = r.ReadHash();
        byte rarity = r.ReadU8();
        (ushort, ushort)? parcel = r.ReadBool() ? (r.ReadU16(), r.ReadU16()) : null;
        var content = TokenContent.Read(ref r);
        var attributes = TokenAttributes.Read(ref r);
        var provenance = Core.Nft.Provenance.Read(ref r);
        r.EnsureEnd();
        return new TokenState(owner, approved, height, origin, seed, rarity, parcel, content, attributes, provenance);
    }
}
