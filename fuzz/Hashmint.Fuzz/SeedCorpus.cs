using Hashmint.Ledger.Operations;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Tests.Nft;
using Hashmint.Core.Tests.Support;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Chain;
using Hashmint.Ledger.Market;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;
using Hashmint.Storage;
using Hashmint.Wallet;

namespace Hashmint.Fuzz;

/// <summary>
/// The seed corpus (fuzz/corpus/&lt;target&gt;/&lt;name&gt;): valid encodings of every kind, built from the test samples
/// (tests/Hashmint.Core.Tests Samples and NftSamples) and signed deterministically, plus a few invalid ones.
/// "valid-*" seeds must be accepted and "invalid-*" refused (the corpus tests check both), so a seed that stops
/// meaning what its name says is noticed. Regenerate with: dotnet run --project fuzz/Hashmint.Fuzz -- generate-corpus fuzz/corpus
/// </summary>
public static class SeedCorpus
{
    public sealed record Seed(string Target, string Name, byte[] Bytes);

    public static IReadOnlyList<Seed> Generate()
    {
        var seeds = new List<Seed>();
        void Add(string target, string name, byte[] bytes) => seeds.Add(new Seed(target, name, bytes));

        // Blocks and block transactions.
        var transfers = Enumerable.Range(0, 3).Select(i => Sign(i, (ulong)i, 1_000, 0, new TransferOperation(Samples.Account(10 + i), new Amount(1_000 + (ulong)i)))).ToArray();
        var nftTxs = new[]
        {
            Sign(1, 0, 3_000, 0, new CreateCollectionOperation(NftSamples.Art())),
            Sign(1, 1, 3_000, 0, NftSamples.Mint()),
            Sign(2, 0, 3_000, 0, NftSamples.MineMint()),
            Sign(3, 0, 3_000, 50, new TransferTokenOperation("art-one", 1, Samples.Account(4)), new BurnTokenOperation("art-one", 2),
                new ApproveOperation("art-one", 3, Samples.Account(5)), new SetOperatorOperation("art-one", Samples.Account(6), true)),
        };
        var coinbase = Samples.Coinbase();
        var header = Genesis.Create(ChainParams.Main).Header;
        Add("block", "valid-genesis-main", Genesis.Create(ChainParams.Main).Encode());
        Add("block", "valid-coinbase-only", MakeBlock(coinbase, []).Encode());
        Add("block", "valid-transfers", MakeBlock(coinbase, transfers).Encode());
        Add("block", "valid-nft-operations", MakeBlock(Samples.Coinbase(9, 1, ""), nftTxs).Encode());
        Add("block", "invalid-no-transactions", [.. header.ToBytes(), 0x00]);
        Add("block", "invalid-non-minimal-count", [.. header.ToBytes(), 0xfd, 0x01, 0x00, .. coinbase.Encoded]);
        Add("block", "invalid-two-coinbases", [.. header.ToBytes(), 0x02, .. coinbase.Encoded, .. coinbase.Encoded]);
        Add("block", "invalid-transaction-first", [.. header.ToBytes(), 0x01, .. transfers[0].Encoded]);

        Add("transaction", "valid-transfer", transfers[0].Encoded);
        Add("transaction", "valid-five-transfers", Sign(2, 300, 5_000, 77,
            Enumerable.Range(0, 5).Select(i => (Operation)new TransferOperation(Samples.Account(100 + i), new Amount((ulong)(i + 1) * 1000))).ToArray()).Encoded);
        Add("transaction", "valid-largest-amount", Sign(3, ulong.MaxValue, ulong.MaxValue, uint.MaxValue, new TransferOperation(Samples.Account(4), new Amount(ulong.MaxValue))).Encoded);
        foreach (var (name, op) in NftSamples.EveryOperation()) Add("transaction", $"valid-op-{name}", Sign(1, 4, 3_000, 0, op).Encoded);
        Add("transaction", "valid-every-operation-type", Sign(1, 5, 9_000, 0,
            [new TransferOperation(Samples.Account(2), new Amount(7)), .. NftSamples.EveryOperation().Values.DistinctBy(o => o.Type)]).Encoded);
        Add("transaction", "invalid-coinbase", coinbase.Encoded);
        Add("transaction", "invalid-version-2", Patch(transfers[0].Encoded, 1, 2));
        Add("transaction", "invalid-no-operations", [.. transfers[0].Encoded.AsSpan(0, 58), 0x00, .. transfers[0].Encoded.AsSpan(^64)]);
        Add("transaction", "invalid-unknown-operation", Patch(transfers[0].Encoded, 59, 0x02));

        Add("coinbase", "valid-two-payouts", coinbase.Encoded);
        Add("coinbase", "valid-no-payouts", new Coinbase(Samples.ChainId, 1, 0, [], AccountId.None, Hash256.Zero, []).Encoded);
        Add("coinbase", "valid-64-payouts", Samples.Coinbase(100, 64, new string('m', Coinbase.MaxMessageBytes)).Encoded);
        Add("coinbase", "valid-signed-transaction", transfers[1].Encoded);
        Add("coinbase", "invalid-long-message", new ByteWriter().U8(Coinbase.Kind).U32(Samples.ChainId).U32(1).U64(0).VarInt(0)
            .Hash(Hash256.Zero).Hash(Hash256.Zero).VarBytes(new byte[Coinbase.MaxMessageBytes + 1]).ToArray());
        Add("coinbase", "invalid-unknown-kind", Patch(coinbase.Encoded, 0, 0x03));

        // Headers: blocks and proof-of-work mints share the 80-byte layout.
        Add("header", "valid-genesis-main", header.ToBytes());
        Add("header", "valid-block", MakeBlock(coinbase, transfers).Header.ToBytes());
        Add("header", "valid-mint", NftSamples.MineMint().Header);
        Add("header", "valid-bitcoin-genesis", Convert.FromHexString(
            "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"));

        // Operation payloads (the bytes after the type byte).
        var ops = new List<(string Name, Operation Op)> { ("transfer-coins", new TransferOperation(Samples.Account(2), new Amount(5))) };
        ops.AddRange(NftSamples.EveryOperation().Select(kv => (kv.Key, kv.Value)));
        foreach (var (name, op) in ops) Add(OperationTarget(op.Type), $"valid-{name}", NftSamples.Bytes(op)[1..]);
        Add("op-mine-mint", "invalid-long-extranonce",
            NftSamples.Bytes(new MineMintOperation("pow-one", Samples.Account(6), NftSamples.MineMint().Header, new byte[MintProof.MaxExtranonceBytes + 1]))[1..]);
        Add("op-set-operator", "invalid-flag-2", Patch(NftSamples.Bytes(new SetOperatorOperation("art-one", Samples.Account(10), true))[1..], ^1, 2));

        // NFT parts.
        foreach (var d in NftSamples.AllDefinitions()) Add("collection-definition", $"valid-{d.Id}", d.Encode());
        Add("collection-definition", "valid-blocks-builtin", CollectionDefinition.BlocksCollection.Encode());
        var art = NftSamples.Art();
        Add("collection-definition", "invalid-unknown-kind", Patch(art.Encode(), 3 + art.Id.Length + art.Name.Length + art.Symbol.Length, 9));
        Add("token-content", "valid-none", [0]);
        Add("token-content", "valid-on-chain", Bytes(new OnChainContent("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray()).Write));
        Add("token-content", "valid-reference", Bytes(new ReferencedContent(Hash(1), "ipfs://bafy/1.png", "image/png").Write));
        Add("token-content", "invalid-empty-uri", Bytes(new ReferencedContent(Hash(1), "", "image/png").Write));
        Add("token-content", "invalid-mime-with-space", Bytes(new OnChainContent("text plain", [1]).Write));
        Add("token-attributes", "valid-none", [0]);
        Add("token-attributes", "valid-two", Bytes(w => TokenAttributes.Write(w, [new("colour", "blue"), new("eyes", "3")])));
        Add("token-attributes", "invalid-repeated-key", Bytes(w => TokenAttributes.Write(w, [new("eyes", "2"), new("eyes", "3")])));
        Add("token-attributes", "invalid-utf8", [1, 1, 0xff, 0]);
        var provenance = new Provenance("stable-diffusion", "sdxl-1.0", Hash(2), Hash(3));
        Add("provenance", "valid-absent", [0]);
        Add("provenance", "valid-present", Bytes(w => Provenance.Write(w, provenance)));
        Add("provenance", "invalid-flag-2", [2]);

        // State tree proofs, taken from a real tree.
        foreach (var (name, proof) in Proofs()) Add("smt-proof", name, proof.ToBytes());
        Add("smt-proof", "invalid-depth-257", [0, 0x01, 0x01]);
        Add("smt-proof", "invalid-terminal-2", [2, 0, 0]);

        // The ledger's stored records.
        Add("chain-entry", "valid-genesis", new ChainEntry(header, 0, CompactTarget.Work(header.Bits), null, Hash256.Zero, BlockStatus.Valid).Encode());
        Add("chain-entry", "valid-invalid-branch", new ChainEntry(MakeBlock(coinbase, transfers).Header, 7, BigInteger.Pow(2, 200) + 12345, null, Hash(4), BlockStatus.Invalid).Encode());
        Add("chain-entry", "invalid-non-minimal-work",
            new ByteWriter().Bytes(header.ToBytes()).U32(0).Hash(Hash256.Zero).U8((byte)BlockStatus.Stored).VarBytes([1, 0]).ToArray());
        Add("chain-entry", "invalid-status-0", new ByteWriter().Bytes(header.ToBytes()).U32(0).Hash(Hash256.Zero).U8(0).VarBytes([1]).ToArray());
        Add("undo-record", "valid-empty", new UndoRecord([]).Encode());
        Add("undo-record", "valid-three-keys", new UndoRecord([new([0x61, .. Samples.Account(1).ToArray()], new AccountState(new Amount(5), 1).Encode()),
            new([0x73], null), new([0x70, 0, 0, 0, 9], PayoutListCodec.Encode(coinbase.Payouts))]).Encode());
        Add("undo-record", "invalid-count-at-limit", new ByteWriter().VarInt(10_000_000).ToArray());
        Add("undo-record", "invalid-count-over-limit", new ByteWriter().VarInt(10_000_001).ToArray());
        Add("account-state", "valid-empty", AccountState.Empty.Encode());
        Add("account-state", "valid-balance", new AccountState(new Amount(123_456_789), 42).Encode());
        foreach (var (d, i) in NftSamples.AllDefinitions().Select((d, i) => (d, i)))
            Add("collection-state", $"valid-{d.Id}", new CollectionState(d, Samples.Account(1), (uint)i, 10, 2, Hash(5), 0x207fffff, 3, 99).Encode());
        Add("token-state", "valid-mined", new TokenState(Samples.Account(1), Samples.Account(2), 12, TokenOrigin.Mined, Hash(6), 3, (1, 2),
            new OnChainContent("image/png", [0x89, 0x50, 0x4e, 0x47]), [new("eyes", "3")], provenance).Encode());
        Add("token-state", "valid-block-nft", new TokenState(Samples.Account(1), AccountId.None, 5, TokenOrigin.Block, Hash(7), 0, null, TokenContent.None, [], null).Encode());
        Add("token-state", "invalid-origin-9", Patch(new TokenState(Samples.Account(1), AccountId.None, 5, TokenOrigin.Block, Hash(7), 0, null, TokenContent.None, [], null).Encode(), 68, 9));
        Add("payout-list", "valid-empty", PayoutListCodec.Encode([]));
        Add("payout-list", "valid-two", PayoutListCodec.Encode(coinbase.Payouts));
        Add("payout-list", "invalid-count-257", new ByteWriter().VarInt(Coinbase.MaxPayouts + 1).ToArray());

        // Keystore files, in the documented format (docs/WALLET.md), with the cheap test KDF.
        const string mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
        Add("keystore", "valid-test-kdf", KeystoreSeed.Build(FuzzTargets.KeystorePassphrase, mnemonic, "", 1));
        Add("keystore", "valid-bip39-passphrase", KeystoreSeed.Build(FuzzTargets.KeystorePassphrase, mnemonic, "TREZOR", 2));
        Add("keystore", "invalid-wrong-passphrase", KeystoreSeed.Build("another passphrase", mnemonic, "", 3));
        Add("keystore", "invalid-not-a-mnemonic", KeystoreSeed.Build(FuzzTargets.KeystorePassphrase, "abandon abandon abandon", "", 4));
        Add("keystore", "invalid-version-2", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(KeystoreSeed.Build(FuzzTargets.KeystorePassphrase, mnemonic, "", 5))
            .Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)));
        // Decrypted keystore payloads (the keystore-secret target seals each into a keystore file).
        Add("keystore-secret", "valid-12-words", KeystoreSeed.Plaintext(mnemonic, ""));
        Add("keystore-secret", "valid-24-words-and-passphrase", KeystoreSeed.Plaintext(
            "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title", "extra words"));
        Add("keystore-secret", "valid-upper-case-and-spaces", Encoding.UTF8.GetBytes("{\"bip39Passphrase\":\"\\u00e9t\u00e9\",\"mnemonic\":\"  ABANDON abandon\\tabandon abandon abandon abandon abandon abandon abandon abandon abandon about \"}"));
        Add("keystore-secret", "invalid-checksum", KeystoreSeed.Plaintext(mnemonic.Replace("about", "abandon", StringComparison.Ordinal), ""));
        Add("keystore-secret", "invalid-mnemonic-not-a-string", "{\"mnemonic\":12,\"bip39Passphrase\":\"\"}"u8.ToArray());
        Add("keystore-secret", "invalid-no-passphrase-field", Encoding.UTF8.GetBytes($"{{\"mnemonic\":\"{mnemonic}\"}}"));
        Add("keystore-secret", "invalid-not-json", "mnemonic"u8.ToArray());

        var address = Samples.Account(1).ToAddress(ChainParams.Regtest.AddressPrefix);
        Add("address", "valid-regtest", Encoding.Latin1.GetBytes(address));
        Add("address", "valid-upper-case", Encoding.Latin1.GetBytes(address.ToUpperInvariant()));
        Add("address", "invalid-devnet", Encoding.Latin1.GetBytes(Samples.Account(1).ToAddress(ChainParams.Dev.AddressPrefix)));
        Add("address", "invalid-mixed-case", Encoding.Latin1.GetBytes(char.ToUpperInvariant(address[0]) + address[1..]));

        MarketSeeds(Add);
        PeerSeeds(Add, coinbase, transfers, MakeBlock(coinbase, transfers));
        StratumSeeds(Add, address);

        // For every target, its first valid seed cut in half and with a byte appended.
        foreach (var first in seeds.Where(s => s.Name.StartsWith("valid-", StringComparison.Ordinal)).DistinctBy(s => s.Target).ToList())
        {
            Add(first.Target, "invalid-truncated", first.Bytes[..(first.Bytes.Length / 2)]);
            // A byte after the last frame of a stream is the start of the next one, not an error.
            if (first.Target != "peer-frame") Add(first.Target, "invalid-trailing-byte", [.. first.Bytes, 0]);
        }
        return seeds;
    }

    private static string OperationTarget(byte type) => type switch
    {
        TransferOperation.Code => "op-transfer",
        CreateCollectionOperation.Code => "op-create-collection",
        MintOperation.Code => "op-mint",
        MineMintOperation.Code => "op-mine-mint",
        TransferTokenOperation.Code => "op-transfer-token",
        BurnTokenOperation.Code => "op-burn-token",
        ApproveOperation.Code => "op-approve",
        SetOperatorOperation.Code => "op-set-operator",
        ListOperation.Code => "op-list",
        DelistOperation.Code => "op-delist",
        BuyOperation.Code => "op-buy",
        MakeOfferOperation.Code => "op-offer",
        AcceptOfferOperation.Code => "op-accept-offer",
        CancelOfferOperation.Code => "op-cancel-offer",
        StartAuctionOperation.Code => "op-auction",
        BidOperation.Code => "op-bid",
        CancelAuctionOperation.Code => "op-cancel-auction",
        PublishExhibitionOperation.Code => "op-publish-exhibition",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "an operation type without a fuzz target"),
    };

    /// <summary>Market operations (their payloads) and the market's state records.</summary>
    private static void MarketSeeds(Action<string, string, byte[]> add)
    {
        var ops = new (string Name, Operation Op)[]
        {
            ("list-fixed", new ListOperation("art-one", 7, ListingTerms.Fixed(new Amount(5_000), 0))),
            ("list-fixed-expiring", new ListOperation("art-one", 7, ListingTerms.Fixed(new Amount(5_000), 900))),
            ("list-dutch", new ListOperation("art-one", 8, ListingTerms.Dutch(new Amount(10_000), new Amount(2_000), 100, 200))),
            ("delist", new DelistOperation("art-one", 7)),
            ("buy", new BuyOperation("art-one", 7, new Amount(5_000))),
            ("offer-token", new MakeOfferOperation(OfferTarget.ForToken("art-one", 7), new Amount(2_000), 1, 0)),
            ("offer-collection", new MakeOfferOperation(OfferTarget.ForCollection("art-one"), new Amount(1_000), 5, 500)),
            ("offer-trait", new MakeOfferOperation(OfferTarget.ForTrait("art-one", "attr:colour", "gold"), new Amount(3_000), 3, 0)),
            ("accept-offer", new AcceptOfferOperation(12, 7)),
            ("cancel-offer", new CancelOfferOperation(12)),
            ("auction", new StartAuctionOperation("art-one", 7, new Amount(1_000), 5_000, 500, 5)),
            ("bid", new BidOperation("art-one", 7, new Amount(1_500))),
            ("cancel-auction", new CancelAuctionOperation("art-one", 7)),
        };
        foreach (var (name, op) in ops) add(OperationTarget(op.Type), $"valid-{name}", NftSamples.Bytes(op)[1..]);
        add("op-list", "invalid-kind-2", Patch(NftSamples.Bytes(ops[0].Op)[1..], 1 + "art-one".Length + 8, 2));
        add("op-offer", "invalid-kind-3", Patch(NftSamples.Bytes(ops[5].Op)[1..], 0, 3));

        var listing = new Listing(Samples.Account(1), 90, ListingTerms.Dutch(new Amount(10_000), new Amount(2_000), 100, 200));
        add("listing", "valid-dutch", listing.Encode());
        add("listing", "valid-fixed", new Listing(Samples.Account(1), 90, ListingTerms.Fixed(new Amount(5_000), 0)).Encode());
        add("listing", "invalid-kind-2", Patch(listing.Encode(), 36, 2));
        add("offer", "valid-trait", new Offer(Samples.Account(2), OfferTarget.ForTrait("art-one", "rarity", "rare"), new Amount(3_000), 2, 0, 80).Encode());
        add("offer", "valid-token", new Offer(Samples.Account(2), OfferTarget.ForToken("art-one", 7), new Amount(3_000), 1, 400, 80).Encode());
        add("auction", "valid-no-bid", new Auction(Samples.Account(1), new Amount(1_000), 5_000, 500, 5, AccountId.None, Amount.Zero, 70).Encode());
        add("auction", "valid-with-bid", new Auction(Samples.Account(1), new Amount(1_000), 5_000, 500, 5, Samples.Account(3), new Amount(1_500), 70).Encode());
        var exhibition = new PublishExhibitionOperation("summer-show", "Summer show", "Works of the season, in the order they were mined.",
            [new ExhibitedWork("art-one", 7), new ExhibitedWork("pow-one", 2)]);
        add("op-publish-exhibition", "valid-two-works", NftSamples.Bytes(exhibition)[1..]);
        add("op-publish-exhibition", "invalid-65-works", NftSamples.Bytes(exhibition with
            { Works = Enumerable.Range(1, 65).Select(i => new ExhibitedWork("art-one", (ulong)i)).ToList() })[1..]);
        add("exhibition", "valid-revised", new ExhibitionState("summer-show", Samples.Account(3), 50, 60, 2, exhibition.Title, exhibition.Text, exhibition.Works).Encode());
        add("sale-record", "valid-listing", new SaleRecord(120, Samples.Account(1), Samples.Account(2), new Amount(5_000), new Amount(125), SaleVia.Listing).Encode());
    }

    /// <summary>Peer-to-peer payloads and whole frames (regtest magic).</summary>
    private static void PeerSeeds(Action<string, string, byte[]> add, Coinbase coinbase, Transaction[] transfers, Block block)
    {
        var version = new Hashmint.Network.Wire.VersionMessage(1, ChainParams.Regtest.ChainId, Genesis.Create(ChainParams.Regtest).Hash, 3, 1_795_000_000, 39331,
            0x0123456789abcdef, "hashmint/0.1", 120, new BigInteger(123_456_789));
        add("peer-version", "valid-regtest", version.Encode());
        add("peer-version", "valid-no-work", (version with { BestWork = BigInteger.Zero, UserAgent = "" }).Encode());
        add("peer-getheaders", "valid-locator", new Hashmint.Network.Wire.GetHeadersMessage([Hash(20), Hash(21), Hash(22)], Hash256.Zero).Encode());
        add("peer-headers", "valid-two", Hashmint.Network.Wire.HeadersMessage.Encode([block.Header, Genesis.Create(ChainParams.Regtest).Header]));
        add("peer-headers", "valid-none", Hashmint.Network.Wire.HeadersMessage.Encode([]));
        add("peer-inv", "valid-block-and-tx", Hashmint.Network.Wire.InventoryMessage.Encode([
            new(Hashmint.Network.Wire.InventoryType.Block, block.Hash), new(Hashmint.Network.Wire.InventoryType.Transaction, transfers[0].Id)]));
        add("peer-inv", "invalid-type-3", [1, 3, .. Hash(23).ToArray()]);
        add("peer-addr", "valid-v4-and-v6", Hashmint.Network.Wire.AddrMessage.Encode([
            new(1_795_000_000, 1, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 39331)),
            new(1_795_000_001, 3, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("2001:db8::1"), 39332))]));
        var compact = Hashmint.Network.Wire.CompactBlockMessage.From(block, 42);
        add("peer-cmpctblock", "valid-short-ids", compact.Encode());
        add("peer-cmpctblock", "valid-prefilled", (compact with { ShortIds = compact.ShortIds.Skip(1).ToList(), Prefilled = [(0, transfers[0])] }).Encode());
        add("peer-getblocktxn", "valid-three", new Hashmint.Network.Wire.GetBlockTransactionsMessage(block.Hash, [0, 2, 5]).Encode());
        add("peer-blocktxn", "valid-two", new Hashmint.Network.Wire.BlockTransactionsMessage(block.Hash, transfers[..2]).Encode());

        var getState = new Hashmint.Network.Wire.GetStateMessage(block.Hash, 4, 9);
        add("peer-getstate", "valid-depth-4", getState.Encode());
        add("peer-getstate", "invalid-path-beyond-depth", new Hashmint.Network.Wire.GetStateMessage(block.Hash, 2, 9).Encode());
        add("peer-statechunk", "valid-two-pairs", new Hashmint.Network.Wire.StateChunkMessage(block.Hash, 2, 1, Hashmint.Network.Wire.StateChunkStatus.Ok,
            [Hash(30).ToArray(), Hash(31).ToArray()], null, [new(Hash(32).ToArray(), [1, 2, 3]), new(Hash(33).ToArray(), [4])]).Encode());
        add("peer-statechunk", "valid-refusal", Hashmint.Network.Wire.StateChunkMessage.Refusal(getState, Hashmint.Network.Wire.StateChunkStatus.TooLarge).Encode());

        uint magic = PeerTargets.Magic;
        add("peer-frame", "valid-version-verack-ping", [.. Hashmint.Network.Wire.Frame.Build(magic, "version", version.Encode()),
            .. Hashmint.Network.Wire.Frame.Build(magic, "verack", []), .. Hashmint.Network.Wire.Frame.Build(magic, "ping", Hashmint.Network.Wire.PingMessage.Encode(7))]);
        add("peer-frame", "valid-block", Hashmint.Network.Wire.Frame.Build(magic, "block", block.Encode()));
        add("peer-frame", "valid-cmpctblock", Hashmint.Network.Wire.Frame.Build(magic, "cmpctblock", compact.Encode()));
        add("peer-frame", "invalid-checksum", Patch(Hashmint.Network.Wire.Frame.Build(magic, "ping", Hashmint.Network.Wire.PingMessage.Encode(7)), 20, 0));
        add("peer-frame", "invalid-magic", Hashmint.Network.Wire.Frame.Build(ChainParams.Main.ChainId, "ping", Hashmint.Network.Wire.PingMessage.Encode(7)));
        add("peer-frame", "invalid-verack-payload", Hashmint.Network.Wire.Frame.Build(magic, "verack", [1]));
    }

    /// <summary>The lines pooler's cpuminer and BitAxe firmware send (docs/POOL.md).</summary>
    private static void StratumSeeds(Action<string, string, byte[]> add, string address)
    {
        void Line(string name, string json) => add("stratum-line", name, Encoding.UTF8.GetBytes(json));
        Line("valid-authorize", $"{{\"id\": 2, \"method\": \"mining.authorize\", \"params\": [\"{address}.rig1\", \"x\"]}}");
        Line("valid-authorize-nft", $"{{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"{address}\",\"nft=pow-one,d=16\"]}}");
        Line("valid-submit", $"{{\"id\": 4, \"method\": \"mining.submit\", \"params\": [\"{address}.rig1\", \"1a\", \"00000001\", \"6a8b2c00\", \"deadbeef\"]}}");
        Line("valid-submit-version-bits", $"{{\"id\":5,\"method\":\"mining.submit\",\"params\":[\"{address}\",\"1a\",\"0000abcd\",\"6A8B2C00\",\"00C0FFEE\",\"1fffe000\"]}}");
        Line("invalid-subscribe", "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}");
        Line("invalid-authorize-bad-address", "{\"id\": 2, \"method\": \"mining.authorize\", \"params\": [\"1BitcoinAddress.rig\", \"x\"]}");
        Line("invalid-submit-short-nonce", $"{{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"{address}\",\"1a\",\"00000001\",\"6a8b2c00\",\"beef\"]}}");
        Line("invalid-not-json", "mining.submit deadbeef");
    }

    /// <summary>Signed with a fixed auxiliary random value, so the seed bytes are the same on every run.</summary>
    private static Transaction Sign(int from, ulong nonce, ulong fee, uint expiry, params Operation[] ops)
    {
        var draft = new Transaction(Transaction.CurrentVersion, Samples.ChainId, Samples.Account(from), nonce, new Amount(fee), expiry, ops, new byte[Transaction.SignatureSize]);
        var signature = Schnorr.Sign(draft.SigningHash(), Samples.SecretKey(from), new byte[32]);
        return new Transaction(draft.Version, draft.ChainId, draft.Sender, nonce, draft.Fee, expiry, ops, signature);
    }

    private static Block MakeBlock(Coinbase coinbase, IReadOnlyList<Transaction> txs)
    {
        var ids = new List<Hash256> { coinbase.Id };
        ids.AddRange(txs.Select(t => t.Id));
        var header = new BlockHeader(1, Hash(8), MerkleTree.ComputeRoot(ids), 1_795_000_100, 0x207fffff, 42);
        return new Block(header, coinbase, txs);
    }

    private static IEnumerable<(string Name, SmtProof Proof)> Proofs()
    {
        using var store = new MemoryKeyValueStore();
        var tree = new SparseMerkleTree(store, 0);
        // Sixteen spread keys, and two that share their first 200 bits (a deep path).
        var keys = Enumerable.Range(0, 16).Select(i => SHA256.HashData([(byte)i])).ToList();
        var deep = new byte[32];
        deep[25] = 0x80;
        keys.Add(new byte[32]);
        keys.Add(deep);
        var batch = store.CreateBatch();
        var root = tree.Update(SparseMerkleTree.EmptyRoot, keys.Select(k => (k, (byte[]?)SHA256.HashData(k))).ToList(), batch);
        store.Write(batch);
        yield return ("valid-member", tree.GetProof(root, keys[3]));
        yield return ("valid-absent-key", tree.GetProof(root, SHA256.HashData("absent"u8)));
        yield return ("valid-deep-member", tree.GetProof(root, deep));
        yield return ("valid-empty-tree", tree.GetProof(SparseMerkleTree.EmptyRoot, keys[0]));
    }

    private static Hash256 Hash(int i) => new(SHA256.HashData(BitConverter.GetBytes(i)));

    private static byte[] Bytes(Action<ByteWriter> write)
    {
        var w = new ByteWriter();
        write(w);
        return w.ToArray();
    }

    private static byte[] Patch(byte[] bytes, Index at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }
}

/// <summary>
/// Builds keystore files from the format in docs/WALLET.md with fixed salt and nonce (Keystore.Save draws them at
/// random), so the seeds are reproducible, and so that the corpus tests also check the document against the code.
/// </summary>
public static class KeystoreSeed
{
    private static readonly KdfParameters Kdf = KdfParameters.Test;

    public static byte[] Build(string passphrase, string mnemonic, string bip39Passphrase, int variant) =>
        Seal(DeriveKey(passphrase, variant), variant, Plaintext(mnemonic, bip39Passphrase));

    /// <summary>What a keystore encrypts: compact JSON of the mnemonic and the BIP-39 passphrase.</summary>
    public static byte[] Plaintext(string mnemonic, string bip39Passphrase) =>
        Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["mnemonic"] = mnemonic,
            ["bip39Passphrase"] = bip39Passphrase,
        }));

    /// <summary>Argon2id of the passphrase with this variant's salt and the test KDF parameters.</summary>
    public static byte[] DeriveKey(string passphrase, int variant) =>
        NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm.Argon2id(new NSec.Cryptography.Argon2Parameters
        {
            MemorySize = Kdf.MemoryKiB,
            NumberOfPasses = Kdf.Iterations,
            DegreeOfParallelism = Kdf.Parallelism,
        }).DeriveBytes(passphrase, Salt(variant), 32);

    /// <summary>The keystore file holding <paramref name="plaintext"/> encrypted under a key from <see cref="DeriveKey"/>.</summary>
    public static byte[] Seal(byte[] key, int variant, ReadOnlySpan<byte> plaintext)
    {
        var salt = Salt(variant);
        var nonce = SHA256.HashData(Encoding.UTF8.GetBytes($"nonce {variant}"))[..12];
        var associatedData = Encoding.UTF8.GetBytes($"hashmint-keystore|1|argon2id|{Kdf.MemoryKiB}|{Kdf.Iterations}|{Kdf.Parallelism}|aes-256-gcm");
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        var checksum = SHA256.HashData([.. associatedData, .. salt, .. nonce, .. tag, .. ciphertext]);
        static string Hex(byte[] b) => Convert.ToHexStringLower(b);
        return Encoding.UTF8.GetBytes($$"""
            {
              "format": "hashmint-keystore",
              "version": 1,
              "kdf": {
                "name": "argon2id",
                "memoryKiB": {{Kdf.MemoryKiB}},
                "iterations": {{Kdf.Iterations}},
                "parallelism": {{Kdf.Parallelism}},
                "salt": "{{Hex(salt)}}"
              },
              "cipher": {
                "name": "aes-256-gcm",
                "nonce": "{{Hex(nonce)}}",
                "tag": "{{Hex(tag)}}"
              },
              "ciphertext": "{{Hex(ciphertext)}}",
              "checksum": "{{Hex(checksum)}}"
            }

            """);
    }

    private static byte[] Salt(int variant) => SHA256.HashData(Encoding.UTF8.GetBytes($"salt {variant}"))[..16];
}
