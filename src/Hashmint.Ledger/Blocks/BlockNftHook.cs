using System.Buffers.Binary;
using System.Globalization;
using Hashmint.Core.Consensus;
using Hashmint.Core.Nft;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.Nft;

namespace Hashmint.Ledger.Blocks;

/// <summary>
/// Block NFTs: the coinbase of block h names a recipient; when block h + 1 runs (and h's hash is known as its
/// parent), token #h of the built-in `blocks` collection is minted to it, seeded by that hash, with rarity measured
/// against h's own target. Then this block's recipient is recorded for the next block.
/// </summary>
public sealed class BlockNftHook : IBlockHook
{
    public BlockHookStage Stage => BlockHookStage.BeforeTransactions;

    public void Run(BlockContext context)
    {
        var state = context.State;
        uint height = context.Height;
        if (height >= 1)
        {
            var pendingKey = NftKeys.PendingBlockNft(height - 1);
            if (state.Get(pendingKey) is { } pending)
            {
                var recipient = new AccountId(pending.AsSpan(0, 32));
                uint bits = BinaryPrimitives.ReadUInt32LittleEndian(pending.AsSpan(32));
                var hash = context.PreviousHash;
                // The collection record is created by the first block NFT.
                var c = state.GetCollection(CollectionIds.Blocks)
                        ?? new CollectionState(CollectionDefinition.BlocksCollection, AccountId.None, height, 0, 0, Hash256.Zero, 0, 0, height);
                int rarity = MintProof.Rarity(hash, CompactTarget.ToTarget(bits) ?? System.Numerics.BigInteger.One);
                ulong tokenId = height - 1;
                state.PutToken(CollectionIds.Blocks, tokenId, null, new TokenState(recipient, AccountId.None, height, TokenOrigin.Block, hash,
                    (byte)Math.Min(rarity, 255), null, TokenContent.None, [new("block", tokenId.ToString(CultureInfo.InvariantCulture))], null));
                state.SetCollection(c with { Minted = c.Minted + 1 });
                state.Set(pendingKey, null);
            }
        }
        if (!context.NftRecipient.IsNone)
        {
            var record = new byte[36];
            context.NftRecipient.Key.CopyTo(record);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(32), context.Bits);
            state.Set(NftKeys.PendingBlockNft(height), record);
        }
    }
}
