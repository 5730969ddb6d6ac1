using System.Net;
using Microsoft.Extensions.Options;

namespace Hashmint.Pool;

/// <summary>
/// How the Stratum pool runs: bound from the "Pool" configuration section (environment variables
/// HASHMINT_Pool__MaxConnectionsPerAddress etc. override) and validated once at start-up. Every limit and timeout a
/// miner can run into is here, with the default documented in docs/POOL.md.
/// </summary>
public sealed class PoolOptions
{
    public const string Section = "Pool";

    /// <summary>TCP port of the Stratum server (0 picks a free one, reported by <see cref="Server.StratumServer.Port"/>).</summary>
    public int Port { get; set; }
    /// <summary>Address to listen on; 0.0.0.0 serves the LAN (BitAxe and other devices), the default only this machine.</summary>
    public string Host { get; set; } = "127.0.0.1";

    // ---- framing and connections ----

    /// <summary>A request line longer than this (bytes, without the newline) is garbage: the connection is closed and banned.</summary>
    public int MaxLineBytes { get; set; } = 4096;
    /// <summary>Messages queued to one miner; a miner that lets the queue fill (does not read) is disconnected.</summary>
    public int SendQueueLength { get; set; } = 64;
    /// <summary>A connection must subscribe and authorize within this time.</summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxConnections { get; set; } = 20_000;
    /// <summary>More simultaneous connections from one IP address than this are refused and the address is banned.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 256;
    /// <summary>How long a ban lasts.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Shares counted per flood window; a connection whose window holds <see cref="InvalidSharePercentToBan"/> invalid ones is banned.</summary>
    public int InvalidShareWindow { get; set; } = 100;
    public int InvalidSharePercentToBan { get; set; } = 90;

    // ---- jobs and shares ----

    /// <summary>A fresh (not clean) job is pushed when the current one is this old, taking in new transactions and time.</summary>
    public TimeSpan JobRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Job generations (one per new block or refresh) remembered for share checks; older jobs are "job not found".</summary>
    public int JobGenerationsKept { get; set; } = 16;
    /// <summary>A share's ntime may be this far past the pool's clock (and never before the job's time).</summary>
    public TimeSpan MaxNtimeAhead { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>The version bits the pool lets miners roll (BIP310), ANDed with the miner's mask.</summary>
    public uint VersionRollingMask { get; set; } = 0x1fffe000;
    /// <summary>PPLNS window N = this × the network difficulty, in share difficulty.</summary>
    public double PplnsWindowFactor { get; set; } = 2;
    /// <summary>The coinbase message of the pool's blocks.</summary>
    public string CoinbaseMessage { get; set; } = "hashmint pool";

    // ---- difficulty ----

    /// <summary>Difficulty of a new connection (before vardiff and suggest_difficulty).</summary>
    public double InitialDifficulty { get; set; } = 0.001;
    /// <summary>Vardiff and suggestions never go below this (the network's difficulty is the ceiling).</summary>
    public double MinDifficulty { get; set; } = 0.000001;
    /// <summary>Vardiff aims at one share per this many seconds per connection.</summary>
    public double TargetShareSeconds { get; set; } = 10;
    /// <summary>Vardiff looks at most this long before deciding, even with few shares.</summary>
    public double RetargetSeconds { get; set; } = 300;
    /// <summary>Vardiff decides after this many shares, however quickly they came.</summary>
    public int RetargetShares { get; set; } = 24;
    /// <summary>Vardiff leaves the difficulty alone while the share rate is within this fraction of the target.</summary>
    public double RetargetVariance { get; set; } = 0.3;
    /// <summary>After a difficulty change, shares at the previous difficulty are still accepted this long.</summary>
    public TimeSpan PreviousDifficultyGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often timeouts, vardiff without shares and job staleness are checked.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IPAddress ListenAddress() => IPAddress.Parse(Host);
}

/// <summary>Every pool setting that cannot work, reported at start-up in one message (one line per problem).</summary>
public sealed class PoolOptionsValidator : IValidateOptions<PoolOptions>
{
    public ValidateOptionsResult Validate(string? name, PoolOptions o)
    {
        var problems = Problems(o);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(PoolOptions o)
    {
        var p = new List<string>();
        if (o.Port is < 0 or > 65535) p.Add($"pool port {o.Port} is out of range 0..65535");
        if (!IPAddress.TryParse(o.Host, out _)) p.Add($"pool host '{o.Host}' is not an IP address");
        if (o.MaxLineBytes is < 256 or > 1024 * 1024) p.Add($"pool MaxLineBytes must be 256..1048576, got {o.MaxLineBytes}");
        if (o.SendQueueLength is < 4 or > 100_000) p.Add($"pool SendQueueLength must be 4..100000, got {o.SendQueueLength}");
        if (o.SubscribeTimeout <= TimeSpan.Zero) p.Add("pool SubscribeTimeout must be positive");
        if (o.IdleTimeout <= TimeSpan.Zero) p.Add("pool IdleTimeout must be positive");
        if (o.MaxConnections < 1) p.Add("pool MaxConnections must be at least 1");
        if (o.MaxConnectionsPerAddress < 1) p.Add("pool MaxConnectionsPerAddress must be at least 1");
        if (o.BanDuration < TimeSpan.Zero) p.Add("pool BanDuration cannot be negative");
        if (o.InvalidShareWindow < 1) p.Add("pool InvalidShareWindow must be at least 1");
        if (o.InvalidSharePercentToBan is < 1 or > 100) p.Add("pool InvalidSharePercentToBan must be 1..100");
        if (o.JobRefreshInterval <= TimeSpan.Zero) p.Add("pool JobRefreshInterval must be positive");
        if (o.JobGenerationsKept is < 2 or > 1024) p.Add("pool JobGenerationsKept must be 2..1024");
        if (o.MaxNtimeAhead < TimeSpan.Zero) p.Add("pool MaxNtimeAhead cannot be negative");
        if (!double.IsFinite(o.PplnsWindowFactor) || o.PplnsWindowFactor <= 0) p.Add("pool PplnsWindowFactor must be a positive number");
        if (o.VersionRollingMask == 0) p.Add("pool VersionRollingMask cannot be 0 (leave the default 1fffe000)");
        if (!double.IsFinite(o.MinDifficulty) || o.MinDifficulty <= 0) p.Add("pool MinDifficulty must be a positive number");
        if (!double.IsFinite(o.InitialDifficulty) || o.InitialDifficulty <= 0) p.Add("pool InitialDifficulty must be a positive number");
        if (!double.IsFinite(o.TargetShareSeconds) || o.TargetShareSeconds <= 0) p.Add("pool TargetShareSeconds must be positive");
        if (!double.IsFinite(o.RetargetSeconds) || o.RetargetSeconds < o.TargetShareSeconds) p.Add("pool RetargetSeconds must be at least TargetShareSeconds");
        if (o.RetargetShares < 2) p.Add("pool RetargetShares must be at least 2");
        if (!double.IsFinite(o.RetargetVariance) || o.RetargetVariance is < 0 or >= 1) p.Add("pool RetargetVariance must be in [0, 1)");
        if (o.PreviousDifficultyGrace < TimeSpan.Zero) p.Add("pool PreviousDifficultyGrace cannot be negative");
        if (o.HousekeepingInterval <= TimeSpan.Zero) p.Add("pool HousekeepingInterval must be positive");
        return p;
    }
}
