using Hashmint.Core.Nft;

namespace Hashmint.Node.Api;

// The API's read models: named records only (the OpenAPI document describes each), enums written in kebab-case
// (JsonStringEnumConverter with JsonNamingPolicy.KebabCaseLower), amounts as a decimal string and as base units.

public sealed record MempoolSummary(int Count, long Bytes);
public sealed record MiningSummary(bool Running, int Threads, double HashesPerSecond, string Engine, long BlocksFound);
public sealed record StatusResponse(string Network, uint ChainId, uint Height, string TipHash, double Difficulty, string Bits,
    string ChainWork, long TipTime, MempoolSummary Mempool, MiningSummary Mining, string Version, SnapshotSummary? Snapshot = null);

/// <summary>
/// A node that started from a state snapshot: the block it is validated from (no bodies below it: "not yet
/// backfilled"), and the snapshot sync's phase when one was asked for. Absent for a node that replayed every block.
/// </summary>
public sealed record SnapshotSummary(uint? ValidatedFromHeight, string? ValidatedFromHash, bool FullyValidated, int? BackfillMissing,
    string? Verification, string? SyncPhase, string? SyncBlock, int SyncAttempts, int Pairs, string? LastError);

public sealed record PayoutDto(string Address, string Amount, ulong AmountUnits);
public sealed record CoinbaseDto(string Txid, IReadOnlyList<PayoutDto> Payouts, string? NftRecipient, string StateRoot, string Message, string Extranonce);
public sealed record BlockResponse(string Hash, uint Height, bool MainChain, long Confirmations, uint Version, string PreviousHash, string MerkleRoot,
    uint Time, string Bits, uint Nonce, double Difficulty, string StateRoot, int Size, CoinbaseDto Coinbase, IReadOnlyList<string> Txids);
public sealed record BlockSummaryDto(string Hash, uint Height, uint Time, string Bits, double Difficulty, int Transactions, string? Miner);
public sealed record SubmitBlockResponse(string Hash, string Outcome, uint Height);

public sealed record OperationDto(string Type, string Summary, IReadOnlyDictionary<string, string> Fields);
public sealed record TransactionResponse(string Txid, string Status, string? WaitingFor, string? BlockHash, uint? Height, long Confirmations, string Sender,
    ulong Nonce, string Fee, ulong FeeUnits, uint ExpiryHeight, IReadOnlyList<OperationDto> Operations, int Size, string Hex);
public sealed record SubmitTransactionResponse(string Txid);
public sealed record MempoolEntryDto(string Txid, string Sender, ulong Nonce, string Fee, int Size, string? WaitingFor);

public sealed record AccountResponse(string Address, string Balance, ulong BalanceUnits, ulong Nonce, ulong NextNonce, string Immature, ulong ImmatureUnits,
    uint Height, string BlockHash, string StateRoot, StateProofDto Proof);
/// <summary>A sparse-Merkle proof of one state key's value (or absence) against the state root of a block.</summary>
public sealed record ActivityDto(string Txid, uint Height, int Position, IReadOnlyList<string> Roles);
public sealed record StateProofDto(string StateKey, string? Value, string Proof, bool Inclusion);

public sealed record MiningRequest(bool Enabled, int? Threads);
public sealed record GenerateRequest(int Count, string? Address);

public sealed record RoyaltySplitDto(string Recipient, ushort BasisPoints);
public sealed record PowMintDto(string Bits, double Difficulty, uint TargetSpacingBlocks, uint HalfLifeBlocks, string LastMintHash, ulong Mints, uint LastMintHeight);
public sealed record StatRangeDto(string Name, uint Min, uint Max);
public sealed record LootItemDto(string Name, uint Weight, IReadOnlyList<StatRangeDto> Stats);
public sealed record LandGridDto(ushort Width, ushort Height);
public sealed record CollectionResponse(string Id, string Name, string Symbol, CollectionKind Kind, string? Creator, uint CreatedHeight, ulong MaxSupply,
    ulong Minted, ulong Burned, ulong Supply, ushort RoyaltyBasisPoints, IReadOnlyList<RoyaltySplitDto> RoyaltySplits, TransferPolicy TransferPolicy,
    MintPolicy MintPolicy, string? MintPrice, PowMintDto? ProofOfWork, IReadOnlyList<LootItemDto>? LootTable, LandGridDto? Land);

public sealed record ProvenanceDto(string Generator, string Model, string PromptHash, string Seed, bool AiGenerated);
public sealed record ContentDto(string Kind, string? MimeType, int? Size, string? Uri, string? ContentHash);
public sealed record LootDto(string Item, IReadOnlyDictionary<string, uint> Stats);
public sealed record ParcelDto(ushort X, ushort Y);
public sealed record TokenResponse(string Collection, ulong TokenId, string Owner, string? Approved, uint MintedHeight, TokenOrigin Origin, string Seed,
    int Rarity, string RarityTier, ParcelDto? Parcel, ContentDto Content, IReadOnlyDictionary<string, string> Attributes, ProvenanceDto? Provenance,
    IReadOnlyDictionary<string, string> Traits, LootDto? Loot, string ImageUrl, StateProofDto Proof, string StateRoot, uint Height);
public sealed record TokenSummaryDto(string Collection, ulong TokenId, string Owner, string Seed, int Rarity, string RarityTier, uint MintedHeight, string ImageUrl);
public sealed record MintJobResponse(string Collection, uint ChainId, uint Version, string PreviousMintHash, string Bits, string Target, double Difficulty,
    string? Minter, string? PreimagePrefix, int MaxExtranonceBytes, uint Height, ulong Minted, ulong MaxSupply, int PendingAhead);
