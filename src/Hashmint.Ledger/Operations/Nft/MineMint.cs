using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Mints by proof of work: the 80-byte mint header and the extranonce that completes the commitment preimage
/// (which fixes chain, collection and minter). The token goes to <paramref name="Minter"/>, whoever sends the
/// transaction. Payload: string collection | minter 32 | header 80 | varbytes extranonce ≤ 32.
/// </summary>
public sealed record MineMintOperation(string Collection, AccountId Minter, byte[] Header, byte[] Extranonce) : Operation
{
    public const byte Code = 0x12;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => w.String(Collection).Hash(Minter.Key).Bytes(Header).VarBytes(Extranonce);

    /// <summary>The mint it builds on (the header's previous-hash field), when the header has its full size.</summary>
    public Hash256? PreviousMint => Header.Length == MintProof.HeaderSize ? new Hash256(Header.AsSpan(4, 32)) : null;
}

/// <summary>
/// The header must build on the collection's last mint, carry its current bits, commit to this chain, collection and
/// minter, be at most 7200 s past the block's time, and hash under the target. The winning hash is the token's seed
/// and its rarity; the collection then retargets (<see cref="MintRetarget"/>).
/// </summary>
public sealed class MineMintHandler : OperationHandler<MineMintOperation>
{
    /// <summary>Mint headers may carry a time at most this far past the block's.</summary>
    public const uint MaxMintTimeDrift = 7200;

    public override byte Type => MineMintOperation.Code;
    public override string Name => "mine-mint";

    public override MineMintOperation Read(ref SpanReader r) =>
        new(r.ReadString(32, "collection id"), new AccountId(r.ReadHash()), r.ReadBytes(MintProof.HeaderSize).ToArray(),
            r.ReadVarBytes(MintProof.MaxExtranonceBytes, "mint extranonce").ToArray());

    public override void CheckStateless(MineMintOperation m, Transaction tx, ChainParams network)
    {
        // Decoded operations always carry 80 bytes; one built in memory might not, and must be refused, not crash.
        if (m.Header.Length != MintProof.HeaderSize)
            throw new RejectedException(RejectCodes.Malformed, $"a mint header is {MintProof.HeaderSize} bytes, not {m.Header.Length}");
        if (m.Extranonce.Length > MintProof.MaxExtranonceBytes)
            throw new RejectedException(RejectCodes.Malformed, $"a mint extranonce is at most {MintProof.MaxExtranonceBytes} bytes");
    }

    public override void Apply(MineMintOperation m, OperationContext context)
    {
        var state = context.State;
        var c = NftRules.RequireCollection(state, m.Collection);
        if (c.Definition.MintPolicy != MintPolicy.ProofOfWork)
            throw new RejectedException(NftRejectCodes.WrongMintPolicy, $"'{c.Id}' is not minted by proof of work");
        NftRules.CheckSupply(c);
        if (m.Minter.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a mint proof must name its minter");
        var header = BlockHeader.Decode(m.Header);
        if (header.PreviousHash != c.LastMintHash)
            throw new RejectedException(NftRejectCodes.StaleMint, $"the proof builds on mint {header.PreviousHash}, but '{c.Id}' has moved on to {c.LastMintHash}");
        if (header.Bits != c.Bits)
            throw new RejectedException(NftRejectCodes.BadMintBits, $"the proof carries bits {header.Bits:x8}, '{c.Id}' requires {c.Bits:x8}");
        var commitment = MintProof.Commitment(MintProof.PreimagePrefix(context.Network.ChainId, c.Id, m.Minter), m.Extranonce);
        if (header.MerkleRoot != commitment)
            throw new RejectedException(NftRejectCodes.BadMintCommitment, "the proof does not commit to this chain, collection and minter");
        if (header.Time > (ulong)context.BlockTime + MaxMintTimeDrift)
            throw new RejectedException(NftRejectCodes.MintTimeTooNew, $"mint time {header.Time} is more than {MaxMintTimeDrift} s past the block's time {context.BlockTime}");
        var target = CompactTarget.ToTarget(c.Bits)!.Value;
        var hash = header.Hash;
        if (!CompactTarget.MeetsTarget(hash, target))
            throw new RejectedException(NftRejectCodes.BadMintProof, $"mint hash {hash} is above the collection's target");

        ulong tokenId = c.Minted + 1;
        int rarity = MintProof.Rarity(hash, target);
        state.PutToken(c.Id, tokenId, null, new TokenState(m.Minter, AccountId.None, context.Height, TokenOrigin.Mined, hash, (byte)Math.Min(rarity, 255),
            null, TokenContent.None, [], null));
        ulong mints = c.PowMints + 1;
        state.SetCollection(c with
        {
            Minted = tokenId, LastMintHash = hash, PowMints = mints, LastMintHeight = context.Height,
            Bits = MintRetarget.NextMintBits(c.Definition.Pow!, c.CreatedHeight, context.Height, mints),
        });
    }

    /// <summary>Two pending proofs for one slot (collection and the mint it builds on) exclude each other.</summary>
    public override IReadOnlyList<ConflictKey> ConflictKeys(MineMintOperation op) =>
        op.PreviousMint is { } previous ? [new(SlotKey(op.Collection, previous), NftRejectCodes.StaleMint, $"the mint of '{op.Collection}' after {previous.ToHexInternal()[..16]}…")] : [];

    public static string SlotKey(string collection, Hash256 previousMint) => $"mint-slot:{collection}:{previousMint.ToHexInternal()}";

    public override IReadOnlyList<AccountId> Participants(MineMintOperation op) => [op.Minter];

    public override OperationDescription Describe(MineMintOperation op, DescribeContext context)
    {
        var fields = new Dictionary<string, string> { ["collection"] = op.Collection, ["minter"] = context.Address(op.Minter) };
        if (op.Header.Length == MintProof.HeaderSize)
        {
            var header = BlockHeader.Decode(op.Header);
            fields["mintHash"] = header.Hash.ToString();
            fields["previousMint"] = header.PreviousHash.ToHexInternal();
            fields["bits"] = header.Bits.ToString("x8");
        }
        return new(Name, $"mine a token of '{op.Collection}' for {context.Address(op.Minter)}", fields);
    }
}
