using Hashmint.Core.Nft;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Api;

/// <summary>Exhibitions (publish-exhibition): the list, and one with its works in the curator's order.</summary>
public static class ExhibitionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/exhibitions", List).WithName("ListExhibitions")
            .WithSummary("Exhibitions in key order: shorter ids first, then alphabetical (cursor paging).")
            .Produces<Page<ExhibitionSummaryDto>>().ProducesProblem(400);
        api.MapGet("/exhibitions/{id}", Get).WithName("GetExhibition")
            .WithSummary("An exhibition: curator, title, text, revision, and its works in order with their owners (a burnt work says so).")
            .Produces<ExhibitionResponse>().ProducesProblem(400).ProducesProblem(404);
    }

    private static IResult List(LedgerFacade ledger, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        byte[] prefix = [ExhibitionState.Prefix];
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        string hrp = ledger.Network.AddressPrefix;
        var items = page.Select(kv => ExhibitionState.Decode(ExhibitionState.IdOf(kv.Key), kv.Value))
            .Select(x => new ExhibitionSummaryDto(x.Id, x.Title, x.Curator.ToAddress(hrp), x.CreatedHeight, x.RevisedHeight, x.Revision, x.Works.Count)).ToList();
        return Results.Ok(new Page<ExhibitionSummaryDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult Get(LedgerFacade ledger, string id)
    {
        if (!CollectionIds.IsValid(id))
            return ApiErrors.BadRequest("bad-exhibition-id", "an exhibition id is 3..32 characters of a-z, 0-9 and '-', starting with a letter");
        var read = ledger.ReadState(view => view.GetExhibition(id) is { } x
            ? (x, x.Works.Select(w => view.GetToken(w.Collection, w.TokenId)).ToList(), view.Tip.Height)
            : default((ExhibitionState, List<TokenState?>, uint)?));
        if (read is not var (x, tokens, height)) return ApiErrors.NotFound($"no exhibition '{id}'");
        string hrp = ledger.Network.AddressPrefix;
        var works = x.Works.Select((w, i) => new ExhibitedWorkDto(w.Collection, w.TokenId, tokens[i] is not null, tokens[i]?.Owner.ToAddress(hrp),
            tokens[i] is null ? null : $"/api/v1/collections/{w.Collection}/tokens/{w.TokenId}/image.png")).ToList();
        return Results.Ok(new ExhibitionResponse(x.Id, x.Title, x.Text, x.Curator.ToAddress(hrp), x.CreatedHeight, x.RevisedHeight, x.Revision, works, height));
    }
}

public sealed record ExhibitionSummaryDto(string Id, string Title, string Curator, uint CreatedHeight, uint RevisedHeight, uint Revision, int Works);

/// <summary>One hung work; <c>exists</c> is false (no owner, no image) for a token burnt since it was hung.</summary>
public sealed record ExhibitedWorkDto(string Collection, ulong TokenId, bool Exists, string? Owner, string? Image);

public sealed record ExhibitionResponse(string Id, string Title, string Text, string Curator, uint CreatedHeight, uint RevisedHeight, uint Revision,
    IReadOnlyList<ExhibitedWorkDto> Works, uint ReadAtHeight);
