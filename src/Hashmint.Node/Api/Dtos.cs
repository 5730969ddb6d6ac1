namespace Hashmint.Node.Api;

public sealed record MempoolSummary(int Count, long Bytes);
public sealed record MiningSummary(bool Running, int Threads, double HashesPerSecond, string Engine, long BlocksFound);
public sealed record StatusResponse(string Network, uint ChainId, uint Height, string TipHash, double Difficulty, string Bits,
    string ChainWork, long TipTime, MempoolSummary Mempool, MiningSummary Mining, string Version);

public sealed record PayoutDto(string Address, string Amount, ulong AmountUnits);
public sealed record CoinbaseDto(string Txid, IReadOnlyList<PayoutDto> Payouts, string? NftRecipient, string StateRoot, string Message, string Extranonce);
public sealed record BlockResponse(string Hash, uint Height, bool MainChain, long Confirmations, uint Version, string PreviousHash, string MerkleRoot,
    uint Time, string Bits, uint Nonce, double Difficulty, string StateRoot, int Size, CoinbaseDto Coinbase, IReadOnlyList<string> Txids);

public sealed record OperationDto(string Type, string? To, string? Amount, ulong? AmountUnits);
public sealed record TransactionResponse(string Txid, string Status, string? BlockHash, uint? Height, long Confirmations, string Sender, ulong Nonce,
    string Fee, ulong FeeUnits, uint ExpiryHeight, IReadOnlyList<OperationDto> Operations, int Size, string Hex);
public sealed record SubmitTransactionRequest(string Hex);
public sealed record SubmitTransactionResponse(string Txid);
public sealed record SubmitBlockResponse(string Hash, string Outcome, uint Height);

public sealed record AccountResponse(string Address, string Balance, ulong BalanceUnits, ulong Nonce, ulong NextNonce, string Immature, ulong ImmatureUnits,
    uint Height, string BlockHash, string StateRoot, AccountProofDto Proof);
public sealed record AccountProofDto(string StateKey, string? Value, string Proof, bool Inclusion);

public sealed record MiningRequest(bool Enabled, int? Threads);
public sealed record GenerateRequest(int Count, string? Address);
