using Hashmint.Core.Blocks;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Operations;

namespace Hashmint.Core.Tests.Nft;

/// <summary>Valid NFT definitions and operations of every kind and policy, built from fixed values.</summary>
public static class NftSamples
{
    public static LootTable Loot() => new(
    [
        new LootItem("sword", 60, [new StatRange("attack", 10, 20), new StatRange("speed", 1, 6)]),
        new LootItem("shield", 30, [new StatRange("defence", 5, 5)]),
        new LootItem("crown", 10, []),
    ]);

    public static CollectionDefinition Art(string id = "art-one", ushort royalty = 500) => new(id, "Art one", "ART", CollectionKind.Art, 100, royalty,
        royalty == 0 ? [] : [new RoyaltySplit(Samples.Account(20), (ushort)(royalty - royalty / 5)), new RoyaltySplit(Samples.Account(21), (ushort)(royalty / 5))],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, null, null);

    public static CollectionDefinition Open(string id = "open-one", ulong price = 123_456) => new(id, "Open one", "OPEN", CollectionKind.Collectible, 10, 0, [],
        TransferPolicy.MarketOnly, MintPolicy.Open, new Amount(price), null, null, null);

    public static CollectionDefinition Pow(string id = "pow-one", uint bits = 0x207fffff) => new(id, "Mined one", "POW", CollectionKind.Art, 1_000_000, 250,
        [new RoyaltySplit(Samples.Account(22), 250)], TransferPolicy.Free, MintPolicy.ProofOfWork, Amount.Zero, new PowMintParams(bits, 10, 144), null, null);

    public static CollectionDefinition GameItems(string id = "loot-one") => new(id, "Loot one", "LOOT", CollectionKind.GameItem, 5000, 0, [],
        TransferPolicy.Free, MintPolicy.Creator, Amount.Zero, null, Loot(), null);

    public static CollectionDefinition Land(string id = "land-one", ushort width = 4, ushort height = 3) => new(id, "Land one", "LAND", CollectionKind.Land,
        (ulong)width * height, 100, [new RoyaltySplit(Samples.Account(23), 100)], TransferPolicy.Free, MintPolicy.Open, new Amount(1_000), null, null, new LandGrid(width, height));

    public static IReadOnlyList<CollectionDefinition> AllDefinitions() => [Art(), Open(), Pow(), GameItems(), Land()];

    public static MintOperation Mint(string collection = "art-one", TokenContent? content = null, (ushort, ushort)? parcel = null) =>
        new(collection, Samples.Account(5), content ?? new OnChainContent("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray()),
            [new("colour", "blue"), new("eyes", "3")],
            new Provenance("stable-diffusion", "sdxl-1.0", Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000aa"),
                Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000bb")),
            parcel);

    public static MineMintOperation MineMint(string collection = "pow-one", int extranonceBytes = 8)
    {
        var minter = Samples.Account(6);
        var extranonce = Enumerable.Range(0, extranonceBytes).Select(i => (byte)(i * 7 + 1)).ToArray();
        var commitment = MintProof.Commitment(MintProof.PreimagePrefix(Samples.ChainId, collection, minter), extranonce);
        var header = new BlockHeader(0x2000_0000, MintProof.GenesisMintHash(collection), commitment, 1_795_000_500, 0x207fffff, 12345);
        return new MineMintOperation(collection, minter, header.ToBytes(), extranonce);
    }

    /// <summary>One of every NFT operation, named for theory data.</summary>
    public static IReadOnlyDictionary<string, Operation> EveryOperation() => new Dictionary<string, Operation>
    {
        ["create-art"] = new CreateCollectionOperation(Art()),
        ["create-open"] = new CreateCollectionOperation(Open()),
        ["create-pow"] = new CreateCollectionOperation(Pow()),
        ["create-game-item"] = new CreateCollectionOperation(GameItems()),
        ["create-land"] = new CreateCollectionOperation(Land()),
        ["mint-on-chain"] = Mint(),
        ["mint-reference"] = Mint(content: new ReferencedContent(Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000cc"), "ipfs://bafy/1.png", "image/png")),
        ["mint-no-content"] = new MintOperation("art-one", Samples.Account(5), TokenContent.None, [], null, null),
        ["mint-land"] = Mint("land-one", parcel: (3, 2)),
        ["mine-mint"] = MineMint(),
        ["mine-mint-no-extranonce"] = MineMint(extranonceBytes: 0),
        ["transfer"] = new TransferTokenOperation("art-one", 7, Samples.Account(8)),
        ["burn"] = new BurnTokenOperation("art-one", ulong.MaxValue),
        ["approve"] = new ApproveOperation("art-one", 1, Samples.Account(9)),
        ["approve-clear"] = new ApproveOperation("art-one", 1, AccountId.None),
        ["set-operator"] = new SetOperatorOperation("art-one", Samples.Account(10), true),
        ["revoke-operator"] = new SetOperatorOperation("art-one", Samples.Account(10), false),
    };

    public static Transaction Signed(params Operation[] ops) =>
        Transaction.CreateSigned(Samples.ChainId, Samples.SecretKey(1), 4, new Amount(3_000), 0, ops);

    /// <summary>The operation's own bytes (type and payload), which is what equality means for records holding lists.</summary>
    public static byte[] Bytes(Operation op)
    {
        var w = new ByteWriter();
        op.Write(w);
        return w.ToArray();
    }

    /// <summary>Signs the operation into a transaction and decodes that transaction's bytes.</summary>
    public static Transaction RoundTrip(params Operation[] ops) => Codec.DecodeTransaction(Signed(ops).Encoded);
}
