namespace Hashmint.Ledger;

/// <summary>Why a block or transaction was refused: a stable machine-readable code and a sentence for people.</summary>
public sealed record Rejection(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown by validation; carries the <see cref="Rejection"/>.</summary>
public sealed class RejectedException(Rejection rejection) : Exception(rejection.ToString())
{
    public Rejection Rejection { get; } = rejection;
    public RejectedException(string code, string message) : this(new Rejection(code, message)) { }
}

/// <summary>The rejection codes, in one place so docs/PROTOCOL.md and the code agree.</summary>
public static class RejectCodes
{
    public const string Malformed = "malformed";
    public const string WrongChain = "wrong-chain-id";
    public const string BadSignature = "bad-signature";
    public const string NonceTooLow = "nonce-too-low";
    public const string NonceGap = "nonce-gap";
    public const string InsufficientFunds = "insufficient-funds";
    public const string Expired = "expired";
    public const string ZeroAmount = "zero-amount";
    public const string SelfTransfer = "self-transfer";
    /// <summary>Coins or tokens sent to nobody (the all-zero account), or to an account the rule excludes.</summary>
    public const string BadRecipient = "bad-recipient";
    public const string FeeTooLow = "fee-too-low";
    public const string MempoolFull = "mempool-full";
    public const string AlreadyKnown = "already-known";
    public const string ReplacementUnderpriced = "replacement-underpriced";
    public const string SenderChainTooLong = "too-many-pending";
    public const string DuplicateTransaction = "duplicate-txid";
    public const string BlockTooLarge = "block-too-large";
    public const string TooManyTransactions = "too-many-transactions";
    public const string BadMerkleRoot = "bad-merkle-root";
    public const string BadProofOfWork = "bad-proof-of-work";
    public const string BadBits = "bad-difficulty-bits";
    public const string TimeTooOld = "time-too-old";
    public const string TimeTooNew = "time-too-new";
    public const string BadCoinbase = "bad-coinbase";
    public const string CoinbaseOverpays = "coinbase-overpays";
    public const string BadStateRoot = "bad-state-root";
    public const string DuplicateBlock = "duplicate-block";
    public const string InvalidParent = "invalid-parent";
    public const string Orphan = "orphan";
    /// <summary>A block or header whose branch leaves the main chain below the snapshot this node started from.</summary>
    public const string ForkBelowSnapshot = "fork-below-snapshot";
}
