namespace Hashmint.Wallet;

/// <summary>
/// Argon2id cost parameters, stored in every keystore so a file stays readable when defaults change.
/// Parallelism is fixed at 1: libsodium (behind NSec) implements only single-lane Argon2.
/// </summary>
public sealed record KdfParameters(int MemoryKiB, int Iterations, int Parallelism = 1)
{
    public const int MinMemoryKiB = 8;
    // Upper bounds stop a tampered file from making Load allocate gigabytes or spin for minutes.
    public const int MaxMemoryKiB = 4 * 1024 * 1024;
    public const int MaxIterations = 64;

    /// <summary>64 MiB, 3 passes (RFC 9106's second recommended setting, one lane): about 0.2 s per unlock here.</summary>
    public static KdfParameters Production { get; } = new(64 * 1024, 3);

    /// <summary>Cheap parameters for tests only; offers no protection against guessing.</summary>
    public static KdfParameters Test { get; } = new(64, 1);

    /// <summary>Null when the parameters are acceptable, otherwise why not.</summary>
    public string? Problem() =>
        MemoryKiB is < MinMemoryKiB or > MaxMemoryKiB ? $"Argon2id memory must be {MinMemoryKiB}..{MaxMemoryKiB} KiB, got {MemoryKiB}"
        : Iterations is < 1 or > MaxIterations ? $"Argon2id iterations must be 1..{MaxIterations}, got {Iterations}"
        : Parallelism != 1 ? $"Argon2id parallelism must be 1, got {Parallelism}"
        : null;
}
