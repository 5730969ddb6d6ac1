using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>Launches a collection; the sender becomes its creator. Payload: the collection definition.</summary>
public sealed record CreateCollectionOperation(CollectionDefinition Definition) : Operation
{
    public const byte Code = 0x10;
    public override byte Type => Code;
    public override void WritePayload(ByteWriter w) => Definition.Write(w);
}

/// <summary>
/// A valid definition (CollectionDefinition.Problem) under an unused id. The collection starts with no mints, its
/// mint chain at TaggedHash("Hashmint/collection", id) and, for proof of work, at its initial bits.
/// </summary>
public sealed class CreateCollectionHandler : OperationHandler<CreateCollectionOperation>
{
    public override byte Type => CreateCollectionOperation.Code;
    public override string Name => "create-collection";

    public override CreateCollectionOperation Read(ref SpanReader r) => new(CollectionDefinition.Read(ref r));

    public override void CheckStateless(CreateCollectionOperation op, Transaction tx, ChainParams network)
    {
        if (op.Definition.Problem() is { } problem) throw new RejectedException(NftRejectCodes.BadCollection, problem);
    }

    public override void Apply(CreateCollectionOperation op, OperationContext context)
    {
        var def = op.Definition;
        if (context.State.GetCollection(def.Id) is not null) throw new RejectedException(NftRejectCodes.CollectionExists, $"collection '{def.Id}' already exists");
        context.State.SetCollection(new CollectionState(def, context.Sender, context.Height, 0, 0, MintProof.GenesisMintHash(def.Id),
            def.Pow?.InitialBits ?? 0, 0, context.Height));
    }

    public override IReadOnlyList<ConflictKey> ConflictKeys(CreateCollectionOperation op) => [new($"collection:{op.Definition.Id}", NftRejectCodes.CollectionExists, $"the creation of collection '{op.Definition.Id}'")];

    public override OperationDescription Describe(CreateCollectionOperation op, DescribeContext context)
    {
        var d = op.Definition;
        var fields = new Dictionary<string, string>
        {
            ["collection"] = d.Id, ["name"] = d.Name, ["symbol"] = d.Symbol, ["kind"] = NftRules.Kebab(d.Kind),
            ["maxSupply"] = d.MaxSupply.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["mintPolicy"] = NftRules.Kebab(d.MintPolicy), ["transferPolicy"] = NftRules.Kebab(d.TransferPolicy),
            ["royaltyBasisPoints"] = d.RoyaltyBasisPoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (d.MintPolicy == MintPolicy.Open) fields["mintPrice"] = d.MintPrice.ToString();
        if (d.Pow is { } pow) fields["initialBits"] = pow.InitialBits.ToString("x8");
        return new(Name, $"launch the {NftRules.Kebab(d.Kind)} collection '{d.Id}' ({d.Name}), minted by {NftRules.Kebab(d.MintPolicy)}", fields);
    }
}
