using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;
using Hashmint.Ledger.Tests.Support;

namespace Hashmint.Ledger.Tests.Nft.Support;

/// <summary>Collection definitions and mint operations for the ledger's NFT tests; accounts are <see cref="TestKeys"/> indexes.</summary>
internal static class NftDefinitions
{
    public static CollectionDefinition Art(string id = "art", ulong maxSupply = 100, TransferPolicy transfer = TransferPolicy.Free) =>
        new(id, "Art", "ART", CollectionKind.Art, maxSupply, 0, [], transfer, MintPolicy.Creator, Amount.Zero, null, null, null);

    public static CollectionDefinition Open(string id = "open", ulong price = 250_000, ulong maxSupply = 100) =>
        new(id, "Open", "OPEN", CollectionKind.Collectible, maxSupply, 0, [], TransferPolicy.Free, MintPolicy.Open, new Amount(price), null, null, null);

    public static CollectionDefinition Pow(string id = "mined", uint bits = 0x207fffff, uint spacing = 10, uint halfLife = 100, ulong maxSupply = 1_000) =>
        new(id, "Mined", "MINE", CollectionKind.Art, maxSupply, 0, [], TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero,
            new PowMintParams(bits, spacing, halfLife), null, null);

    public static CollectionDefinition Land(string id = "land", ushort width = 3, ushort height = 2, ulong? maxSupply = null) =>
        new(id, "Land", "LAND", CollectionKind.Land, maxSupply ?? (ulong)width * height, 0, [], TransferPolicy.Free, MintPolicy.Creator, Amount.Zero,
            null, null, new LandGrid(width, height));

    public static CollectionDefinition WithRoyalty(CollectionDefinition def, ushort royalty, params (int Key, ushort Bps)[] splits) =>
        def with { RoyaltyBasisPoints = royalty, RoyaltySplits = splits.Select(s => new RoyaltySplit(TestKeys.Id(s.Key), s.Bps)).ToList() };

    public static CreateCollectionOperation Create(CollectionDefinition def) => new(def);

    public static MintOperation Mint(string collection, int toKey, (ushort X, ushort Y)? parcel = null) =>
        new(collection, TestKeys.Id(toKey), TokenContent.None, [], null, parcel);

    public static MintOperation MintTo(string collection, AccountId to) => new(collection, to, TokenContent.None, [], null, null);
}
