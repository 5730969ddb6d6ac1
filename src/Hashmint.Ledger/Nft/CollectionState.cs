using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Ledger.Nft;

/// <summary>
/// A collection as the chain keeps it: its definition, creator, counters and (proof-of-work collections) the mint
/// chain: last mint hash, current bits, number of mints, height of the last mint.
/// Encoding: definition | creator 32 | created height u32 | minted u64 | burned u64 | last mint hash 32 | bits u32 |
/// pow mints u64 | last mint height u32.
/// </summary>
public sealed record CollectionState(CollectionDefinition Definition, AccountId Creator, uint CreatedHeight, ulong Minted, ulong Burned,
    Hash256 LastMintHash, uint Bits, ulong PowMints, uint LastMintHeight)
{
    public string Id => Definition.Id;
    public ulong Supply => Minted - Burned;

    public byte[] Encode()
    {
        var w = new ByteWriter(160);
        Definition.Write(w);
        return w.Hash(Creator.Key).U32(CreatedHeight).U64(Minted).U64(Burned).Hash(LastMintHash).U32(Bits).U64(PowMints).U32(LastMintHeight).ToArray();
    }

    public static CollectionState Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var def = CollectionDefinition.Read(ref r);
        var s = new CollectionState(def, new AccountId(r.ReadHash()), r.ReadU32(), r.ReadU64(), r.ReadU64(), r.ReadHash(), r.ReadU32(), r.ReadU64(), r.ReadU32());
        r.EnsureEnd();
        return s;
    }
}
