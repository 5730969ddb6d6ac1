using System.Globalization;
using Hashmint.Core.Consensus;
using Hashmint.Core.Encoding;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Operations;

/// <summary>One work an exhibition hangs: a token, by collection and id.</summary>
public readonly record struct ExhibitedWork(string Collection, ulong TokenId)
{
    public override string ToString() => NftRules.Token(Collection, TokenId);
}

/// <summary>
/// Publishes an exhibition, or revises one the sender curates: a title, a text and an ordered list of tokens (anyone's).
/// Payload: string id ≤ 32 (a slug) | string title 1..80 | string text ≤ 2000 | varint n (1..64) | (string collection ≤ 32 | token id u64)*.
/// </summary>
public sealed record PublishExhibitionOperation(string Id, string Title, string Text, IReadOnlyList<ExhibitedWork> Works) : Operation
{
    public const byte Code = 0x30;
    public const int MaxTitleBytes = 80, MaxTextBytes = 2000, MaxWorks = 64;
    public override byte Type => Code;

    public override void WritePayload(ByteWriter w)
    {
        w.String(Id).String(Title).String(Text).VarInt((ulong)Works.Count);
        foreach (var work in Works) w.String(work.Collection).U64(work.TokenId);
    }

    public static IReadOnlyList<ExhibitedWork> ReadWorks(ref SpanReader r)
    {
        int n = r.ReadLength(MaxWorks, "exhibition works");
        var works = new ExhibitedWork[n];
        for (int i = 0; i < n; i++) works[i] = new ExhibitedWork(r.ReadString(32, "collection id"), r.ReadU64());
        return works;
    }
}

/// <summary>
/// An exhibition as the chain keeps it, under 'x' | u8 length | id. Encoding: curator 32 | created height u32 |
/// revised height u32 | revision u32 (1 = as first published) | string title | string text | varint n | (string collection | token id u64)*.
/// </summary>
public sealed record ExhibitionState(string Id, AccountId Curator, uint CreatedHeight, uint RevisedHeight, uint Revision, string Title, string Text,
    IReadOnlyList<ExhibitedWork> Works)
{
    public const byte Prefix = (byte)'x';

    public static byte[] Key(string id) => State.StateKeyParts.WithId([Prefix], id, 0, out _);

    /// <summary>The id inside a key of <see cref="Key"/>'s form (as a scan of the prefix returns them).</summary>
    public static string IdOf(byte[] key) => System.Text.Encoding.UTF8.GetString(key, 2, key[1]);

    public byte[] Encode()
    {
        var w = new ByteWriter(128).Hash(Curator.Key).U32(CreatedHeight).U32(RevisedHeight).U32(Revision).String(Title).String(Text).VarInt((ulong)Works.Count);
        foreach (var work in Works) w.String(work.Collection).U64(work.TokenId);
        return w.ToArray();
    }

    public static ExhibitionState Decode(string id, ReadOnlySpan<byte> bytes)
    {
        var r = new SpanReader(bytes);
        var s = new ExhibitionState(id, new AccountId(r.ReadHash()), r.ReadU32(), r.ReadU32(), r.ReadU32(),
            r.ReadString(PublishExhibitionOperation.MaxTitleBytes, "title"), r.ReadString(PublishExhibitionOperation.MaxTextBytes, "text"),
            PublishExhibitionOperation.ReadWorks(ref r));
        r.EnsureEnd();
        return s;
    }
}

/// <summary>Typed reads of exhibitions on any state view.</summary>
public static class ExhibitionStateAccess
{
    public static ExhibitionState? GetExhibition(this Hashmint.Ledger.State.IStateReader state, string id) =>
        CollectionIds.IsValid(id) && state.Get(ExhibitionState.Key(id)) is { } bytes ? ExhibitionState.Decode(id, bytes) : null;
}

/// <summary>
/// Stateless: the id is a slug, the title is not empty, one to 64 works, none twice. Then every work exists; an
/// exhibition that exists already is revised only by its curator (revision + 1, created height kept); a new one is
/// curated by the sender.
/// </summary>
public sealed class PublishExhibitionHandler : OperationHandler<PublishExhibitionOperation>
{
    public override byte Type => PublishExhibitionOperation.Code;
    public override string Name => "publish-exhibition";

    public override PublishExhibitionOperation Read(ref SpanReader r) =>
        new(r.ReadString(32, "exhibition id"), r.ReadString(PublishExhibitionOperation.MaxTitleBytes, "title"),
            r.ReadString(PublishExhibitionOperation.MaxTextBytes, "text"), PublishExhibitionOperation.ReadWorks(ref r));

    public override void CheckStateless(PublishExhibitionOperation op, Transaction tx, ChainParams network)
    {
        if (!CollectionIds.IsValid(op.Id)) throw new RejectedException(NftRejectCodes.BadExhibition, "an exhibition id is 3..32 characters of a-z, 0-9 and '-', starting with a letter");
        if (string.IsNullOrWhiteSpace(op.Title)) throw new RejectedException(NftRejectCodes.BadExhibition, "an exhibition needs a title");
        if (op.Works.Count == 0) throw new RejectedException(NftRejectCodes.BadExhibition, "an exhibition hangs at least one work");
        if (op.Works.Count > PublishExhibitionOperation.MaxWorks || System.Text.Encoding.UTF8.GetByteCount(op.Title) > PublishExhibitionOperation.MaxTitleBytes
            || System.Text.Encoding.UTF8.GetByteCount(op.Text) > PublishExhibitionOperation.MaxTextBytes)
            throw new RejectedException(NftRejectCodes.BadExhibition, "an exhibition has at most 64 works, an 80-byte title and a 2000-byte text");
        if (op.Works.Distinct().Count() != op.Works.Count) throw new RejectedException(NftRejectCodes.BadExhibition, "a work hangs in an exhibition once");
    }

    public override void Apply(PublishExhibitionOperation op, OperationContext context)
    {
        var state = context.State;
        foreach (var work in op.Works) NftRules.RequireToken(state, work.Collection, work.TokenId);
        var existing = state.GetExhibition(op.Id);
        if (existing is not null && existing.Curator != context.Sender)
            throw new RejectedException(NftRejectCodes.NotCurator, $"exhibition '{op.Id}' is curated by someone else");
        var next = existing is null
            ? new ExhibitionState(op.Id, context.Sender, context.Height, context.Height, 1, op.Title, op.Text, op.Works)
            : existing with { RevisedHeight = context.Height, Revision = existing.Revision + 1, Title = op.Title, Text = op.Text, Works = op.Works };
        state.Set(ExhibitionState.Key(op.Id), next.Encode());
    }

    public override OperationDescription Describe(PublishExhibitionOperation op, DescribeContext context) =>
        new(Name, $"publish the exhibition '{op.Id}', \u201c{op.Title}\u201d, hanging {op.Works.Count} work{(op.Works.Count == 1 ? "" : "s")}: {string.Join(", ", op.Works.Take(8))}{(op.Works.Count > 8 ? ", …" : "")}",
            new Dictionary<string, string>
            {
                ["exhibition"] = op.Id, ["title"] = op.Title, ["works"] = op.Works.Count.ToString(CultureInfo.InvariantCulture),
            });
}
