using Hashmint.Art;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;
using Hashmint.Node.Hosting;

namespace Hashmint.Node.Api;

/// <summary>Collections, tokens, their art and content, holdings, and the job a miner needs to mine a collection's next token.</summary>
public static class NftEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        // Every route with a collection id refuses a malformed one up front (ids are slugs of at most 32 bytes).
        api.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Request.RouteValues.TryGetValue("id", out var value) && value is string id
                && context.HttpContext.Request.Path.StartsWithSegments("/api/v1/collections") && !CollectionIds.IsValid(id))
                return ApiErrors.BadRequest("bad-collection-id", "a collection id is 3..32 characters of a-z, 0-9 and '-', starting with a letter");
            return await next(context);
        });
        api.MapGet("/collections", List).WithName("ListCollections").WithSummary("Collections, in id order (offset, limit ≤ 200).");
        api.MapGet("/collections/{id}", Get).WithName("GetCollection");
        api.MapGet("/collections/{id}/tokens", Tokens).WithName("ListTokens").WithSummary("A collection's tokens in id order (offset, limit ≤ 200).");
        api.MapGet("/collections/{id}/tokens/{tokenId}", Token).WithName("GetToken")
            .WithSummary("A token: owner, origin, seed, rarity, traits, content summary, provenance, and an ownership proof against the state root.");
        api.MapGet("/collections/{id}/tokens/{tokenId}/image.png", Image).WithName("GetTokenImage")
            .WithSummary("The token's neural art (CPPN seeded by the token seed) as PNG; size 16..2048, default 512.");
        api.MapGet("/collections/{id}/tokens/{tokenId}/content", Content).WithName("GetTokenContent").WithSummary("On-chain content bytes with their MIME type.");
        api.MapGet("/collections/{id}/mint-job", MintJob).WithName("GetMintJob")
            .WithSummary("What a miner needs for the next proof-of-work mint: previous mint hash (after any proofs pending in the mempool), bits, and (with ?minter=) the commitment preimage prefix.");
        api.MapGet("/accounts/{address}/tokens", Holdings).WithName("GetAccountTokens").WithSummary("Tokens an account holds (offset, limit ≤ 500).");
    }

    private static IResult List(NodeService node, int? offset, int? limit) =>
        Results.Ok(node.Nfts.Collections(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, 200)).Select(c => Describe(node, c)).ToList());

    private static IResult Get(NodeService node, string id)
    {
        var c = node.Chain.TipState.GetCollection(id);
        return c is null ? ApiErrors.NotFound($"no collection '{id}'") : Results.Ok(Describe(node, c));
    }

    internal static CollectionResponse Describe(NodeService node, CollectionState c)
    {
        string hrp = node.Options.Network.AddressPrefix;
        var d = c.Definition;
        var pow = d.Pow is null ? null : new PowMintDto(c.Bits.ToString("x8"), CompactTarget.Difficulty(c.Bits), d.Pow.TargetSpacingBlocks, d.Pow.HalfLifeBlocks,
            c.LastMintHash.ToHexInternal(), c.PowMints, c.LastMintHeight);
        object? loot = d.Loot?.Items.Select(i => new { name = i.Name, weight = i.Weight, stats = i.Stats.Select(s => new { name = s.Name, min = s.Min, max = s.Max }) });
        object? land = d.Land is null ? null : new { width = d.Land.Width, height = d.Land.Height };
        return new CollectionResponse(d.Id, d.Name, d.Symbol, Kebab(d.Kind.ToString()), c.Creator.IsNone ? "" : c.Creator.ToAddress(hrp), c.CreatedHeight,
            d.MaxSupply, c.Minted, c.Burned, c.Supply, d.RoyaltyBasisPoints, d.RoyaltySplits.Select(s => new RoyaltySplitDto(s.Recipient.ToAddress(hrp), s.BasisPoints)).ToList(),
            Kebab(d.TransferPolicy.ToString()), Kebab(d.MintPolicy.ToString()), d.MintPolicy == MintPolicy.Open ? d.MintPrice.ToString() : null, pow, loot, land);
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static IResult Tokens(NodeService node, string id, int? offset, int? limit)
    {
        if (node.Chain.TipState.GetCollection(id) is null) return ApiErrors.NotFound($"no collection '{id}'");
        var tokens = node.Nfts.Tokens(id, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, 200));
        string hrp = node.Options.Network.AddressPrefix;
        return Results.Ok(tokens.Select(t => new
        {
            tokenId = t.TokenId, owner = t.Token.Owner.ToAddress(hrp), seed = t.Token.Seed.ToHexInternal(), rarity = (int)t.Token.Rarity, rarityTier = MintProof.TierName(t.Token.Rarity),
            mintedHeight = t.Token.MintedHeight, imageUrl = $"/api/v1/collections/{id}/tokens/{t.TokenId}/image.png",
        }).ToList());
    }

    private static IResult Token(NodeService node, string id, string tokenId)
    {
        if (!ulong.TryParse(tokenId, out ulong tid)) return ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");
        var key = NftKeys.Token(id, tid);
        var (tip, value, proof, collection) = node.Chain.WithTipLocked((tip, state) =>
            (tip, state.Get(key), node.Chain.Commitment.Prove(tip.StateRoot, key), state.GetCollection(id)));
        if (collection is null) return ApiErrors.NotFound($"no collection '{id}'");
        if (value is null) return ApiErrors.NotFound($"no token {id}#{tid}");
        var t = TokenState.Decode(value);
        string hrp = node.Options.Network.AddressPrefix;
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
            Kebab(t.Origin.ToString()), t.Seed.ToHexInternal(), t.Rarity, MintProof.TierName(t.Rarity),
            t.Parcel is { } parcel ? new { x = parcel.X, y = parcel.Y } : null, content,
            t.Attributes.ToDictionary(a => a.Key, a => a.Value), provenance, CppnArt.Traits(seed), loot,
            $"/api/v1/collections/{id}/tokens/{tid}/image.png",
            new AccountProofDto(Convert.ToHexStringLower(key), Convert.ToHexStringLower(value), Convert.ToHexStringLower(proof.ToBytes()), true),
            tip.StateRoot.ToHexInternal(), tip.Height));
    }

    private static IResult Image(NodeService node, string id, string tokenId, int? size)
    {
        if (!ulong.TryParse(tokenId, out ulong tid)) return ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");
        int s = size ?? 512;
        if (s is < 16 or > 2048) return ApiErrors.BadRequest("bad-size", "size must be 16..2048");
        var t = node.Chain.TipState.GetToken(id, tid);
        if (t is null) return ApiErrors.NotFound($"no token {id}#{tid}");
        // Same seed, same bytes: the image never changes, so caches may keep it.
        return Results.File(node.Images.Render(t.Seed, s), "image/png", enableRangeProcessing: false,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{t.Seed.ToHexInternal()[..16]}-{s}\""));
    }

    private static IResult Content(NodeService node, string id, string tokenId)
    {
        if (!ulong.TryParse(tokenId, out ulong tid)) return ApiErrors.BadRequest("bad-token-id", "a token id is a decimal number");
        var t = node.Chain.TipState.GetToken(id, tid);
        return t?.Content switch
        {
            null => ApiErrors.NotFound($"no token {id}#{tid}"),
            OnChainContent o => Results.File(o.Data, o.MimeType),
            ReferencedContent r => ApiErrors.NotFound($"{id}#{tid} keeps its content off-chain at {r.Uri} (SHA-256 {r.ContentHash.ToHexInternal()})"),
            _ => ApiErrors.NotFound($"{id}#{tid} has no content; its art is at image.png"),
        };
    }

    private static IResult MintJob(NodeService node, string id, string? minter)
    {
        var p = node.Options.Network;
        AccountId minterId = AccountId.None;
        if (minter is not null && !AccountId.TryParse(minter, p.AddressPrefix, out minterId, out var error)) return ApiErrors.BadRequest("bad-address", error);
        var (tip, c) = node.Chain.WithTipLocked((tip, state) => (tip, state.GetCollection(id)));
        if (c is null) return ApiErrors.NotFound($"no collection '{id}'");
        if (c.Definition.MintPolicy != MintPolicy.ProofOfWork) return ApiErrors.BadRequest(NftRejectCodes.WrongMintPolicy, $"'{id}' is not minted by proof of work");
        var slot = MintSlot.Next(c, node.Mempool.All(), tip.Height);
        var target = CompactTarget.ToTarget(slot.Bits)!.Value;
        return Results.Ok(new MintJobResponse(id, p.ChainId, 1, slot.PreviousMint.ToHexInternal(), slot.Bits.ToString("x8"),
            Convert.ToHexStringLower(CompactTarget.ToTargetBytes(target)), CompactTarget.Difficulty(slot.Bits),
            minterId.IsNone ? null : minter, minterId.IsNone ? null : Convert.ToHexStringLower(MintProof.PreimagePrefix(p.ChainId, id, minterId)),
            MintProof.MaxExtranonceBytes, tip.Height, c.Minted, c.Definition.MaxSupply, slot.PendingAhead));
    }

    private static IResult Holdings(NodeService node, string address, int? offset, int? limit)
    {
        if (!AccountId.TryParse(address, node.Options.Network.AddressPrefix, out var owner, out var error)) return ApiErrors.BadRequest("bad-address", error);
        return Results.Ok(node.Nfts.Holdings(owner, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, 500)).Select(h => new TokenRef(h.Collection, h.TokenId)).ToList());
    }
}
