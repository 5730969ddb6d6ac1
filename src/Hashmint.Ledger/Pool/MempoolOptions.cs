namespace Hashmint.Ledger.Pool;

public sealed record MempoolOptions
{
    /// <summary>Total encoded bytes held; past it the lowest fee rates are evicted.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>Minimum fee in base units per encoded byte.</summary>
    public double MinFeeRate { get; init; } = 1.0;
    /// <summary>Longest chain of pending nonces one sender may have.</summary>
    public int MaxPerSender { get; init; } = 256;
    /// <summary>A replacement (same sender and nonce) must pay at least this much more, as a fraction.</summary>
    public double ReplacementBump { get; init; } = 0.10;
    /// <summary>How many blocks a transaction may wait for a missing earlier nonce before it is dropped.</summary>
    public uint MaxWaitingBlocks { get; init; } = 100;

    public void Validate()
    {
        if (MaxBytes < 1024) throw new ArgumentException("mempool MaxBytes must be at least 1024");
        if (MinFeeRate < 0) throw new ArgumentException("mempool MinFeeRate cannot be negative");
        if (MaxPerSender < 1) throw new ArgumentException("mempool MaxPerSender must be at least 1");
    }
}
