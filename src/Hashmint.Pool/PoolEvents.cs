using Hashmint.Core.Primitives;
using Hashmint.Pool.Jobs;

namespace Hashmint.Pool;

/// <summary>A share the pool accepted: whose, which worker, the difficulty credited, when, and for what kind of job.</summary>
public sealed record AcceptedShare(AccountId Account, string Worker, double Difficulty, DateTimeOffset At, JobKind Kind, string? Collection, bool IsBlock);

/// <summary>A share refused, with its Stratum code and reason label.</summary>
public sealed record RejectedShare(AccountId Account, string Worker, int Code, string Reason, DateTimeOffset At);

/// <summary>A share that met the network's target, and what the ledger did with the block.</summary>
public sealed record FoundBlock(uint Height, Hash256 Hash, AccountId Finder, string Worker, string Outcome, string? Rejection, DateTimeOffset At)
{
    /// <summary>What the block's coinbase pays.</summary>
    public IReadOnlyList<Hashmint.Core.Transactions.Payout> Payouts { get; init; } = [];
}

/// <summary>A share that met a collection's target, and what became of the mine-mint transaction.</summary>
public sealed record FoundMint(string Collection, Hash256 MintHash, AccountId Minter, string Worker, Hash256? TransactionId, string? Rejection, DateTimeOffset At);
