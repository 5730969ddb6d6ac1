namespace Hashmint.Pool.Stratum;

/// <summary>Stratum V1 error codes, as pools and miners use them: every refusal is [code, message, null].</summary>
public static class StratumErrors
{
    public const int Other = 20;
    public const int JobNotFound = 21;
    public const int Duplicate = 22;
    public const int LowDifficulty = 23;
    public const int Unauthorized = 24;
    public const int NotSubscribed = 25;

    /// <summary>The reason label used in statistics and metrics for each code.</summary>
    public static string Label(int code) => code switch
    {
        Other => "other",
        JobNotFound => "job-not-found",
        Duplicate => "duplicate",
        LowDifficulty => "low-difficulty",
        Unauthorized => "unauthorized",
        NotSubscribed => "not-subscribed",
        _ => "other",
    };
}

/// <summary>A refusal with its Stratum code and a reason a person understands.</summary>
public sealed record StratumError(int Code, string Message)
{
    /// <summary>Finer than the code, for statistics: "stale", "job-not-found", "ntime", ...</summary>
    public string Reason { get; init; } = StratumErrors.Label(Code);
}
