using System.Buffers.Binary;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Operations;

/// <summary>
/// Mints the collection's next token to <paramref name="To"/> (creator or open policy). Payload: string collection |
/// account to | content | attributes | provenance | u8 has parcel [u16 x | u16 y].
/// </summary>
public sealed record MintOperation(string Collection, AccountId To, TokenContent Content, IReadOnlyList<KeyValuePair<string, string>> Attributes,
    Provenance? Provenance, (ushort X, ushort Y)? Parcel) : Operation
{
    public const byte Code = 0x11;
    public override byte Type => Code;

    public override void WritePayload(ByteWriter w)
    {
        w.String(Collection).Hash(To.Key);
        Content.Write(w);
        TokenAttributes.Write(w, Attributes);
        Core.Nft.Provenance.Write(w, Provenance);
        w.Bool(Parcel is not null);
        if (Parcel is { } p) w.U16(p.X).U16(p.Y);
    }
}

/// <summary>
/// Creator policy: only the creator mints. Open: anyone, paying the price to the creator (a creator minting its own
/// open collection pays nothing). Never for proof-of-work or blocks collections. Land tokens take a parcel of the grid
/// that was never minted; other kinds take none. The seed binds chain, collection, token id and the minting txid.
/// </summary>
public sealed class MintHandler : OperationHandler<MintOperation>
{
    public override byte Type => MintOperation.Code;
    public override string Name => "mint";

    public override MintOperation Read(ref SpanReader r)
    {
        var collection = r.ReadString(32, "collection id");
        var to = new AccountId(r.ReadHash());
        var content = TokenContent.Read(ref r);
        var attributes = TokenAttributes.Read(ref r);
        var provenance = Provenance.Read(ref r);
        (ushort, ushort)? parcel = r.ReadBool() ? (r.ReadU16(), r.ReadU16()) : null;
        return new MintOperation(collection, to, content, attributes, provenance, parcel);
    }

    public override void Apply(MintOperation m, OperationContext context)
    {
        var state = context.State;
        var c = NftRules.RequireCollection(state, m.Collection);
        var def = c.Definition;
        switch (def.MintPolicy)
        {
            case MintPolicy.Creator when context.Sender != c.Creator:
                throw new RejectedException(NftRejectCodes.NotCreator, $"only the creator mints in '{c.Id}'");
            case MintPolicy.Open:
                PayPrice(state, context.Sender, c.Creator, def.MintPrice);
                break;
            case MintPolicy.ProofOfWork or MintPolicy.Blocks:
                throw new RejectedException(NftRejectCodes.WrongMintPolicy, $"'{c.Id}' is minted by {(def.MintPolicy == MintPolicy.Blocks ? "blocks" : "proof of work")}, not by a mint operation");
        }
        NftRules.CheckSupply(c);
        if (m.To.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a token needs an owner");
        ulong tokenId = c.Minted + 1;
        if (def.Kind == CollectionKind.Land)
        {
            if (m.Parcel is not { } p) throw new RejectedException(NftRejectCodes.BadParcel, "a land token must name its parcel");
            if (p.X >= def.Land!.Width || p.Y >= def.Land.Height)
                throw new RejectedException(NftRejectCodes.BadParcel, $"parcel ({p.X},{p.Y}) is outside the {def.Land.Width}×{def.Land.Height} grid");
            var parcelKey = NftKeys.Parcel(c.Id, p.X, p.Y);
            if (state.Get(parcelKey) is not null) throw new RejectedException(NftRejectCodes.ParcelTaken, $"parcel ({p.X},{p.Y}) was already minted");
            var tokenIdBytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tokenIdBytes, tokenId);
            state.Set(parcelKey, tokenIdBytes);
        }
        else if (m.Parcel is not null) throw new RejectedException(NftRejectCodes.BadParcel, "only land tokens have parcels");

        var seed = TokenSeed(context, c.Id, tokenId);
        var origin = def.MintPolicy == MintPolicy.Open ? TokenOrigin.OpenMint : TokenOrigin.CreatorMint;
        state.PutToken(c.Id, tokenId, null, new TokenState(m.To, AccountId.None, context.Height, origin, seed, 0, m.Parcel, m.Content, m.Attributes, m.Provenance));
        state.SetCollection(c with { Minted = tokenId });
    }

    /// <summary>Seed of a token minted by hand: TaggedHash("Hashmint/token-seed", chain id u32 | string id | token id u64 | txid).</summary>
    private static Hash256 TokenSeed(OperationContext context, string collection, ulong tokenId)
    {
        var w = new ByteWriter(80).U32(context.Network.ChainId).String(collection).U64(tokenId).Hash(context.TxId);
        return new Hash256(TaggedHash.Hash("Hashmint/token-seed", w.WrittenSpan));
    }

    private static void PayPrice(StateOverlay state, AccountId payer, AccountId creator, Amount price)
    {
        if (price.Units == 0 || payer == creator) return;
        var payerAccount = state.GetAccount(payer);
        if (payerAccount.Balance < price) throw new RejectedException(RejectCodes.InsufficientFunds, $"balance {payerAccount.Balance} cannot pay the mint price {price}");
        state.SetAccount(payer, payerAccount with { Balance = payerAccount.Balance - price });
        var to = state.GetAccount(creator);
        state.SetAccount(creator, to with { Balance = to.Balance + price });
    }

    public override Amount Outflow(MintOperation op, AccountId sender, IStateReader state) =>
        state.GetCollection(op.Collection) is { Definition.MintPolicy: MintPolicy.Open } c && c.Creator != sender ? c.Definition.MintPrice : Amount.Zero;

    /// <summary>Two pending mints of one land parcel exclude each other.</summary>
    public override IReadOnlyList<ConflictKey> ConflictKeys(MintOperation op) => op.Parcel is { } p ? [new($"parcel:{op.Collection}:{p.X},{p.Y}", NftRejectCodes.ParcelTaken, $"parcel ({p.X},{p.Y}) of '{op.Collection}'")] : [];

    public override IReadOnlyList<AccountId> Participants(MintOperation op) => [op.To];

    public override OperationDescription Describe(MintOperation op, DescribeContext context)
    {
        var fields = new Dictionary<string, string> { ["collection"] = op.Collection, ["to"] = context.Address(op.To) };
        if (op.Parcel is { } p) fields["parcel"] = $"{p.X},{p.Y}";
        fields["content"] = op.Content switch { OnChainContent o => $"on-chain {o.MimeType}, {o.Data.Length} bytes", ReferencedContent r => $"{r.MimeType} at {r.Uri}", _ => "none" };
        if (op.Provenance is { } prov) fields["aiGenerated"] = prov.IsAiGenerated ? "true" : "false";
        string where = op.Parcel is { } q ? $" at parcel ({q.X},{q.Y})" : "";
        return new(Name, $"mint a token of '{op.Collection}'{where} to {context.Address(op.To)}", fields);
    }
}
