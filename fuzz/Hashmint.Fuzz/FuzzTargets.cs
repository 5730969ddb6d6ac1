using Hashmint.Ledger.Operations;
using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
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
/// Runs one input through a decoder. Returns true when the decoder accepted it (and the value re-encodes to exactly
/// the input), false when it refused it with its documented exception; anything else escapes: a bug.
/// </summary>
public delegate bool FuzzCheck(ReadOnlySpan<byte> input);

/// <param name="Name">the name fuzz/run and the corpus directories use</param>
/// <param name="Decoder">what is decoded, for people</param>
/// <param name="Rejects">the only way the decoder may refuse an input</param>
public sealed record FuzzTarget(string Name, string Decoder, string Rejects, FuzzCheck Check);

/// <summary>
/// Every decoder under fuzz, by name. This is the one file that calls decoders, so when decoding moves (operations
/// behind a registry, say) only this file changes. Building the table runs no Hashmint code: in libFuzzer mode the
/// instrumented assemblies must not run before SharpFuzz has mapped the coverage memory.
/// </summary>
public static class FuzzTargets
{
    internal delegate T Decoder<T>(ReadOnlySpan<byte> input);

    /// <summary>The keystore passphrase of the seed keystores (fuzz/corpus/keystore).</summary>
    public const string KeystorePassphrase = "fuzz";

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        Codec("block", "OperationRegistry.DecodeBlock", b => OperationRegistry.Default.DecodeBlock(b), b => b.Encode(), b => _ = b.ComputeMerkleRoot()),
        Codec("transaction", "OperationRegistry.DecodeTransaction", b => OperationRegistry.Default.DecodeTransaction(b), t => t.Encoded, t => _ = t.VerifySignature()),
        Codec("coinbase", "TransactionCodec.Read (a block's transaction: coinbase or signed)", BlockTransaction, t => t.Encoded),
        Codec("header", "BlockHeader.Decode (block and mint headers), then the target, work and rarity arithmetic", b => BlockHeader.Decode(b), h => h.ToBytes(), HeaderArithmetic),
        OperationPayload("op-transfer", TransferOperation.Code, "Transfer"),
        OperationPayload("op-create-collection", CreateCollectionOperation.Code, "CreateCollection"),
        OperationPayload("op-mint", MintOperation.Code, "Mint"),
        OperationPayload("op-mine-mint", MineMintOperation.Code, "MineMint"),
        OperationPayload("op-transfer-token", TransferTokenOperation.Code, "TransferToken"),
        OperationPayload("op-burn-token", BurnTokenOperation.Code, "BurnToken"),
        OperationPayload("op-approve", ApproveOperation.Code, "Approve"),
        OperationPayload("op-set-operator", SetOperatorOperation.Code, "SetOperator"),
        OperationPayload("op-list", ListOperation.Code, "List"),
        OperationPayload("op-delist", DelistOperation.Code, "Delist"),
        OperationPayload("op-buy", BuyOperation.Code, "Buy"),
        OperationPayload("op-offer", MakeOfferOperation.Code, "MakeOffer"),
        OperationPayload("op-accept-offer", AcceptOfferOperation.Code, "AcceptOffer"),
        OperationPayload("op-cancel-offer", CancelOfferOperation.Code, "CancelOffer"),
        OperationPayload("op-auction", StartAuctionOperation.Code, "StartAuction"),
        OperationPayload("op-bid", BidOperation.Code, "Bid"),
        OperationPayload("op-cancel-auction", CancelAuctionOperation.Code, "CancelAuction"),
        OperationPayload("op-publish-exhibition", PublishExhibitionOperation.Code, "PublishExhibition"),
        Codec("collection-definition", "CollectionDefinition.Read, then Problem() and the loot roll", Whole(CollectionDefinition.Read), d => d.Encode(), DefinitionRules),
        Codec("token-content", "TokenContent.Read", Whole(TokenContent.Read), c => Encode(c.Write)),
        Codec("token-attributes", "TokenAttributes.Read", Whole(TokenAttributes.Read), a => Encode(w => TokenAttributes.Write(w, a))),
        Codec("provenance", "Provenance.Read", Whole(Provenance.Read), p => Encode(w => Provenance.Write(w, p)), p => _ = p?.IsAiGenerated),
        Codec<SmtProof, SmtProofFormatException>("smt-proof", "SmtProof.FromBytes, then SparseMerkleTree.VerifyProof", b => SmtProof.FromBytes(b), p => p.ToBytes(), VerifyProof),
        Codec("chain-entry", "ChainEntry.Decode (Headers column)", b => ChainEntry.Decode(b),
            e => new ChainEntry(e.Header, e.Height, e.Work, null, e.StateRoot, e.Status).Encode()),
        Codec("undo-record", "UndoRecord.Decode (Undo column)", b => UndoRecord.Decode(b), u => u.Encode()),
        Codec("account-state", "AccountState.Decode ('a' state values)", b => AccountState.Decode(b), a => a.Encode()),
        Codec("collection-state", "CollectionState.Decode ('c' state values)", b => CollectionState.Decode(b), c => c.Encode()),
        Codec("token-state", "TokenState.Decode ('t' state values)", b => TokenState.Decode(b), t => t.Encode()),
        Codec("payout-list", "PayoutListCodec.Decode ('p' state values)", b => PayoutListCodec.Decode(b), PayoutListCodec.Encode),
        Codec("listing", "Listing.Decode ('m' 'L' state values), then the terms' rules and prices", b => Listing.Decode(b), l => l.Encode(), ListingRules),
        Codec("offer", "Offer.Decode ('m' 'O' state values), then the target's rules", b => Offer.Decode(b), o => o.Encode(), o => _ = o.Target.Problem()),
        Codec("auction", "Auction.Decode ('m' 'A' state values), then the minimum next bid", b => Auction.Decode(b), a => a.Encode(), a => _ = a.MinimumBid),
        Codec("sale-record", "SaleRecord.Decode (a token's sales)", b => SaleRecord.Decode(b), r => r.Encode()),
        Codec("exhibition", "ExhibitionState.Decode ('x' state values)", b => ExhibitionState.Decode("fuzz", b), e => e.Encode()),
        .. PeerTargets.All,
        .. StratumTargets.All,
        new("keystore", "Keystore.Load (the keystore file, decrypted with the passphrase \"fuzz\")",
            $"{nameof(KeystoreFormatException)}, {nameof(WrongPassphraseException)}", LoadKeystore),
        new("keystore-secret", "Keystore.Load of a keystore whose decrypted payload is the input (what only the passphrase's holder can write)",
            $"{nameof(KeystoreFormatException)}", LoadKeystoreSecret),
        new("address", "Address.TryDecode (bech32m, the regtest prefix; input bytes as Latin-1 text)", "false (no exception)", DecodeAddress),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    internal static FuzzTarget Codec<T>(string name, string decoder, Decoder<T> decode, Func<T, byte[]> encode, Action<T>? alsoCheck = null) =>
        Codec<T, DecodeException>(name, decoder, decode, encode, alsoCheck);

    /// <summary>A decoder with one rejection type whose accepted values must re-encode to the input bytes.</summary>
    internal static FuzzTarget Codec<T, TRejection>(string name, string decoder, Decoder<T> decode, Func<T, byte[]> encode, Action<T>? alsoCheck = null)
        where TRejection : Exception =>
        new(name, decoder, typeof(TRejection).Name, input =>
        {
            T value;
            try { value = decode(input); }
            catch (TRejection) { return false; }
            FuzzProperty.RoundTrips(input, encode(value));
            alsoCheck?.Invoke(value);
            return true;
        });

    private delegate T SpanRead<out T>(ref SpanReader r);

    /// <summary>A reader of one part of a larger encoding, made to consume exactly the input.</summary>
    private static Decoder<T> Whole<T>(SpanRead<T> read) => input =>
    {
        var r = new SpanReader(input);
        var value = read(ref r);
        r.EnsureEnd();
        return value;
    };

    private static byte[] Encode(Action<ByteWriter> write)
    {
        var w = new ByteWriter();
        write(w);
        return w.ToArray();
    }

    private static IBlockTransaction BlockTransaction(ReadOnlySpan<byte> input)
    {
        var r = new SpanReader(input);
        var tx = TransactionCodec.Read(ref r, input, OperationRegistry.Default);
        r.EnsureEnd();
        return tx;
    }

    /// <summary>The input is an operation's payload; the decoder sees it behind the operation's type byte.</summary>
    private static FuzzTarget OperationPayload(string name, byte type, string typeName) =>
        Codec(name, $"OperationRegistry.ReadOperation, type 0x{type:x2} ({typeName})", payload =>
        {
            var bytes = new byte[payload.Length + 1];
            bytes[0] = (byte)type;
            payload.CopyTo(bytes.AsSpan(1));
            var r = new SpanReader(bytes);
            var op = OperationRegistry.Default.ReadOperation(ref r);
            r.EnsureEnd();
            FuzzProperty.Holds(op.Type == type, $"type {type} decoded as {op.Type}");
            return op;
        }, op => Encode(op.Write)[1..]);

    private static void HeaderArithmetic(BlockHeader h)
    {
        if (CompactTarget.ToTarget(h.Bits) is not { } target) return;
        _ = CompactTarget.Work(h.Bits);
        _ = CompactTarget.Difficulty(h.Bits);
        _ = CompactTarget.MeetsTarget(h.Hash, target);
        _ = MintProof.Rarity(h.Hash, target);
        _ = MintProof.LeadingZeroBits(target);
        FuzzProperty.Holds(CompactTarget.ToTargetBytes(target).Length == 32, "target bytes");
    }

    private static void DefinitionRules(CollectionDefinition d)
    {
        _ = d.Problem();
        _ = d.Loot?.Roll(new byte[32]);
    }

    private static void ListingRules(Listing l)
    {
        if (l.Terms.Problem() is not null) return;
        foreach (uint h in (uint[])[0, l.Terms.StartHeight, l.Terms.StartHeight + 1, l.Terms.EndHeight, uint.MaxValue])
        {
            var price = l.Terms.PriceAt(h);
            FuzzProperty.Holds(price >= l.Terms.FloorPrice && price <= l.Terms.Price, $"price {price} at {h} outside [{l.Terms.FloorPrice}, {l.Terms.Price}]");
        }
    }

    private static void VerifyProof(SmtProof proof)
    {
        var key = proof.Leaf?.Key ?? new byte[32];
        _ = SparseMerkleTree.VerifyProof(SparseMerkleTree.EmptyRoot, key, proof.Leaf?.ValueHash ?? [], proof);
        _ = SparseMerkleTree.VerifyProof(new byte[32], new byte[32], [], proof);
    }

    /// <summary>Keystore.Load reads a path, so each call writes the input to a file of its own thread and removes it.</summary>
    private static bool LoadKeystore(ReadOnlySpan<byte> input)
    {
        var dir = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var path = Path.Combine(dir, $"hashmint-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.keystore");
        File.WriteAllBytes(path, input);
        try
        {
            _ = Keystore.Load(path, KeystorePassphrase);
            return true;
        }
        catch (Exception e) when (e is KeystoreFormatException or WrongPassphraseException)
        {
            return false;
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Derived on first use: building the table must not run Hashmint code (see the class summary).
    private static readonly Lazy<byte[]> SecretKey = new(() => KeystoreSeed.DeriveKey(KeystorePassphrase, 0));

    /// <summary>The input sealed into a keystore the passphrase opens, so Load gets past the checksum and GCM to the payload.</summary>
    private static bool LoadKeystoreSecret(ReadOnlySpan<byte> plaintext) => LoadKeystore(KeystoreSeed.Seal(SecretKey.Value, 0, plaintext));

    private static bool DecodeAddress(ReadOnlySpan<byte> input)
    {
        var text = System.Text.Encoding.Latin1.GetString(input);
        var hrp = ChainParams.Regtest.AddressPrefix;
        if (!Address.TryDecode(text, hrp, out var key, out var error))
        {
            FuzzProperty.Holds(error.Length > 0, "a refused address needs a reason");
            return false;
        }
        // Bech32m accepts one case throughout; the encoder writes lower case.
        FuzzProperty.RoundTrips(System.Text.Encoding.Latin1.GetBytes(text.ToLowerInvariant()), System.Text.Encoding.Latin1.GetBytes(Address.Encode(hrp, key)));
        return true;
    }
}
