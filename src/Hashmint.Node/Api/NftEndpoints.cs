using System.Buffers.Binary;
using Hashmint.Art;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger;
using Hashmint.Ledger.Nft;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>Collections, tokens, their art and content, holdings, and the job a miner needs to mine a collection's next token.</summary>
public static class NftEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        // Every route with a collection id refuses a malformed one up front (ids are slugs of at most 32 bytes).
        var collections = api.MapGroup("/collections").AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Request.RouteValues.TryGetValue("id", out var value) && value is string id && !CollectionIds.IsValid(id))
                return ApiErrors.BadRequest("bad-collection-id", "a collection id is 3..32 characters of a-z, 0-9 and '-', starting with a letter");
            return await next(context);
        });
        collections.MapGet("", List).WithName("ListCollections").WithSummary("Collections in key order: shorter ids first, then alphabetical (cursor paging).")
            .Produces<Page<CollectionResponse>>().ProducesProblem(400);
        collections.MapGet("/{id}", Get).WithName("GetCollection").Produces<CollectionResponse>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens", Tokens).WithName("ListTokens")
            .WithSummary("A collection's tokens by id, ascending or (order=desc) newest first (cursor paging).")
            .Produces<Page<TokenSummaryDto>>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}", Token).WithName("GetToken")
            .WithSummary("A token: owner, origin, seed, rarity, traits, content summary, provenance, and an ownership proof against the state root.")
            .Produces<TokenResponse>().ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/image.png", Image).WithName("GetTokenImage")
            .WithSummary("The token's neural art (CPPN seeded by the token seed) as PNG; size 16..2048, default 512. Immutable: cache it.")
            .Produces(200, contentType: "image/png").ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/tokens/{tokenId}/content", Content).WithName("GetTokenContent")
            .WithSummary("On-chain content bytes, sandboxed: active types (HTML, SVG, ...) download instead of running.")
            .ProducesProblem(400).ProducesProblem(404);
        collections.MapGet("/{id}/mint-job", MintJob).WithName("GetMintJob")
            .WithSummary("What a miner needs for the next proof-of-work mint: previous mint hash (after any proofs pending in the mempool), bits, and (with ?minter=) the commitment preimage prefix.")
            .Produces<MintJobResponse>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/accounts/{address}/tokens", Holdings).WithName("GetAccountTokens").WithSummary("Tokens an account holds (cursor paging).")
            .Produces<Page<TokenRefDto>>().ProducesProblem(400);
    }

    private static IResult List(LedgerFacade ledger, string? cursor, int? limit)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        byte[] prefix = [NftKeys.CollectionPrefix];
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var items = page.Select(kv => Describe(ledger, CollectionState.Decode(kv.Value))).ToList();
        return Results.Ok(new Page<CollectionResponse>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    private static IResult Get(LedgerFacade ledger, string id)
    {
        var c = ledger.ReadState(view => view.GetCollection(id));
        return c is null ? ApiErrors.NotFound($"no collection '{id}'") : Results.Ok(Describe(ledger, c));
    }

    internal static CollectionResponse Describe(LedgerFacade ledger, CollectionState c)
    {
        string hrp = ledger.Network.AddressPrefix;
        var d = c.Definition;
        var pow = d.Pow is null ? null : new PowMintDto(c.Bits.ToString("x8"), CompactTarget.Difficulty(c.Bits), d.Pow.TargetSpacingBlocks, d.Pow.HalfLifeBlocks,
            c.LastMintHash.ToHexInternal(), c.PowMints, c.LastMintHeight);
        var loot = d.Loot?.Items.Select(i => new LootItemDto(i.Name, i.Weight, i.Stats.Select(s => new StatRangeDto(s.Name, s.Min, s.Max)).ToList())).ToList();
        var land = d.Land is null ? null : new LandGridDto(d.Land.Width, d.Land.Height);
        return new CollectionResponse(d.Id, d.Name, d.Symbol, d.Kind, c.Creator.IsNone ? null : c.Creator.ToAddress(hrp), c.CreatedHeight,
            d.MaxSupply, c.Minted, c.Burned, c.Supply, d.RoyaltyBasisPoints, d.RoyaltySplits.Select(s => new RoyaltySplitDto(s.Recipient.ToAddress(hrp), s.BasisPoints)).ToList(),
            d.TransferPolicy, d.MintPolicy, d.MintPolicy == MintPolicy.Open ? d.MintPrice.ToString() : null, pow, loot, land);
    }

    private static IResult Tokens(LedgerFacade ledger, string id, string? cursor, int? limit, string? order)
    {
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        if (order is not (null or "asc" or "desc")) return ApiErrors.BadRequest("bad-order", "order is 'asc' (oldest first) or 'desc' (newest first)");
        if (ledger.ReadState(view => view.GetCollection(id)) is null) return ApiErrors.NotFound($"no collection '{id}'");
        var prefix = NftKeys.TokensOf(id);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: order == "desc", n);
        var items = page.Select(kv => Summary(id, BinaryPrimitives.ReadUInt64BigEndian(kv.Key.AsSpan(prefix.Length)), TokenState.Decode(kv.Value), ledger.Network.AddressPrefix)).ToList();
        return Results.Ok(new Page<TokenSummaryDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }

    internal static TokenSummaryDto Summary(string collection, ulong tokenId, TokenState t, string hrp) =>
        new(collection, tokenId, t.Owner.ToAddress(hrp), t.Seed.ToHexInternal(), t.Rarity, MintProof.TierName(t.Rarity), t.MintedHeight,
            $"/api/v1/collections/{collection}/tokens/{tokenId}/image.png");

    private static bool TryTokenId(string text, out ulong id, out IResult? error)
    {
        error = null;
        id = 0;
        if (text.Length <= 20 && ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)) return true;
        error = ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");
        return false;
    }

    private static IResult Token(LedgerFacade ledger, string id, string tokenId)
    {
        if (!TryTokenId(tokenId, out ulong tid, out var error)) return error!;
        var key = NftKeys.Token(id, tid);
        var (tip, value, proof, collection) = ledger.ReadState(view => (view.Tip, view.Get(key), view.Prove(key), view.GetCollection(id)));
        if (collection is null) return ApiErrors.NotFound($"no collection '{id}'");
        if (value is null) return ApiErrors.NotFound($"no token {id}#{tid}");
        var t = TokenState.Decode(value);
        string hrp = ledger.Network.AddressPrefix;
        var seed = t.Seed.ToArray();
        LootDto? loot = null;
        if (collection.Definition.Loot is { } table)
        {
            var (item, stats) = table.Roll(seed);
            loot = new LootDto(item.Name, stats.ToDictionary(s => s.Name, s => s.Value));
        }
        var content = t.Content switch
        {
            OnChainContent o => new ContentDto("on-chain", o.MimeType, o.Data.Length, null, null),
            ReferencedContent r => new ContentDto("reference", r.MimeType, null, r.Uri, r.ContentHash.ToHexInternal()),
            _ => new ContentDto("none", null, null, null, null),
        };
        var provenance = t.Provenance is { } p ? new ProvenanceDto(p.Generator, p.Model, p.PromptHash.ToHexInternal(), p.Seed.ToHexInternal(), p.IsAiGenerated) : null;
        return Results.Ok(new TokenResponse(id, tid, t.Owner.ToAddress(hrp), t.Approved.IsNone ? null : t.Approved.ToAddress(hrp), t.MintedHeight,
            t.Origin, t.Seed.ToHexInternal(), t.Rarity, MintProof.TierName(t.Rarity),
            t.Parcel is { } parcel ? new ParcelDto(parcel.X, parcel.Y) : null, content,
            t.Attributes.ToDictionary(a => a.Key, a => a.Value), provenance, CppnArt.Traits(seed), loot,
            $"/api/v1/collections/{id}/tokens/{tid}/image.png",
            new StateProofDto(Convert.ToHexStringLower(key), Convert.ToHexStringLower(value), Convert.ToHexStringLower(proof.ToBytes()), true),
            tip.StateRoot.ToHexInternal(), tip.Height));
    }

    private static async Task<IResult> Image(HttpContext context, LedgerFacade ledger, ImageCache images, string id, string tokenId, int? size, CancellationToken ct)
    {
        if (!TryTokenId(tokenId, out ulong tid, out var error)) return error!;
        int s = size ?? 512;
        if (s is < 16 or > 2048) return ApiErrors.BadRequest("bad-size", "size must be 16..2048");
        var t = ledger.ReadState(view => view.GetToken(id, tid));
        if (t is null) return ApiErrors.NotFound($"no token {id}#{tid}");
        // Same seed, same bytes: the image never changes, so caches may keep it for good.
        var png = await images.RenderAsync(t.Seed, s, ct);
        context.Response.Headers.CacheControl = UserContent.ImmutableCache;
        return Results.File(png, "image/png", enableRangeProcessing: false,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{t.Seed.ToHexInternal()[..16]}-{s}\""));
    }

    private static IResult Content(HttpContext context, LedgerFacade ledger, string id, string tokenId)
    {
        if (!TryTokenId(tokenId, out ulong tid, out var error)) return error!;
        var t = ledger.ReadState(view => view.GetToken(id, tid));
        return t?.Content switch
        {
            null => ApiErrors.NotFound($"no token {id}#{tid}"),
            OnChainContent o => UserContent.Serve(context, o.Data, o.MimeType, $"{id}-{tid}"),
            ReferencedContent r => ApiErrors.NotFound($"{id}#{tid} keeps its content off-chain at {r.Uri} (SHA-256 {r.ContentHash.ToHexInternal()})"),
            _ => ApiErrors.NotFound($"{id}#{tid} has no content; its art is at image.png"),
        };
    }

    private static IResult MintJob(LedgerFacade ledger, string id, string? minter)
    {
        var p = ledger.Network;
        AccountId minterId = AccountId.None;
        if (minter is not null && !AccountId.TryParse(minter, p.AddressPrefix, out minterId, out var error)) return ApiErrors.BadRequest("bad-address", error);
        var (tip, c) = ledger.ReadState(view => (view.Tip, view.GetCollection(id)));
        if (c is null) return ApiErrors.NotFound($"no collection '{id}'");
        if (c.Definition.MintPolicy != MintPolicy.ProofOfWork) return ApiErrors.BadRequest(NftRejectCodes.WrongMintPolicy, $"'{id}' is not minted by proof of work");
        var slot = MintSlot.Next(c, ledger.PendingTransactions(), tip.Height);
        var target = CompactTarget.ToTarget(slot.Bits)!.Value;
        return Results.Ok(new MintJobResponse(id, p.ChainId, 1, slot.PreviousMint.ToHexInternal(), slot.Bits.ToString("x8"),
            Convert.ToHexStringLower(CompactTarget.ToTargetBytes(target)), CompactTarget.Difficulty(slot.Bits),
            minterId.IsNone ? null : minter, minterId.IsNone ? null : Convert.ToHexStringLower(MintProof.PreimagePrefix(p.ChainId, id, minterId)),
            MintProof.MaxExtranonceBytes, tip.Height, c.Minted, c.Definition.MaxSupply, slot.PendingAhead));
    }

    private static IResult Holdings(LedgerFacade ledger, string address, string? cursor, int? limit)
    {
        if (!AccountEndpoints.TryAccount(ledger, address, out var owner, out var error)) return error!;
        if (!Cursor.TryLimit(limit, out int n)) return Cursor.BadLimit();
        var prefix = NftKeys.HoldingsOf(owner);
        if (!Cursor.TryDecode(cursor, prefix, out var after)) return Cursor.BadCursor();
        var page = ledger.ScanState(prefix, after, reverse: false, n);
        var items = page.Select(kv => NftKeys.ParseHolding(kv.Key)).Select(h => new TokenRefDto(h.Collection, h.TokenId)).ToList();
        return Results.Ok(new Page<TokenRefDto>(items, page.Count == n ? Cursor.Encode(page[^1].Key) : null));
    }
}

public sealed record TokenRefDto(string Collection, ulong TokenId);
