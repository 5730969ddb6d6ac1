using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;

namespace Hashmint.Core.Transactions;

/// <summary>Launches a collection; the sender becomes its creator.</summary>
public sealed record CreateCollectionOperation(CollectionDefinition Definition) : Operation
{
    public override OperationType Type => OperationType.CreateCollection;
    internal override void WritePayload(ByteWriter w) => Definition.Write(w);
    internal static CreateCollectionOperation ReadPayload(ref SpanReader r) => new(CollectionDefinition.Read(ref r));
}

/// <summary>
/// Mints the collection's next token to <paramref name="To"/> (creator or open policy). Payload: string collection |
/// account to | content | attributes | provenance | u8 has parcel [u16 x | u16 y].
/// </summary>
public sealed record MintOperation(string Collection, AccountId To, TokenContent Content, IReadOnlyList<KeyValuePair<string, string>> Attributes,
    Provenance? Provenance, (ushort X, ushort Y)? Parcel) : Operation
{
    public override OperationType Type => OperationType.Mint;

    internal override void WritePayload(ByteWriter w)
    {
        w.String(Collection).Hash(To.Key);
        Content.Write(w);
        TokenAttributes.Write(w, Attributes);
        Nft.Provenance.Write(w, Provenance);
        w.Bool(Parcel is not null);
        if (Parcel is { } p) w.U16(p.X).U16(p.Y);
    }

    internal static MintOperation ReadPayload(ref SpanReader r)
    {
        var collection = r.ReadString(32, "collection id");
        var to = new AccountId(r.ReadHash());
        var content = TokenContent.Read(ref r);
        var attributes = TokenAttributes.Read(ref r);
        var provenance = Nft.Provenance.Read(ref r);
        (ushort, ushort)? parcel = r.ReadBool() ? (r.ReadU16(), r.ReadU16()) : null;
        return new MintOperation(collection, to, content, attributes, provenance, parcel);
    }
}

/// <summary>
/// Mints by proof of work: the 80-byte mint header and the extranonce that completes the commitment preimage
/// (which fixes chain, collection and minter). The token goes to <paramref name="Minter"/>, whoever sends the
/// transaction. Payload: string collection | minter 32 | header 80 | varbytes extranonce ≤ 32.
/// </summary>
public sealed record MineMintOperation(string Collection, AccountId Minter, byte[] Header, byte[] Extranonce) : Operation
{
    public override OperationType Type => OperationType.MineMint;
    internal override void WritePayload(ByteWriter w) => w.String(Collection).Hash(Minter.Key).Bytes(Header).VarBytes(Extranonce);

    internal static MineMintOperation ReadPayload(ref SpanReader r) =>
        new(r.ReadString(32, "collection id"), new AccountId(r.ReadHash()), r.ReadBytes(MintProof.HeaderSize).ToArray(),
            r.ReadVarBytes(MintProof.MaxExtranonceBytes, "mint extranonce").ToArray());
}

/// <summary>Moves a token; the sender must be its owner, its approved spender, or an operator of the owner.</summary>
public sealed record TransferTokenOperation(string Collection, ulong TokenId, AccountId To) : Operation
{
    public override OperationType Type => OperationType.TransferToken;
    internal override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).Hash(To.Key);
    internal static TransferTokenOperation ReadPayload(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new AccountId(r.ReadHash()));
}

/// <summary>Destroys a token (owner or operator). A burnt land parcel stays taken.</summary>
public sealed record BurnTokenOperation(string Collection, ulong TokenId) : Operation
{
    public override OperationType Type => OperationType.BurnToken;
    internal override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId);
    internal static BurnTokenOperation ReadPayload(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64());
}

/// <summary>Lets one spender move a token (zero account clears); the approval ends when the token moves.</summary>
public sealed record ApproveOperation(string Collection, ulong TokenId, AccountId Spender) : Operation
{
    public override OperationType Type => OperationType.Approve;
    internal override void WritePayload(ByteWriter w) => w.String(Collection).U64(TokenId).Hash(Spender.Key);
    internal static ApproveOperation ReadPayload(ref SpanReader r) => new(r.ReadString(32, "collection id"), r.ReadU64(), new AccountId(r.ReadHash()));
}

/// <summary>Lets an operator move all of the sender's tokens in one collection, or revokes that.</summary>
public sealed record SetOperatorOperation(string Collection, AccountId Operator, bool Approved) : Operation
{
    public override OperationType Type => OperationType.SetOperator;
    internal override void WritePayload(ByteWriter w) => w.String(Collection).Hash(Operator.Key).Bool(Approved);
    internal static SetOperatorOperation ReadPayload(ref SpanReader r) => new(r.ReadString(32, "collection id"), new AccountId(r.ReadHash()), r.ReadBool());
}
