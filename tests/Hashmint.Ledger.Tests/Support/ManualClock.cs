namespace Hashmint.Ledger.Tests.Support;

/// <summary>A clock that only moves when told to, so block times and the future-drift rule are deterministic.</summary>
internal sealed class ManualClock(long unixSeconds) : TimeProvider
{
    public long UnixSeconds { get; private set; } = unixSeconds;
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds);
    public void Advance(long seconds) => UnixSeconds += seconds;
}
