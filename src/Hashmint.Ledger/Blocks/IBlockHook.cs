using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Ledger.State;

namespace Hashmint.Ledger.Blocks;

public enum BlockHookStage
{
    /// <summary>Before the block's transactions (matured payouts, block NFTs).</summary>
    BeforeTransactions,
    /// <summary>After the transactions, before the coinbase is checked (auctions that settle at this height).</summary>
    AfterTransactions,
}

/// <summary>
/// A consensus step that every block runs by itself, with no transaction asking for it. The applier, the block
/// assembler and the test block builders all run hooks through <see cref="BlockStateTransition"/>, so each is written once.
/// </summary>
public interface IBlockHook
{
    BlockHookStage Stage { get; }
    void Run(BlockContext context);
}

/// <summary>
/// What a hook may know about its block: height, parent hash, time, bits and the block-NFT recipient the coinbase
/// names — all fixed before the proof of work, so a block template can run the hooks exactly as the final block will.
/// </summary>
public sealed record BlockContext(StateOverlay State, ChainParams Network, uint Height, Hash256 PreviousHash, uint Time, uint Bits, AccountId NftRecipient);
