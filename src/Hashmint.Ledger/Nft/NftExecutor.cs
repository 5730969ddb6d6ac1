using Hashmint.Core.Blocks;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Core.Transactions;
using Hashmint.Crypto;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Nft;

/// <summary>Where an NFT operation runs: the network, the block's height and time, and the transaction's id.</summary>
public readonly record struct NftContext(ChainParams Params, uint Height, uint BlockTime, Hash256 TxId);

/// <summary>
/// The NFT operations: create collection, mint (creator/open), mine-mint (proof of work), transfer, burn,
/// approve, set operator. Each checks its rules and throws <see cref="RejectedException"/> with its own code.
/// </summary>
public static class NftExecutor
{
    /// <summary>Mint headers may carry a time at most this far past the block's.</summary>
    public const uint MaxMintTimeDrift = 7200;

    public static void Apply(StateOverlay state, AccountId sender, Operation op, NftContext ctx)
    {
        switch (op)
        {
            case CreateCollectionOperation c: CreateCollection(state, sender, c.Definition, ctx); break;
            case MintOperation m: Mint(state, sender, m, ctx); break;
            case MineMintOperation m: MineMint(state, m, ctx); break;
            case TransferTokenOperation t: Transfer(state, sender, t); break;
            case BurnTokenOperation b: Burn(state, sender, b); break;
            case ApproveOperation a: Approve(state, sender, a); break;
            case SetOperatorOperation s: SetOperator(state, sender, s); break;
            default: throw new RejectedException(RejectCodes.Malformed, $"operation {op.Type} is not an NFT operation");
        }
    }

    private static void CreateCollection(StateOverlay state, AccountId creator, CollectionDefinition def, NftContext ctx)
    {
        if (def.Problem() is { } problem) throw new RejectedException(NftRejectCodes.BadCollection, problem);
        if (state.GetCollection(def.Id) is not null) throw new RejectedException(NftRejectCodes.CollectionExists, $"collection '{def.Id}' already exists");
        var bits = def.Pow?.InitialBits ?? 0;
        state.SetCollection(new CollectionState(def, creator, ctx.Height, 0, 0, MintProof.GenesisMintHash(def.Id), bits, 0, ctx.Height));
    }

    private static CollectionState RequireCollection(IStateReader state, string id) =>
        state.GetCollection(id) ?? throw new RejectedException(NftRejectCodes.UnknownCollection, $"no collection '{id}'");

    private static void CheckSupply(CollectionState c)
    {
        if (c.Minted >= c.Definition.MaxSupply)
            throw new RejectedException(NftRejectCodes.SoldOut, $"collection '{c.Id}' has minted its maximum supply of {c.Definition.MaxSupply}");
    }

    private static void Mint(StateOverlay state, AccountId sender, MintOperation m, NftContext ctx)
    {
        var c = RequireCollection(state, m.Collection);
        var def = c.Definition;
        switch (def.MintPolicy)
        {
            case MintPolicy.Creator when sender != c.Creator:
                throw new RejectedException(NftRejectCodes.NotCreator, $"only the creator mints in '{c.Id}'");
            case MintPolicy.Open:
                PayPrice(state, sender, c.Creator, def.MintPrice);
                break;
            case MintPolicy.ProofOfWork or MintPolicy.Blocks:
                throw new RejectedException(NftRejectCodes.WrongMintPolicy, $"'{c.Id}' is minted by {(def.MintPolicy == MintPolicy.Blocks ? "blocks" : "proof of work")}, not by a mint operation");
        }
        CheckSupply(c);
        if (m.To.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a token needs an owner");
        if (def.Kind == CollectionKind.Land)
        {
            if (m.Parcel is not { } p) throw new RejectedException(NftRejectCodes.BadParcel, "a land token must name its parcel");
            if (p.X >= def.Land!.Width || p.Y >= def.Land.Height)
                throw new RejectedException(NftRejectCodes.BadParcel, $"parcel ({p.X},{p.Y}) is outside the {def.Land.Width}×{def.Land.Height} grid");
            var parcelKey = NftKeys.Parcel(c.Id, p.X, p.Y);
            if (state.Get(parcelKey) is not null) throw new RejectedException(NftRejectCodes.ParcelTaken, $"parcel ({p.X},{p.Y}) was already minted");
            var tokenIdBytes = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(tokenIdBytes, c.Minted + 1);
            state.Set(parcelKey, tokenIdBytes);
        }
        else if (m.Parcel is not null) throw new RejectedException(NftRejectCodes.BadParcel, "only land tokens have parcels");

        ulong tokenId = c.Minted + 1;
        var seed = TokenSeed(ctx, c.Id, tokenId);
        var origin = def.MintPolicy == MintPolicy.Open ? TokenOrigin.OpenMint : TokenOrigin.CreatorMint;
        state.PutToken(c.Id, tokenId, null, new TokenState(m.To, AccountId.None, ctx.Height, origin, seed, 0, m.Parcel, m.Content, m.Attributes, m.Provenance));
        state.SetCollection(c with { Minted = tokenId });
    }

    /// <summary>Seed of a token minted by hand: bound to chain, collection, token id and the minting transaction.</summary>
    private static Hash256 TokenSeed(NftContext ctx, string collection, ulong tokenId)
    {
        var w = new Core.Encoding.ByteWriter(80).U32(ctx.Params.ChainId).String(collection).U64(tokenId).Hash(ctx.TxId);
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

    private static void MineMint(StateOverlay state, MineMintOperation m, NftContext ctx)
    {
        var c = RequireCollection(state, m.Collection);
        if (c.Definition.MintPolicy != MintPolicy.ProofOfWork)
            throw new RejectedException(NftRejectCodes.WrongMintPolicy, $"'{c.Id}' is not minted by proof of work");
        CheckSupply(c);
        if (m.Minter.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a mint proof must name its minter");
        // Decoded operations always carry 80 bytes; one built in memory might not, and must be refused, not crash.
        if (m.Header.Length != MintProof.HeaderSize)
            throw new RejectedException(RejectCodes.Malformed, $"a mint header is {MintProof.HeaderSize} bytes, not {m.Header.Length}");
        var header = BlockHeader.Decode(m.Header);
        if (header.PreviousHash != c.LastMintHash)
            throw new RejectedException(NftRejectCodes.StaleMint, $"the proof builds on mint {header.PreviousHash}, but '{c.Id}' has moved on to {c.LastMintHash}");
        if (header.Bits != c.Bits)
            throw new RejectedException(NftRejectCodes.BadMintBits, $"the proof carries bits {header.Bits:x8}, '{c.Id}' requires {c.Bits:x8}");
        var commitment = MintProof.Commitment(MintProof.PreimagePrefix(ctx.Params.ChainId, c.Id, m.Minter), m.Extranonce);
        if (header.MerkleRoot != commitment)
            throw new RejectedException(NftRejectCodes.BadMintCommitment, "the proof does not commit to this chain, collection and minter");
        if (ctx.BlockTime != uint.MaxValue && header.Time > (ulong)ctx.BlockTime + MaxMintTimeDrift)
            throw new RejectedException(NftRejectCodes.MintTimeTooNew, $"mint time {header.Time} is too far past the block's {ctx.BlockTime}");
        var target = CompactTarget.ToTarget(c.Bits)!.Value;
        var hash = header.Hash;
        if (!CompactTarget.MeetsTarget(hash, target))
            throw new RejectedException(NftRejectCodes.BadMintProof, $"mint hash {hash} is above the collection's target");

        ulong tokenId = c.Minted + 1;
        int rarity = MintProof.Rarity(hash, target);
        state.PutToken(c.Id, tokenId, null, new TokenState(m.Minter, AccountId.None, ctx.Height, TokenOrigin.Mined, hash, (byte)Math.Min(rarity, 255),
            null, TokenContent.None, [], null));
        ulong mints = c.PowMints + 1;
        state.SetCollection(c with
        {
            Minted = tokenId, LastMintHash = hash, PowMints = mints, LastMintHeight = ctx.Height,
            Bits = NextMintBits(c.Definition.Pow!, c.CreatedHeight, ctx.Height, mints),
        });
    }

    /// <summary>
    /// Per-collection ASERT in blocks: anchored at the collection's creation with its initial bits, aiming at one
    /// mint every spacing blocks; after n mints, the last at height h, the target is
    /// initial · 2^((h − created − spacing·n) / half-life).
    /// </summary>
    public static uint NextMintBits(PowMintParams pow, uint createdHeight, uint lastMintHeight, ulong mints)
    {
        var initial = CompactTarget.ToTarget(pow.InitialBits)!.Value;
        var limit = CompactTarget.ToTarget(0x207fffff)!.Value;
        var next = Asert.NextTarget(initial, (long)lastMintHeight - createdHeight, (long)mints - 1, pow.TargetSpacingBlocks, pow.HalfLifeBlocks, limit);
        return CompactTarget.FromTarget(next);
    }

    private static TokenState RequireToken(IStateReader state, string collection, ulong tokenId) =>
        state.GetToken(collection, tokenId) ?? throw new RejectedException(NftRejectCodes.UnknownToken, $"no token {collection}#{tokenId}");

    private static bool MayMove(IStateReader state, string collection, TokenState token, AccountId sender) =>
        sender == token.Owner || (!token.Approved.IsNone && sender == token.Approved) || state.IsOperator(collection, token.Owner, sender);

    private static void Transfer(StateOverlay state, AccountId sender, TransferTokenOperation t)
    {
        var c = RequireCollection(state, t.Collection);
        var token = RequireToken(state, t.Collection, t.TokenId);
        if (c.Definition.TransferPolicy == TransferPolicy.MarketOnly)
            throw new RejectedException(NftRejectCodes.MarketOnly, $"tokens of '{c.Id}' change hands only through the market, so royalties are paid");
        if (!MayMove(state, t.Collection, token, sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"the sender is not the owner, the approved spender or an operator of {t.Collection}#{t.TokenId}");
        if (t.To.IsNone) throw new RejectedException(NftRejectCodes.BadRecipient, "a token cannot be sent to nobody (burn it instead)");
        if (t.To == token.Owner) throw new RejectedException(NftRejectCodes.BadRecipient, "the recipient already owns the token");
        state.PutToken(t.Collection, t.TokenId, token, token with { Owner = t.To, Approved = AccountId.None });
    }

    private static void Burn(StateOverlay state, AccountId sender, BurnTokenOperation b)
    {
        var c = RequireCollection(state, b.Collection);
        var token = RequireToken(state, b.Collection, b.TokenId);
        if (sender != token.Owner && !state.IsOperator(b.Collection, token.Owner, sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator burns {b.Collection}#{b.TokenId}");
        state.PutToken(b.Collection, b.TokenId, token, null);
        state.SetCollection(c with { Burned = c.Burned + 1 });
    }

    private static void Approve(StateOverlay state, AccountId sender, ApproveOperation a)
    {
        var token = RequireToken(state, a.Collection, a.TokenId);
        if (sender != token.Owner && !state.IsOperator(a.Collection, token.Owner, sender))
            throw new RejectedException(NftRejectCodes.NotAuthorized, $"only the owner or an operator approves a spender for {a.Collection}#{a.TokenId}");
        if (a.Spender == token.Owner) throw new RejectedException(NftRejectCodes.BadRecipient, "the owner cannot be its own approved spender");
        state.PutToken(a.Collection, a.TokenId, token, token with { Approved = a.Spender });
    }

    private static void SetOperator(StateOverlay state, AccountId sender, SetOperatorOperation s)
    {
        RequireCollection(state, s.Collection);
        if (s.Operator.IsNone || s.Operator == sender) throw new RejectedException(NftRejectCodes.BadRecipient, "an operator must be another account");
        state.Set(NftKeys.Operator(s.Collection, sender, s.Operator), s.Approved ? [1] : null);
    }

    /// <summary>
    /// Block NFTs: the coinbase of block h names a recipient; when block h + 1 connects (and h's hash is known as
    /// its parent), token #h of the built-in `blocks` collection is minted to it, seeded by that hash.
    /// </summary>
    public static void MintBlockNft(StateOverlay state, Block block)
    {
        uint height = block.Height;
        if (height >= 1)
        {
            var pendingKey = NftKeys.PendingBlockNft(height - 1);
            if (state.Get(pendingKey) is { } pending)
            {
                var recipient = new AccountId(pending.AsSpan(0, 32));
                uint bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pending.AsSpan(32));
                var hash = block.Header.PreviousHash;
                var c = state.GetCollection(CollectionIds.Blocks)
                        ?? new CollectionState(CollectionDefinition.BlocksCollection, AccountId.None, height, 0, 0, Hash256.Zero, 0, 0, height);
                int rarity = MintProof.Rarity(hash, CompactTarget.ToTarget(bits) ?? System.Numerics.BigInteger.One);
                ulong tokenId = height - 1;
                state.PutToken(CollectionIds.Blocks, tokenId, null, new TokenState(recipient, AccountId.None, height, TokenOrigin.Block, hash,
                    (byte)Math.Min(rarity, 255), null, TokenContent.None, [new("block", (height - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))], null));
                state.SetCollection(c with { Minted = c.Minted + 1 });
                state.Set(pendingKey, null);
            }
        }
        if (!block.Coinbase.NftRecipient.IsNone)
        {
            var record = new byte[36];
            block.Coinbase.NftRecipient.Key.CopyTo(record);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(32), block.Header.Bits);
            state.Set(NftKeys.PendingBlockNft(height), record);
        }
    }
}
