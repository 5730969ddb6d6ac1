using Hashmint.Core.Encoding;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Nft;

public sealed record RoyaltySplit(AccountId Recipient, ushort BasisPoints);

/// <summary>Parameters of proof-of-work minting: starting bits, the wanted blocks between mints, and the ASERT half-life in blocks.</summary>
public sealed record PowMintParams(uint InitialBits, uint TargetSpacingBlocks, uint HalfLifeBlocks);

public sealed record LandGrid(ushort Width, ushort Height);

/// <summary>
/// Everything a creator fixes when launching a collection (the payload of the create-collection operation).
/// Encoding: string id | string name 1..64 | string symbol 1..16 | u8 kind | u64 max supply | u16 royalty bps |
/// varint splits ≤ 8 | (account 32 | u16 bps)* | u8 transfer policy | u8 mint policy | policy params
/// (open: u64 price; proof-of-work: u32 initial bits | u32 spacing blocks | u32 half-life blocks) | kind params
/// (game-item: loot table; land: u16 width | u16 height).
/// </summary>
public sealed record CollectionDefinition(
    string Id, string Name, string Symbol, CollectionKind Kind, ulong MaxSupply, ushort RoyaltyBasisPoints,
    IReadOnlyList<RoyaltySplit> RoyaltySplits, TransferPolicy TransferPolicy, MintPolicy MintPolicy,
    Amount MintPrice, PowMintParams? Pow, LootTable? Loot, LandGrid? Land)
{
    public const int MaxSplits = 8;

    /// <summary>The built-in collection every block mints into (created by consensus with the first block NFT).</summary>
    public static CollectionDefinition BlocksCollection { get; } = new(CollectionIds.Blocks, "Hashmint blocks", "BLOCK", CollectionKind.Art,
        ulong.MaxValue, 0, [], TransferPolicy.Free, MintPolicy.Blocks, Amount.Zero, null, null, null);
    public const ushort MaxRoyaltyBasisPoints = 5000;

    public void Write(ByteWriter w)
    {
        w.String(Id).String(Name).String(Symbol).U8((byte)Kind).U64(MaxSupply).U16(RoyaltyBasisPoints).VarInt((ulong)RoyaltySplits.Count);
        foreach (var s in RoyaltySplits) w.Hash(s.Recipient.Key).U16(s.BasisPoints);
        w.U8((byte)TransferPolicy).U8((byte)MintPolicy);
        if (MintPolicy == MintPolicy.Open) w.U64(MintPrice.Units);
        if (MintPolicy == MintPolicy.ProofOfWork) w.U32(Pow!.InitialBits).U32(Pow.TargetSpacingBlocks).U32(Pow.HalfLifeBlocks);
        if (Kind == CollectionKind.GameItem) Loot!.Write(w);
        if (Kind == CollectionKind.Land) w.U16(Land!.Width).U16(Land.Height);
    }

    public byte[] Encode()
    {
        var w = new ByteWriter(128);
        Write(w);
        return w.ToArray();
    }

    public static CollectionDefinition Read(ref SpanReader r)
    {
        var id = r.ReadString(32, "collection id");
        var name = r.ReadString(64, "collection name");
        var symbol = r.ReadString(16, "collection symbol");
        var kind = (CollectionKind)r.ReadU8();
        if (!Enum.IsDefined(kind)) throw new DecodeException($"unknown collection kind {(byte)kind}");
        ulong maxSupply = r.ReadU64();
        ushort royalty = r.ReadU16();
        int n = r.ReadLength(MaxSplits, "royalty splits");
        var splits = new RoyaltySplit[n];
        for (int i = 0; i < n; i++) splits[i] = new RoyaltySplit(new AccountId(r.ReadHash()), r.ReadU16());
        var transfer = (TransferPolicy)r.ReadU8();
        if (!Enum.IsDefined(transfer)) throw new DecodeException($"unknown transfer policy {(byte)transfer}");
        var mint = (MintPolicy)r.ReadU8();
        if (!Enum.IsDefined(mint)) throw new DecodeException($"unknown mint policy {(byte)mint}");
        var price = mint == MintPolicy.Open ? new Amount(r.ReadU64()) : Amount.Zero;
        var pow = mint == MintPolicy.ProofOfWork ? new PowMintParams(r.ReadU32(), r.ReadU32(), r.ReadU32()) : null;
        var loot = kind == CollectionKind.GameItem ? LootTable.Read(ref r) : null;
        var land = kind == CollectionKind.Land ? new LandGrid(r.ReadU16(), r.ReadU16()) : null;
        return new CollectionDefinition(id, name, symbol, kind, maxSupply, royalty, splits, transfer, mint, price, pow, loot, land);
    }

    /// <summary>The consensus rules a definition must meet; null when it does, else the reason.</summary>
    public string? Problem()
    {
        if (!CollectionIds.IsValid(Id)) return $"collection id '{Id}' must be 3..32 characters of a-z, 0-9 and '-', starting with a letter";
        if (Id == CollectionIds.Blocks) return $"'{CollectionIds.Blocks}' is the built-in collection of block NFTs";
        if (MintPolicy == MintPolicy.Blocks) return "the block mint policy belongs to the built-in blocks collection";
        // The encoding keeps each optional part only with its kind or policy; a definition built in memory must agree,
        // or the node that built it would apply other values than every node that decodes it.
        if ((MintPolicy == MintPolicy.ProofOfWork) != (Pow is not null)) return "proof-of-work parameters go with the proof-of-work mint policy, and only with it";
        if (MintPolicy != MintPolicy.Open && MintPrice.Units != 0) return "only an open collection has a mint price";
        if ((Kind == CollectionKind.GameItem) != (Loot is not null)) return "a loot table goes with the game-item kind, and only with it";
        if ((Kind == CollectionKind.Land) != (Land is not null)) return "a land grid goes with the land kind, and only with it";
        if (Name.Length == 0 || Symbol.Length == 0) return "a collection needs a name and a symbol";
        if (MaxSupply == 0) return "max supply must be at least 1";
        if (RoyaltyBasisPoints > MaxRoyaltyBasisPoints) return $"royalty {RoyaltyBasisPoints} bps exceeds the limit of {MaxRoyaltyBasisPoints}";
        int sum = RoyaltySplits.Sum(s => s.BasisPoints);
        if (sum != RoyaltyBasisPoints) return $"royalty splits sum to {sum} bps, the royalty is {RoyaltyBasisPoints} bps";
        if (RoyaltySplits.Any(s => s.BasisPoints == 0 || s.Recipient.IsNone)) return "every royalty split needs a recipient and a positive share";
        if (RoyaltySplits.Select(s => s.Recipient).Distinct().Count() != RoyaltySplits.Count) return "royalty split recipients must differ";
        if (Pow is not null)
        {
            if (Consensus.CompactTarget.ToTarget(Pow.InitialBits) is not { } t || t.IsZero) return $"initial bits {Pow.InitialBits:x8} do not encode a target";
            // One encoding per target, as for block bits, and never easier than the mint limit the retarget clamps to.
            uint canonical = Consensus.CompactTarget.FromTarget(t);
            if (canonical != Pow.InitialBits) return $"initial bits {Pow.InitialBits:x8} are not in canonical compact form (the same target is {canonical:x8})";
            if (t > MintProof.LimitTarget) return $"initial bits {Pow.InitialBits:x8} encode a target above the mint limit {MintProof.LimitBits:x8}";
            if (Pow.TargetSpacingBlocks is 0 or > 100_000) return "mint spacing must be 1..100000 blocks";
            if (Pow.HalfLifeBlocks is 0 or > 10_000_000) return "mint half-life must be 1..10000000 blocks";
        }
        if (Land is not null)
        {
            if (Land.Width == 0 || Land.Height == 0) return "a land grid needs a positive width and height";
            if (MaxSupply > (ulong)Land.Width * Land.Height) return $"max supply {MaxSupply} exceeds the {Land.Width}×{Land.Height} grid";
        }
        return null;
    }
}
